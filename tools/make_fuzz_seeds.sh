#!/bin/sh
# Rewrite tests/data/fuzz: the fuzz targets' seeds in the input forms the bundled
# captures do not already have, each made by the tool whose output it stands for
# (tshark, editcap, tcpdump, xxd, hexdump, od), from tests/data/nbd-tiny-nbdsh.pcap.
# Run from the checkout's top: sh tools/make_fuzz_seeds.sh
set -eu
PCAP=tests/data/nbd-tiny-nbdsh.pcap
OUT=tests/data/fuzz
mkdir -p "$OUT"

# pcapng, as editcap writes it (section header, interface description, enhanced packet blocks)
editcap -F pcapng "$PCAP" "$OUT/nbd-tiny-nbdsh.pcapng"

# tcpdump's header forms the bundled .x/.X/.xx/.XX texts lack: -tttt -e -v (dated, link
# header, continuation lines) and -tt -n -x (epoch seconds)
tcpdump -r "$PCAP" -tttt -e -v -XX 2>/dev/null > "$OUT/nbd-tiny-nbdsh.tttt-e-v-XX.txt"
tcpdump -r "$PCAP" -tt -n -x 2>/dev/null > "$OUT/nbd-tiny-nbdsh.tt-n-x.txt"

# one direction of the stream: the server's bytes (greeting, option replies, replies) as raw
# binary, and that binary as xxd, hexdump -C and od -A x -t x1z show it
tshark -r "$PCAP" -qz follow,tcp,raw,0 2>/dev/null |
	sed -n 's/^\t\([0-9a-f]*\)$/\1/p' | tr -d '\n' | xxd -r -p > "$OUT/nbd-tiny-nbdsh.s2c.bin"
xxd "$OUT/nbd-tiny-nbdsh.s2c.bin" > "$OUT/nbd-tiny-nbdsh.s2c.xxd.txt"
hexdump -C "$OUT/nbd-tiny-nbdsh.s2c.bin" > "$OUT/nbd-tiny-nbdsh.s2c.hexdump.txt"
od -A x -t x1z "$OUT/nbd-tiny-nbdsh.s2c.bin" > "$OUT/nbd-tiny-nbdsh.s2c.od.txt"
# both directions of the NBD and of the GlusterFS conversation as raw binary: the TCP
# reassembly target cuts them into segments of its own
follow() { # pcap direction(c2s|s2c) -> the direction's bytes
	tshark -r "$1" -qz follow,tcp,raw,0 2>/dev/null | sed -n '/^Node 1:/,/^====/p' |
		if [ "$2" = s2c ]; then sed -n 's/^\t\([0-9a-f]*\)$/\1/p'; else sed -n '/^[0-9a-f]\{2,\}$/p'; fi |
		tr -d '\n' | xxd -r -p
}
follow "$PCAP" c2s > "$OUT/nbd-tiny-nbdsh.c2s.bin"
follow tests/data/gluster-tiny-brick-midstream.pcap c2s > "$OUT/gluster-tiny-brick-midstream.c2s.bin"
follow tests/data/gluster-tiny-brick-midstream.pcap s2c > "$OUT/gluster-tiny-brick-midstream.s2c.bin"
# and the client's as bare hex, 32 digits a line
tshark -r "$PCAP" -qz follow,tcp,raw,0 2>/dev/null |
	sed -n '/^[0-9a-f]\{2,\}$/p' | tr -d '\n' | fold -w 32 > "$OUT/nbd-tiny-nbdsh.c2s.hex.txt"
echo >> "$OUT/nbd-tiny-nbdsh.c2s.hex.txt"
