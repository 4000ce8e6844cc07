"""Decoding a framed message: Kaitai parsers to field trees with byte ranges, colours, summaries."""
