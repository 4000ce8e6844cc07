#!/bin/bash
# Captures with the troubles a response-time table and a display filter must get right: errors,
# delays, losses and retransmissions, several clients. The server and the clients each live in their
# own network namespace, joined by tools/captures/delay_switch.py, which delays every frame (with
# jitter, so frames also arrive out of order) and drops some (TCP retransmits them).
#   nfs      nfs-ganesha 4.3 (VFS, NFSv3 + NFSv4.0) at 10.16.0.1; tools/captures/nfs3_trouble_client.py
#            from 10.16.0.2 and 10.16.0.3 (NFSv3 errors, pipelined calls, a same-xid retransmission,
#            PROC_UNAVAIL, a call left unanswered), then libnfs-utils NFSv4.0 (nfs-ls/-cat/-cp) with
#            NOENT and ACCES; switch: delay 2 ms + 0..2 ms jitter, 3 % of frames dropped
#   gluster  glusterfs 10.3 distribute volume of two bricks at 10.16.0.1, FUSE client at 10.16.0.2,
#            a workload whose FOPs fail (ENOENT, EEXIST, ENOTEMPTY, EACCES as another user, ENODATA);
#            switch: delay 2 ms + 0..1 ms jitter, 2 % of frames dropped
#   nbd      nbdkit 1.32 (memory plugin behind the exportname filter: three exports) at 10.16.0.1:10809,
#            libnbd clients (nbdinfo --map, nbdcopy in and out) on each export, one for an export that
#            does not exist; delay 1 ms
# Usage: bash tools/captures/make_trouble.sh [OUTDIR] [PART...]   (default tests/data/holdout16, all parts)
# Runs as root; kills only the PIDs it started, unmounts what it mounted, deletes its namespaces and work dir.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../tests/data/holdout16}
shift || true
PARTS=${*:-nfs gluster nbd}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORK=${WORK:-/tmp/hexview-cap}/trouble
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
SRV=hv-trouble-srv; CLI=hv-trouble-cli
S_IP=10.16.0.1; C_IP=10.16.0.2; C2_IP=10.16.0.3
MY_PIDS=(); MOUNTS=()
IN_S=(nsenter "--net=/run/netns/$SRV"); IN_C=(nsenter "--net=/run/netns/$CLI")   # nsenter: mounts stay visible here

our_pids() {  # the pids in pid files under $WORK whose process still names $WORK
  local f p
  for f in $(find "$WORK" -name '*.pid' 2>/dev/null); do
    p=$(cat "$f" 2>/dev/null)
    [ -n "$p" ] && [ -e "/proc/$p" ] && tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF "$WORK" && echo "$p"
  done
}
cleanup() {
  local m p
  for m in "${MOUNTS[@]}"; do mountpoint -q "$m" && { umount "$m" || umount -l "$m"; }; done
  MOUNTS=()
  for p in $(our_pids) "${MY_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  # rpcbind's command line does not name $WORK: its pid is the one its starter wrote, if it still is rpcbind
  p=$(cat "$WORK/rpcbind.pidfile" 2>/dev/null) && grep -qx rpcbind "/proc/$p/comm" 2>/dev/null && kill "$p"
  rm -f "$WORK/rpcbind.pidfile"
  sleep 1
  for p in $(our_pids) "${MY_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  MY_PIDS=()
}
net_down() { ip netns del "$SRV" 2>/dev/null; ip netns del "$CLI" 2>/dev/null; }
trap 'cleanup; net_down' EXIT

# net_up SWITCH_ARGS... : the two namespaces joined by tools/captures/delay_switch.py (this kernel has
# no sch_netem), which delays, jitters and drops frames in both directions as its arguments say
net_up() {
  net_down
  ip netns add "$SRV" && ip netns add "$CLI" || exit 1
  ip -n "$SRV" link set lo up; ip -n "$CLI" link set lo up
  for ns in "$SRV" "$CLI"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
  rm -f "$WORK/switch.ready"
  python3 "$HERE/delay_switch.py" "$@" "$WORK/switch.ready" "$SRV:eth0" "$CLI:eth0" 2>>"$WORK/switch.err" &
  SWITCH_PID=$!; MY_PIDS+=("$SWITCH_PID")
  for _ in $(seq 50); do [ -s "$WORK/switch.ready" ] && break; sleep 0.1; done
  ip -n "$SRV" addr add "$S_IP/24" dev eth0; ip -n "$SRV" link set eth0 up
  ip -n "$CLI" addr add "$C_IP/24" dev eth0; ip -n "$CLI" addr add "$C2_IP/24" dev eth0; ip -n "$CLI" link set eth0 up
  sleep 0.5
}
cap_start() {  # cap_start NAME FILTER... : tcpdump on the clients' end of the link (response times include the delays)
  rm -f "$OUT/$1.pcap"; : > "$WORK/tcpdump.err"
  local n=$1; shift
  "${IN_C[@]}" tcpdump --immediate-mode -B 16384 -U -nn -i eth0 -s 262144 -w "$OUT/$n.pcap" "$@" 2>"$WORK/tcpdump.err" &
  CAP_PID=$!; MY_PIDS+=("$CAP_PID")
  for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.1; done
  sleep 0.3
}
cap_stop() {
  sleep 1.5
  kill -INT "$CAP_PID" 2>/dev/null; wait "$CAP_PID" 2>/dev/null
  grep -q '^0 packets dropped by kernel' "$WORK/tcpdump.err" || echo "WARNING: tcpdump reports kernel drops" >&2
  echo "== $OUT/$N.pcap: $(tcpdump -r "$OUT/$N.pcap" 2>/dev/null | wc -l) packets, $(stat -c %s "$OUT/$N.pcap") bytes"
}

########## 1. NFS (v3 + v4.0) with errors, delays, losses, two clients
if [[ " $PARTS " == *" nfs "* ]]; then
  N=nfs-trouble-v3-v40
  net_up --jitter 2 --loss 3 --seed 16 2
  mkdir -p "$WORK/export" "$WORK/run"
  cat > "$WORK/ganesha.conf" <<CONF
NFS_CORE_PARAM {
    Protocols = 3, 4; NFS_Port = 2049; MNT_Port = 20048; NLM_Port = 32803; Rquota_Port = 875;
    Bind_addr = $S_IP; Enable_NLM = false; Enable_RQUOTA = false; Enable_NFSACL = false; Enable_UDP = false; Mount_Path_Pseudo = true;
}
NFSV4 { Graceless = true; RecoveryBackend = fs; }
NFS_KRB5 { Active_krb5 = false; }
EXPORT {
    Export_Id = 1; Path = $WORK/export; Pseudo = /export; Access_Type = RW; Squash = No_Root_Squash;
    Protocols = 3, 4; Transports = TCP; SecType = sys; FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
CONF
  # rpcbind (libnfs asks it for the MOUNT port) and ganesha (which registers with it through
  # /run/rpcbind.sock) share a private /run, so they never meet another rpcbind on this machine
  "${IN_S[@]}" unshare -m --propagation private bash -c "mount -t tmpfs none /run && mkdir -p /run/rpcbind &&
     { bash -c 'echo \$\$ > $WORK/rpcbind.pidfile; exec rpcbind -f -w' & sleep 1;
       exec ganesha.nfsd -F -L $WORK/ganesha.log -f $WORK/ganesha.conf -p $WORK/ganesha.pid -N NIV_EVENT; }" &
  MY_PIDS+=("$!")
  for _ in $(seq 60); do grep -q 'NFS SERVER INITIALIZED' "$WORK/ganesha.log" 2>/dev/null && break; sleep 0.5; done
  sleep 1
  printf 'readable by all\n' > "$WORK/export/public.txt"; chmod 644 "$WORK/export/public.txt"
  printf 'root only\n' > "$WORK/export/private.txt"; chmod 600 "$WORK/export/private.txt"
  yes "HEXVIEW-TROUBLE" | head -c 30000 > "$WORK/export/big.bin"
  yes "HEXVIEW-UPLOAD" | head -c 9000 > "$WORK/local.bin"
  cap_start "$N" "host $S_IP and tcp"
  "${IN_C[@]}" python3 "$HERE/nfs3_trouble_client.py" --host "$S_IP" --src "$C_IP" --src2 "$C2_IP"
  V4="version=4"
  "${IN_C[@]}" nfs-ls "nfs://$S_IP/export?$V4"
  "${IN_C[@]}" nfs-ls "nfs://$S_IP/export/no-such-dir?$V4" || true
  "${IN_C[@]}" nfs-cat "nfs://$S_IP/export/no-such-file.txt?$V4" || true
  "${IN_C[@]}" nfs-cat "nfs://$S_IP/export/private.txt?$V4&uid=1000&gid=1000" || true
  "${IN_C[@]}" nfs-cat "nfs://$S_IP/export/public.txt?$V4&uid=1000&gid=1000"
  "${IN_C[@]}" nfs-cp "$WORK/local.bin" "nfs://$S_IP/export/uploaded.bin?$V4"
  "${IN_C[@]}" nfs-cp "nfs://$S_IP/export/big.bin?$V4" "$WORK/downloaded.bin"
  cmp "$WORK/export/big.bin" "$WORK/downloaded.bin" && echo "NFSv4.0 copy verified"
  cap_stop
  cleanup
fi

########## 2. GlusterFS distribute volume, failing FOPs
if [[ " $PARTS " == *" gluster "* ]]; then
  N=gluster-trouble-dist2
  net_up --jitter 1 --loss 2 --seed 17 2
  D=$WORK/gd; mkdir -p "$D"/{wd,run,log} "$D/bricks/b1" "$D/bricks/b2"
  GL="${IN_S[*]} gluster --glusterd-sock=$D/run/glusterd.socket --mode=script"
  "${IN_S[@]}" glusterd -N --log-file="$D/log/glusterd.log" --xlator-option management.working-directory="$D/wd" \
    --xlator-option management.run-directory="$D/run" --xlator-option management.glusterd-sockfile="$D/run/glusterd.socket" &
  MY_PIDS+=("$!")
  for _ in $(seq 100); do $GL volume list >/dev/null 2>&1 && break; sleep 0.2; done
  $GL volume create tvol "$S_IP:$D/bricks/b1" "$S_IP:$D/bricks/b2" force
  for kv in "performance.quick-read off" "performance.io-cache off" "performance.read-ahead off" \
            "performance.readdir-ahead off" "performance.open-behind off" "performance.stat-prefetch off" \
            "performance.write-behind off" "performance.md-cache-timeout 0" "network.ping-timeout 5"; do
    # shellcheck disable=SC2086
    $GL volume set tvol $kv >/dev/null || echo "WARNING: cannot set $kv" >&2
  done
  $GL volume start tvol; sleep 2
  M=$WORK/mnt; mkdir -p "$M"
  cap_start "$N" "host $S_IP and tcp"
  "${IN_C[@]}" glusterfs --volfile-server="$S_IP" --volfile-id=tvol --attribute-timeout=0 --entry-timeout=0 \
    --negative-timeout=0 --pid-file="$WORK/fuse.pid" --log-file="$WORK/fuse.log" "$M"
  MOUNTS+=("$M")
  for _ in $(seq 50); do mountpoint -q "$M" && break; sleep 0.1; done
  sleep 1
  mkdir "$M/dir"; for i in 1 2 3 4 5 6; do echo "file $i" > "$M/dir/f$i.txt"; done
  mkdir "$M/dir" 2>/dev/null                                     # EEXIST
  ls "$M/missing-a" "$M/dir/missing-b" 2>/dev/null               # ENOENT lookups
  cat "$M/dir/missing-c.txt" 2>/dev/null
  rmdir "$M/dir" 2>/dev/null                                     # ENOTEMPTY
  getfattr -n user.absent "$M/dir/f1.txt" 2>/dev/null            # ENODATA
  setfattr -n user.tag -v hello "$M/dir/f2.txt"
  getfattr -n user.tag "$M/dir/f2.txt" >/dev/null
  mkdir "$M/locked"; echo secret > "$M/locked/s.txt"; chmod 700 "$M/locked"; chmod 600 "$M/locked/s.txt"
  setpriv --reuid=1000 --regid=1000 --clear-groups cat "$M/locked/s.txt" 2>/dev/null   # EACCES
  setpriv --reuid=1000 --regid=1000 --clear-groups touch "$M/dir/nope.txt" 2>/dev/null   # EACCES
  dd if=/dev/urandom of="$M/dir/big.bin" bs=16k count=2 status=none; cat "$M/dir/big.bin" > /dev/null
  mv "$M/dir/f3.txt" "$M/dir/g3.txt"; mv "$M/dir/nothere" "$M/dir/x" 2>/dev/null   # ENOENT rename
  rm -f "$M"/dir/*; rmdir "$M/dir"; rm -rf "$M/locked"
  sleep 1; umount "$M"; MOUNTS=()
  cap_stop
  $GL volume stop tvol; $GL volume delete tvol
  cleanup
fi

########## 3. NBD, three exports
if [[ " $PARTS " == *" nbd "* ]]; then
  N=nbd-trouble-3exports
  net_up 1
  "${IN_S[@]}" nbdkit -f -i "$S_IP" -p 10809 --filter=exportname memory 1M exportname=alpha exportname=beta \
    exportname=gamma exportname-strict=true &
  MY_PIDS+=("$!"); sleep 1
  cap_start "$N" "host $S_IP and tcp"
  head -c 20000 /dev/urandom > "$WORK/in.bin"
  for e in alpha beta gamma; do
    "${IN_C[@]}" nbdinfo --map "nbd://$S_IP/$e" || true
    "${IN_C[@]}" nbdcopy "$WORK/in.bin" "nbd://$S_IP/$e"
    "${IN_C[@]}" nbdcopy "nbd://$S_IP/$e" - | head -c 20000 | cmp - "$WORK/in.bin" && echo "export $e verified"
  done
  "${IN_C[@]}" nbdinfo "nbd://$S_IP/delta" 2>&1 | head -2   # no such export: the server refuses it
  cap_stop
  cleanup
fi

cd / && { [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"; }
echo "captures written to $OUT"
