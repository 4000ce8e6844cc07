#!/bin/bash
# Real NFSv3-family captures (NFSv3, MOUNT, portmap/rpcbind, NLM, NSM, NFS ACL) over TCP on loopback.
# Servers (unmodified Debian 12 packages): nfs-ganesha 4.3 (FSAL VFS) on 127.0.0.1 with fixed ports
# (NFS 2049, MOUNT 20048, NLM 32803, RQUOTA 875), rpcbind, rpc.statd (nfs-common, port 32765).
# Clients: libnfs-utils (nfs-ls/nfs-cp/nfs-cat), rpcinfo (rpcbind), showmount (nfs-common), and our own
# test-traffic client tools/captures/nfs3_family_client.py for the calls no packaged client makes.
# Usage: bash tools/captures/make_nfs3.sh [OUTDIR]     (default tests/data/nfs3 in this repository)
# Runs as root; kills only the PIDs it started; removes its work dir.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../tests/data/nfs3}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export DEBIAN_FRONTEND=noninteractive
if ! command -v ganesha.nfsd >/dev/null || ! command -v nfs-ls >/dev/null || ! command -v rpcbind >/dev/null \
   || ! command -v rpc.statd >/dev/null || ! command -v tcpdump >/dev/null || ! command -v tshark >/dev/null; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update && apt-get install -y tcpdump tshark nfs-ganesha nfs-ganesha-vfs libnfs-utils rpcbind nfs-common
fi
WORK=${WORK:-/tmp/hexview-cap}/nfs3
rm -rf "$WORK"; mkdir -p "$WORK"/export "$WORK"/statd/sm "$WORK"/statd/sm.bak; cd "$WORK" || exit 1
MY_PIDS=()
CLIENT=(python3 "$HERE/nfs3_family_client.py")
TS_O="rpc,nfs,mount,portmap,nlm,stat,nfsacl"
MNT_PORT=20048; NLM_PORT=32803; RQUOTA_PORT=875; STATD_PORT=32765; STATD_OUT=32766
PORTS="port 111 or port 2049 or port $MNT_PORT or port $NLM_PORT or port $STATD_PORT or port $STATD_OUT"

# cap_start NAME FILTER... : tcpdump on lo, Ethernet link type, full snaplen
cap_start() {
  local name=$1; shift
  rm -f "$OUT/$name.pcap"; : > "$WORK/tcpdump.err"
  tcpdump --immediate-mode -B 16384 -U -nn -i lo -s 262144 -w "$OUT/$name.pcap" "$@" 2>"$WORK/tcpdump.err" &
  CAP_PID=$!; MY_PIDS+=("$CAP_PID")
  for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.err" && break; sleep 0.1; done
  sleep 0.3
}
cap_stop() {
  sleep 1.5
  kill -INT "$CAP_PID" 2>/dev/null; wait "$CAP_PID" 2>/dev/null
  grep -q '^0 packets dropped by kernel' "$WORK/tcpdump.err" || echo "WARNING: tcpdump reports kernel drops" >&2
}
# convert NAME : .X.txt (tcpdump -nn -X), .tshark.txt (-V -O $TS_O), .tshark.json (-Y rpc, -J frame + $TS_O)
# TS_ARGS: tshark 4.0 takes TCP port 802 (a privileged source port libnfs may pick) for TLS, and does
# not always recognise calls to rpc.statd's port as RPC; both are pinned so every RPC record is decoded.
TS_ARGS=(--disable-protocol tls -d "tcp.port==$STATD_PORT,rpc")
convert() {
  local b=$OUT/$1
  tcpdump -nn -X -r "$b.pcap" > "$b.X.txt" 2>/dev/null
  tshark -r "$b.pcap" "${TS_ARGS[@]}" -V -O "$TS_O" > "$b.tshark.txt" 2>/dev/null
  tshark -r "$b.pcap" "${TS_ARGS[@]}" -Y rpc -T json -J "frame ${TS_O//,/ }" > "$b.tshark.json" 2>/dev/null
  echo "== $1: $(tcpdump -r "$b.pcap" 2>/dev/null | wc -l) packets, $(stat -c %s "$b.pcap") bytes pcap," \
       "$(tshark -r "$b.pcap" "${TS_ARGS[@]}" -Y _ws.malformed 2>/dev/null | wc -l) malformed," \
       "$(tshark -r "$b.pcap" "${TS_ARGS[@]}" -Y 'tcp.len > 0 and not rpc and not tcp.segment_data' 2>/dev/null | wc -l) undecoded"
}
cleanup() {
  for p in "${MY_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  for p in "${MY_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  MY_PIDS=()
}
trap cleanup EXIT

cat > "$WORK/ganesha.conf" <<CONF
NFS_CORE_PARAM {
    Protocols = 3;
    NFS_Port = 2049;
    MNT_Port = $MNT_PORT;
    NLM_Port = $NLM_PORT;
    Rquota_Port = $RQUOTA_PORT;
    Bind_addr = 127.0.0.1;
    Enable_NLM = true;
    Enable_RQUOTA = false;
    Enable_NFSACL = true;
    Enable_UDP = false;
    Mount_Path_Pseudo = true;
}
NFSV4 { Graceless = true; RecoveryBackend = fs; }
NFS_KRB5 { Active_krb5 = false; }
EXPORT {
    Export_Id = 1;
    Path = $WORK/export;
    Pseudo = /export;
    Access_Type = RW;
    Squash = No_Root_Squash;
    Protocols = 3;
    Transports = TCP;
    SecType = sys;
    FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
CONF
mkdir -p /run/rpcbind
rpcbind -f -w &
RPCB_PID=$!; MY_PIDS+=("$RPCB_PID"); sleep 1
# rpc.statd with its own state directory; -L: no reboot notifications to stale peers at start
rpc.statd -F -L -p "$STATD_PORT" -o "$STATD_OUT" -P "$WORK/statd" -n localhost 2>"$WORK/statd.log" &
STATD_PID=$!; MY_PIDS+=("$STATD_PID"); sleep 1
ganesha.nfsd -F -L "$WORK/ganesha.log" -f "$WORK/ganesha.conf" -p "$WORK/ganesha.pid" -N NIV_EVENT &
GAN_PID=$!; MY_PIDS+=("$GAN_PID")
for _ in $(seq 60); do grep -q 'NFS SERVER INITIALIZED' "$WORK/ganesha.log" 2>/dev/null && break; sleep 0.5; done
sleep 1
printf 'seed file on the export\n' > "$WORK/export/seed.txt"
mkdir -p "$WORK/export/subdir"; printf 'in a subdirectory\n' > "$WORK/export/subdir/note.txt"
yes "HEXVIEW-NFS3-SERVER-SIDE-FILE" | head -c 20000 > "$WORK/export/big.bin"
yes "HEXVIEW-NFS3-UPLOAD" | head -c 12000 > "$WORK/local.bin"
rpcinfo -p 127.0.0.1 > "$WORK/rpcinfo-before.txt"
# ganesha has no setting for the NFS ACL port: take the one it registered
NFSACL_PORT=$(awk '$1 == 100227 && $3 == "tcp" {print $4; exit}' "$WORK/rpcinfo-before.txt")
PORTS="$PORTS${NFSACL_PORT:+ or port $NFSACL_PORT}"

########## 1. libnfs NFSv3: portmap GETPORT, MOUNT MNT/UMNT, NFSv3 ops
N=nfs3-libnfs-ls-cp-cat
cap_start "$N" "host 127.0.0.1 and tcp and ($PORTS)"
nfs-ls "nfs://127.0.0.1/export?version=3"
nfs-ls -R "nfs://127.0.0.1/export?version=3"
nfs-cat "nfs://127.0.0.1/export/seed.txt?version=3"
nfs-cp "$WORK/local.bin" "nfs://127.0.0.1/export/uploaded.bin?version=3"
nfs-cp "nfs://127.0.0.1/export/big.bin?version=3" "$WORK/downloaded.bin"
cmp "$WORK/export/big.bin" "$WORK/downloaded.bin" && cmp "$WORK/local.bin" "$WORK/export/uploaded.bin" \
  && echo "libnfs copies verified"
cap_stop; convert "$N"

########## 2. all 22 NFSv3 procedures + MOUNT v3 (and v1/v2) from our client
N=nfs3-allprocs-pyclient
cap_start "$N" "host 127.0.0.1 and tcp and ($PORTS)"
"${CLIENT[@]}" allprocs --big 70000   # one WRITE call and one READ reply over more than one TCP segment
cap_stop; convert "$N"

########## 3. rpcbind v2/v3/v4 (rpcinfo, our client) and MOUNT EXPORT/DUMP (showmount)
N=rpcbind-rpcinfo-showmount
cap_start "$N" "host 127.0.0.1 and tcp and ($PORTS)"
rpcinfo -p 127.0.0.1
rpcinfo -s 127.0.0.1
rpcinfo -m 127.0.0.1
rpcinfo -T tcp 127.0.0.1 100003 3
rpcinfo -T tcp 127.0.0.1 100005
rpcinfo -l 127.0.0.1 100021 4
rpcinfo -t 127.0.0.1 100024 1
showmount -e 127.0.0.1
showmount -a 127.0.0.1
showmount -d 127.0.0.1
"${CLIENT[@]}" rpcbind
cap_stop; convert "$N"

########## 4. NLM v4 (our client, two lock owners) + the NSM traffic it triggers, then NSM calls to statd
N=nlm4-nsm-locks-pyclient
cap_start "$N" "host 127.0.0.1 and ($PORTS)"
"${CLIENT[@]}" nlm
"${CLIENT[@]}" nsm
cap_stop; convert "$N"

########## 5. NFS ACL (program 100227)
N=nfsacl-getacl-pyclient
cap_start "$N" "host 127.0.0.1 and tcp and ($PORTS)"
"${CLIENT[@]}" nfsacl
cap_stop; convert "$N"

########## cleanup
cleanup
grep -E 'CRIT|MAJ|WARN' "$WORK/ganesha.log" | tail -20
cd /; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
echo "NFSv3-family captures written to $OUT"
