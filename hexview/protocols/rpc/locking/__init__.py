"""File locking beside NFSv2/v3: the Network Lock Manager and the Network Status Monitor."""
