"""NFSv4.x and pNFS on ONC RPC."""
