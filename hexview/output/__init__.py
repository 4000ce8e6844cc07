"""Views of decoded messages: --print text, --json lines, --summary lines, and --jobs workers."""
