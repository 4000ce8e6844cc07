"""Questions across messages: search, per-stream statistics, the store a view keeps."""
