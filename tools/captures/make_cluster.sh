#!/bin/bash
# Real GlusterFS captures for the cluster views (fan-out, xattr diff across bricks, several nodes):
#   ec     disperse 3 redundancy 1, one brick killed (kill -9) mid-run, written to while down, restarted
#   afr    replica 3, the same story (AFR pending counters on the bricks that stayed up)
#   nodes  a client and two server nodes in separate network namespaces joined by a switch that delays
#          every frame by 2 ms (tools/captures/delay_switch.py); one capture per node, taken at the same
#          time, plus a copy of node1's capture with its clock shifted by editcap -t 3.5
#   ec6    disperse 6 redundancy 2 (k = 4: 2048-byte stripes), unaligned writes of several sizes, brick 5
#          killed, written to while down, restarted and healed by the client (background heals on)
#   dr     distributed-replicate 2 x 2: files on both replica sets, brick 2 (set 0) killed, written to
#          while down, restarted (heals off: the pending counters stay)
# Servers and clients are the unmodified Debian 12 packages (glusterfs-server/-client 10.3): glusterd with
# a private working and run directory, glusterfsd bricks, the FUSE client `glusterfs`.
# Usage: bash tools/captures/make_cluster.sh [OUTDIR] [PART...]   (default tests/data/cluster, all parts)
# Runs as root (needs /dev/fuse, ip netns); kills only the PIDs it started, unmounts what it mounted,
# deletes the namespaces it made and its work dir.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../tests/data/cluster}
shift || true
PARTS=${*:-ec afr nodes ec6 dr}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export DEBIAN_FRONTEND=noninteractive
if ! command -v glusterd >/dev/null || ! command -v glusterfs >/dev/null || ! command -v tshark >/dev/null \
   || ! command -v editcap >/dev/null || ! command -v tcpdump >/dev/null || ! command -v nsenter >/dev/null; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update && apt-get install -y tcpdump tshark glusterfs-server glusterfs-client attr util-linux iproute2
fi
WORK=${WORK:-/tmp/hexview-cap}/cluster
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
# glusterd puts the bricks' and the self-heal daemon's unix sockets in /var/run/gluster whatever its
# run-directory, and nobody removes them: note the ones there now, remove the new ones at the end
GLUSTER_SOCKETS_BEFORE=$(ls /var/run/gluster/*.socket 2>/dev/null)
MY_PIDS=()     # processes started here and not yet reaped (glusterd, the switch)
CAP_PIDS=()    # the tcpdumps of the current capture
MOUNTS=()      # FUSE mount points made here
NETNS=()       # network namespaces made here
TS_O="rpc,glusterfs,glusterfs.hndsk,gluster.pmap,gluster.dump,gluster.cli,glusterd.mgmt,glusterd.brick,glusterd.friend,glusterfs.cbk"
# client-side caches off, so every command of the workload reaches the bricks as it was issued
PERF_OFF="performance.quick-read off performance.io-cache off performance.read-ahead off
  performance.readdir-ahead off performance.open-behind off performance.stat-prefetch off performance.write-behind off"

# cap_start NAME IFACE NETNS FILTER... : tcpdump (Ethernet link type, full snaplen) on IFACE, in NETNS
# ("" = this namespace); several may run at once (one per node), cap_stop stops them all
cap_start() {
  local name=$1 ifc=$2 ns=$3; shift 3
  local run=(); [ -n "$ns" ] && run=(nsenter "--net=/run/netns/$ns")
  rm -f "$OUT/$name.pcap"; : > "$WORK/$name.tcpdump.err"
  "${run[@]}" tcpdump --immediate-mode -B 16384 -U -nn -i "$ifc" -s 262144 -w "$OUT/$name.pcap" "$@" \
    2>"$WORK/$name.tcpdump.err" &
  CAP_PIDS+=("$!")
  for _ in $(seq 50); do grep -q listening "$WORK/$name.tcpdump.err" && break; sleep 0.1; done
  sleep 0.3
}
cap_stop() {
  sleep 1.5
  for p in "${CAP_PIDS[@]}"; do kill -INT "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  CAP_PIDS=()
  for e in "$WORK"/*.tcpdump.err; do
    grep -q '^0 packets dropped by kernel' "$e" || echo "WARNING: tcpdump reports kernel drops ($e)" >&2
  done
  rm -f "$WORK"/*.tcpdump.err
}
# ev NAME TEXT : note when a step of the workload starts (wall clock, the clock tcpdump stamps with)
ev() { local n=$1; shift; echo "$(date +%s.%N) $*" >> "$WORK/$n.events"; echo "-- $*"; }
# convert NAME [EVENTS_NAME] : tshark's decodes of NAME.pcap, next to it:
#   .tshark.json.gz  tshark -Y rpc -T json -J "frame $TS_O" (gzip -9n: plain it is several MB, as every
#                    EC/AFR operation is three calls and three replies, each ~3 KB of JSON)
#   .tshark-rpc.tsv  one line per frame holding RPC: the RPC header fields (-T fields)
#   .events.txt      each workload step: wall-clock time, first frame captured at or after it, the step
RPC_FIELDS=(frame.number frame.time_epoch tcp.stream ip.src tcp.srcport ip.dst tcp.dstport rpc.msgtyp rpc.xid
  rpc.program rpc.programversion rpc.procedure rpc.reqframe rpc.repframe rpc.time)
convert() {
  local n=$1 evn=${2:-$1} b=$OUT/$1
  tshark -r "$b.pcap" -Y rpc -T json -J "frame ${TS_O//,/ }" 2>/dev/null | gzip -9n > "$b.tshark.json.gz"
  tshark -r "$b.pcap" -Y rpc -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
    "${RPC_FIELDS[@]/#/-e}" > "$b.tshark-rpc.tsv" 2>/dev/null
  if [ -f "$WORK/$evn.events" ]; then
    tshark -r "$b.pcap" -T fields -e frame.number -e frame.time_epoch > "$WORK/$n.times" 2>/dev/null
    awk 'NR == FNR { num[FNR] = $1; t[FNR] = $2; cnt = FNR; next }
         { f = "-"; for (i = 1; i <= cnt; i++) if (t[i] >= $1) { f = num[i]; break }
           line = $0; sub(/^[^ ]+ /, "", line); printf "%s\t%s\t%s\n", $1, f, line }' \
      "$WORK/$n.times" "$WORK/$evn.events" > "$b.events.txt"
    sed -i '1i # time (s since epoch)\tfirst frame at or after it\tstep' "$b.events.txt"
  fi
  echo "== $n: $(tcpdump -r "$b.pcap" 2>/dev/null | wc -l) packets, $(stat -c %s "$b.pcap") bytes pcap," \
       "$(($(wc -l < "$b.tshark-rpc.tsv") - 1)) rpc frames, json.gz $(stat -c %s "$b.tshark.json.gz") bytes"
}
# the pid of one brick's glusterfsd, from `volume status --xml`
brick_pid() {  # brick_pid GLUSTER_CMD VOL BRICK_PATH
  $1 volume status "$2" --xml | python3 -c '
import sys, xml.etree.ElementTree as ET
for node in ET.parse(sys.stdin).iter("node"):
    if node.findtext("path") == sys.argv[1]:
        print(node.findtext("pid"))' "$3"
}
# glusterd 10.3 starts a self-heal daemon for disperse and replica volumes even with the volume's
# self-heal-daemon option off; it keeps connections to every brick and, when a killed brick comes
# back, heals it at once (the stale answers this script wants to capture would be gone) and adds its
# own traffic. Stop it (by the pid file glusterd wrote in our run directory) right after volume start.
kill_shd() {  # kill_shd RUN_DIR
  local f p
  for f in $(find "$1" -name '*-shd.pid'); do
    p=$(cat "$f"); kill "$p"
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    echo "stopped self-heal daemon pid $p"
  done
}
# brick_scripts NAME GLUSTER_CMD VOL BRICK_PATH CONN: writes $WORK/NAME.kill-target (the pid of that
# brick's glusterfsd, for cluster_workload.py to kill -9) and $WORK/NAME.restart.sh (run the same
# glusterfsd command line glusterd had used, then wait until the FUSE client (log $WORK/NAME.fuse.log)
# is attached to CONN a second time)
brick_scripts() {
  local pid; pid=$(brick_pid "$2" "$3" "$4")
  local args=(); mapfile -d '' args < "/proc/$pid/cmdline"
  echo "$pid" > "$WORK/$1.kill-target"
  { printf '%q ' "${args[@]}"; echo
    echo "for _ in \$(seq 120); do"
    echo "  [ \"\$(grep -c 'Connected, attached to remote volume.*conn-name=$5}' $WORK/$1.fuse.log)\" -ge 2 ] && exit 0"
    echo "  sleep 0.25"
    echo "done; echo 'WARNING: $5 did not reconnect' >&2"
  } > "$WORK/$1.restart.sh"
  echo "brick $4: glusterfsd pid $pid"
}
# bricks_state TITLE BRICK_DIR... -- NAME...: every xattr (getfattr -d -m . -e hex) of each NAME (relative to
# the brick root; "." = the root) on each brick, as the brick's file system holds it: ground truth from
# the servers themselves for the xattr values the captured replies carry
bricks_state() {
  local title=$1 dirs=() d f; shift
  while [ "$1" != "--" ]; do dirs+=("$1"); shift; done; shift
  echo "## $title"
  for d in "${dirs[@]}"; do
    for f in "$@"; do
      echo "# brick $d, $f"
      (cd "$d" && getfattr -d -m . -e hex "$f" 2>&1 | grep -v '^# file:\|^$') || true
    done
  done
}
start_glusterd() {  # start_glusterd DIR [NETNS] : private working/run dir, log in DIR; sets GD_PID
  local d=$1 ns=${2:-}; local run=(); [ -n "$ns" ] && run=(nsenter "--net=/run/netns/$ns")
  mkdir -p "$d"/{wd,run,log}
  "${run[@]}" glusterd -N --log-file="$d/log/glusterd.log" \
    --xlator-option management.working-directory="$d/wd" \
    --xlator-option management.run-directory="$d/run" \
    --xlator-option management.glusterd-sockfile="$d/run/glusterd.socket" &
  GD_PID=$!; MY_PIDS+=("$GD_PID")
  for _ in $(seq 100); do gluster --glusterd-sock="$d/run/glusterd.socket" --mode=script volume list \
    >/dev/null 2>&1 && break; sleep 0.2; done
}
set_opts() {  # set_opts GLUSTER_CMD VOL KEY VALUE [KEY VALUE ...]
  local gl=$1 vol=$2; shift 2
  while [ $# -ge 2 ]; do $gl volume set "$vol" "$1" "$2" >/dev/null || echo "WARNING: cannot set $1" >&2; shift 2; done
}
mount_fuse() {  # mount_fuse NAME SERVER VOLUME [NETNS] : FUSE client, no kernel attribute/entry caching
  local m=$WORK/mnt/$1 ns=${4:-}; local run=(); [ -n "$ns" ] && run=(nsenter "--net=/run/netns/$ns")
  mkdir -p "$m"; MOUNTS+=("$m")
  "${run[@]}" glusterfs --volfile-server="$2" --volfile-id="$3" --attribute-timeout=0 --entry-timeout=0 \
    --pid-file="$WORK/$1.fuse.pid" --log-file="$WORK/$1.fuse.log" "$m"
  for _ in $(seq 50); do mountpoint -q "$m" && break; sleep 0.1; done
}
# our_pids: the pids in the pid files under $WORK (bricks, self-heal daemons and FUSE clients daemonize)
# whose process is still one of ours (its command line names $WORK), so a stale pid file never gets
# an unrelated process that reused the number killed
our_pids() {
  local f p
  for f in $(find "$WORK" -name '*.pid' 2>/dev/null); do
    p=$(cat "$f" 2>/dev/null)
    [ -n "$p" ] && tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF "$WORK" && echo "$p"
  done
}
cleanup() {
  local m p
  for m in "${MOUNTS[@]}"; do mountpoint -q "$m" && { umount "$m" || umount -l "$m"; }; done
  MOUNTS=()
  for p in $(our_pids); do kill "$p"; done
  for p in "${CAP_PIDS[@]}" "${MY_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  for p in $(our_pids); do kill -9 "$p"; done
  for p in "${CAP_PIDS[@]}" "${MY_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  MY_PIDS=(); CAP_PIDS=()
  for ns in "${NETNS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  NETNS=()
}
trap cleanup EXIT

H=127.0.0.2   # brick host on loopback (the gluster CLI refuses localhost / 127.0.0.1)

########## 1. disperse 3 redundancy 1, brick 3 (ecvol-client-2) killed mid-run, then restarted
if [[ " $PARTS " == *" ec "* ]]; then
  N=gluster-ec-brick-killed
  rm -f "$OUT/$N".*
  start_glusterd "$WORK/g1"
  GL="gluster --glusterd-sock=$WORK/g1/run/glusterd.socket --mode=script"
  B=$WORK/g1/bricks; mkdir -p "$B"/{e1,e2,e3}
  $GL volume create ecvol disperse 3 redundancy 1 $H:$B/e1 $H:$B/e2 $H:$B/e3 force
  # no self-heal daemon and no client-side background heals: the stale brick stays stale
  # shellcheck disable=SC2086
  set_opts "$GL" ecvol network.ping-timeout 5 cluster.disperse-self-heal-daemon off disperse.background-heals 0 $PERF_OFF
  $GL volume start ecvol; sleep 2
  kill_shd "$WORK/g1/run"
  { echo "## gluster volume info ecvol"; $GL volume info ecvol
    echo "## gluster volume status ecvol (before the capture)"; $GL volume status ecvol; } > "$OUT/$N.servers.txt"
  M=$WORK/mnt/ec
  brick_scripts ec "$GL" ecvol "$B/e3" ecvol-client-2
  cap_start "$N" lo "" "tcp and (port 24007 or host $H)"
  ev $N "mount (GETSPEC, PORTBYBRICK, DUMP, SETVOLUME on 3 bricks)"
  mount_fuse ec $H ecvol
  sleep 1
  python3 "$HERE/cluster_workload.py" ec "$M" "$WORK/$N.events" --kill "$(cat "$WORK/ec.kill-target")" --restart "bash $WORK/ec.restart.sh"
  sleep 1
  ev $N "umount"
  umount "$M"
  cap_stop
  convert $N
  bricks_state "xattrs on the bricks after the run" "$B"/e1 "$B"/e2 "$B"/e3 -- . b.bin c.txt >> "$OUT/$N.servers.txt"
  $GL volume stop ecvol; $GL volume delete ecvol
  cleanup
fi

########## 2. replica 3 (AFR), brick 2 (repvol-client-1) killed mid-run, then restarted
if [[ " $PARTS " == *" afr "* ]]; then
  N=gluster-afr-brick-killed
  rm -f "$OUT/$N".*
  start_glusterd "$WORK/g2"
  GL="gluster --glusterd-sock=$WORK/g2/run/glusterd.socket --mode=script"
  B=$WORK/g2/bricks; mkdir -p "$B"/{r1,r2,r3}
  $GL volume create repvol replica 3 $H:$B/r1 $H:$B/r2 $H:$B/r3 force
  # no self-heal daemon and no client-side heals (data, metadata, entry): pending counters stay
  # shellcheck disable=SC2086
  set_opts "$GL" repvol network.ping-timeout 5 cluster.self-heal-daemon off cluster.data-self-heal off \
    cluster.metadata-self-heal off cluster.entry-self-heal off $PERF_OFF
  $GL volume start repvol; sleep 2
  kill_shd "$WORK/g2/run"
  { echo "## gluster volume info repvol"; $GL volume info repvol
    echo "## gluster volume status repvol (before the capture)"; $GL volume status repvol; } > "$OUT/$N.servers.txt"
  M=$WORK/mnt/afr
  brick_scripts afr "$GL" repvol "$B/r2" repvol-client-1
  cap_start "$N" lo "" "tcp and (port 24007 or host $H)"
  ev $N "mount (GETSPEC, PORTBYBRICK, DUMP, SETVOLUME on 3 bricks)"
  mount_fuse afr $H repvol
  sleep 1
  python3 "$HERE/cluster_workload.py" afr "$M" "$WORK/$N.events" --kill "$(cat "$WORK/afr.kill-target")" --restart "bash $WORK/afr.restart.sh"
  sleep 1
  ev $N "umount"
  umount "$M"
  cap_stop
  convert $N
  bricks_state "xattrs on the bricks after the run" "$B"/r1 "$B"/r2 "$B"/r3 -- rdir rdir/r.bin rdir/new.txt \
    >> "$OUT/$N.servers.txt"
  $GL volume stop repvol; $GL volume delete repvol
  cleanup
fi

########## 3. several nodes: client, node1, node2 in network namespaces, one capture on each
##########    (disperse 3 redundancy 1: bricks n1a, n1b on node1 and n2a on node2)
if [[ " $PARTS " == *" nodes "* ]]; then
  N=gluster-nodes
  rm -f "$OUT/$N"-* "$OUT/$N".*
  DELAY_MS=2
  SHIFT=3.5
  declare -A IP=([client]=192.0.2.10 [node1]=192.0.2.11 [node2]=192.0.2.12)
  for n in client node1 node2; do
    ip netns add "hexview-$n" || exit 1; NETNS+=("hexview-$n")
    ip -n "hexview-$n" link set lo up
    ip netns exec "hexview-$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  python3 "$HERE/delay_switch.py" "$DELAY_MS" "$WORK/switch.ready" \
    hexview-client:eth0 hexview-node1:eth0 hexview-node2:eth0 2>"$WORK/switch.err" &
  MY_PIDS+=("$!")
  for _ in $(seq 50); do [ -s "$WORK/switch.ready" ] && break; sleep 0.1; done
  for n in client node1 node2; do
    ip -n "hexview-$n" addr add "${IP[$n]}/24" dev eth0
    ip -n "hexview-$n" link set eth0 up
  done
  start_glusterd "$WORK/node1" hexview-node1; G1="gluster --glusterd-sock=$WORK/node1/run/glusterd.socket --mode=script"
  start_glusterd "$WORK/node2" hexview-node2
  sleep 1
  $G1 peer probe "${IP[node2]}"; sleep 2; $G1 peer status
  B1=$WORK/node1/bricks; B2=$WORK/node2/bricks; mkdir -p "$B1"/{n1a,n1b} "$B2"/n2a
  $G1 volume create xvol disperse 3 redundancy 1 \
    "${IP[node1]}:$B1/n1a" "${IP[node2]}:$B2/n2a" "${IP[node1]}:$B1/n1b" force
  # shellcheck disable=SC2086
  set_opts "$G1" xvol network.ping-timeout 5 cluster.disperse-self-heal-daemon off disperse.background-heals 0 $PERF_OFF
  $G1 volume start xvol; sleep 3
  kill_shd "$WORK/node1/run"; kill_shd "$WORK/node2/run"
  { echo "## network: one namespace per node, eth0 on a switch that delays every frame by $DELAY_MS ms"
    for n in client node1 node2; do echo "# $n"; ip -n "hexview-$n" -br addr show dev eth0; ip -n "hexview-$n" -br link show dev eth0; done
    echo "## gluster peer status (node1)"; $G1 peer status
    echo "## gluster volume info xvol"; $G1 volume info xvol
    echo "## gluster volume status xvol (before the capture)"; $G1 volume status xvol; } > "$OUT/$N.servers.txt"
  M=$WORK/mnt/nodes
  for n in client node1 node2; do cap_start "$N-$n" eth0 "hexview-$n"; done
  ev $N "mount on client (GETSPEC from node1, bricks on node1 x2 and node2)"
  mount_fuse nodes "${IP[node1]}" xvol hexview-client
  sleep 1
  python3 "$HERE/cluster_workload.py" nodes "$M" "$WORK/$N.events"
  sleep 1
  ev $N "A4 gluster volume status xvol on node1 (glusterd node1 <-> node2: mgmt v3 lock/op/unlock)"
  $G1 volume status xvol > /dev/null
  sleep 1
  ev $N "umount"
  umount "$M"
  cap_stop
  for n in client node1 node2; do convert "$N-$n" "$N"; done
  bricks_state "xattrs on the bricks after the run" "$B1"/n1a "$B2"/n2a "$B1"/n1b -- . y.bin >> "$OUT/$N.servers.txt"
  # the only edit of any capture here: a copy of node1's with every timestamp moved SHIFT seconds later
  # (-F pcap: editcap would otherwise write pcapng)
  editcap -F pcap -t "$SHIFT" "$OUT/$N-node1.pcap" "$OUT/$N-node1-clock-plus-$SHIFT.pcap"
  convert "$N-node1-clock-plus-$SHIFT" none
  # and node2's clock behind: a copy with every timestamp 0.75 s earlier
  editcap -F pcap -t -0.75 "$OUT/$N-node2.pcap" "$OUT/$N-node2-clock-minus-0.75.pcap"
  cat "$WORK/switch.err"
  $G1 volume stop xvol; $G1 volume delete xvol; $G1 peer detach "${IP[node2]}"
  cleanup
fi

########## 4. disperse 6 redundancy 2 (k = 4), brick 5 (dvol-client-4) killed mid-run, restarted, healed
##########    by the client itself (disperse.background-heals on; the self-heal daemon is stopped as above)
if [[ " $PARTS " == *" ec6 "* ]]; then
  N=gluster-ec6-brick-killed-healed
  rm -f "$OUT/$N".*
  start_glusterd "$WORK/g4"
  GL="gluster --glusterd-sock=$WORK/g4/run/glusterd.socket --mode=script"
  B=$WORK/g4/bricks; mkdir -p "$B"/{d1,d2,d3,d4,d5,d6}
  $GL volume create dvol disperse 6 redundancy 2 $H:$B/d1 $H:$B/d2 $H:$B/d3 $H:$B/d4 $H:$B/d5 $H:$B/d6 force
  # shellcheck disable=SC2086
  set_opts "$GL" dvol network.ping-timeout 5 cluster.disperse-self-heal-daemon off disperse.background-heals 8 $PERF_OFF
  $GL volume start dvol; sleep 2
  kill_shd "$WORK/g4/run"
  { echo "## gluster volume info dvol"; $GL volume info dvol
    echo "## gluster volume status dvol (before the capture)"; $GL volume status dvol; } > "$OUT/$N.servers.txt"
  M=$WORK/mnt/ec6
  brick_scripts ec6 "$GL" dvol "$B/d5" dvol-client-4
  cap_start "$N" lo "" "tcp and (port 24007 or host $H)"
  ev $N "mount (GETSPEC, PORTBYBRICK, DUMP, SETVOLUME on 6 bricks)"
  mount_fuse ec6 $H dvol
  sleep 1
  python3 "$HERE/cluster_workload.py" ec6 "$M" "$WORK/$N.events" --kill "$(cat "$WORK/ec6.kill-target")" --restart "bash $WORK/ec6.restart.sh"
  sleep 1
  ev $N "umount"
  umount "$M"
  cap_stop
  convert $N
  bricks_state "xattrs on the bricks after the run" "$B"/d1 "$B"/d2 "$B"/d3 "$B"/d4 "$B"/d5 "$B"/d6 -- . e.bin \
    >> "$OUT/$N.servers.txt"
  $GL volume stop dvol; $GL volume delete dvol
  cleanup
fi

########## 5. distributed-replicate 2 x 2: replica sets (r1, r2) and (r3, r4); brick 2 (drvol-client-1) killed
if [[ " $PARTS " == *" dr "* ]]; then
  N=gluster-dist-rep-2x2-brick-killed
  rm -f "$OUT/$N".*
  start_glusterd "$WORK/g5"
  GL="gluster --glusterd-sock=$WORK/g5/run/glusterd.socket --mode=script"
  B=$WORK/g5/bricks; mkdir -p "$B"/{r1,r2,r3,r4}
  $GL volume create drvol replica 2 $H:$B/r1 $H:$B/r2 $H:$B/r3 $H:$B/r4 force
  # shellcheck disable=SC2086
  set_opts "$GL" drvol network.ping-timeout 5 cluster.self-heal-daemon off cluster.data-self-heal off \
    cluster.metadata-self-heal off cluster.entry-self-heal off $PERF_OFF
  $GL volume start drvol; sleep 2
  kill_shd "$WORK/g5/run"
  { echo "## gluster volume info drvol"; $GL volume info drvol
    echo "## gluster volume status drvol (before the capture)"; $GL volume status drvol; } > "$OUT/$N.servers.txt"
  M=$WORK/mnt/dr
  brick_scripts dr "$GL" drvol "$B/r2" drvol-client-1
  cap_start "$N" lo "" "tcp and (port 24007 or host $H)"
  ev $N "mount (GETSPEC, PORTBYBRICK, DUMP, SETVOLUME on 4 bricks)"
  mount_fuse dr $H drvol
  sleep 1
  python3 "$HERE/cluster_workload.py" dr "$M" "$WORK/$N.events" --kill "$(cat "$WORK/dr.kill-target")" --restart "bash $WORK/dr.restart.sh"
  sleep 1
  ev $N "umount"
  umount "$M"
  cap_stop
  convert $N
  bricks_state "xattrs on the bricks after the run" "$B"/r1 "$B"/r2 "$B"/r3 "$B"/r4 -- . d d/f0 d/f1 d/f2 d/f3 d/g.txt \
    >> "$OUT/$N.servers.txt"
  $GL volume stop drvol; $GL volume delete drvol
  cleanup
fi

cd / && { [ -n "${KEEP_WORK:-}" ] || { rm -rf "$WORK"; rmdir "$(dirname "$WORK")" 2>/dev/null; }; }
for s in /var/run/gluster/*.socket; do
  [ -S "$s" ] || continue
  grep -qxF "$s" <<< "$GLUSTER_SOCKETS_BEFORE" && continue
  ss -xl | grep -qF "$s" || rm -f "$s"   # new and no longer listened on: left by our bricks
done
echo "cluster captures written to $OUT"
