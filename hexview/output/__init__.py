"""Views of decoded messages: --print text and --json lines."""
