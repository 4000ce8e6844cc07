"""GlusterFS: every program of glusterfs and glusterd on ONC RPC."""
