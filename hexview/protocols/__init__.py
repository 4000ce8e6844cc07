"""hexview package."""
