"""ONC RPC (RFC 5531): record marking, xid pairing, the program table, and the programs on it."""
