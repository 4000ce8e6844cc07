"""Protocols: the registry the core asks, framing helpers, and one registration per protocol
(nbd, ocfs2, pohmelfs here; ONC RPC and the programs on it in rpc/)."""
