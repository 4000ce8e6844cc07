"""TCP: link and IP layers, reassembly per direction with explicit gaps, and conversations."""
