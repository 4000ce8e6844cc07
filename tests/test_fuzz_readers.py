"""Fuzzing every reader: the bundled captures' bytes in each input form, mutated
(flips, cuts, duplicated and dropped spans, words set to 0/1/2^31/2^32-1/2^64-1, CRLF,
invalid UTF-8, NULs, markup and escapes, a line past the reader's cap), then read,
framed, decoded and written as --json and --print. The properties are tests/fuzzing.py's.

The forms: tcpdump text -x, -xx, -X, -XX (bundled), -tttt -e -v -XX and -tt -n -x,
pcap, pcapng (editcap), xxd, hexdump -C, od -A x -t x1z, bare hex and raw binary
(tests/data/fuzz, made by tools/make_fuzz_seeds.sh). pcap and pcapng also get
structure-aware damage: a record's or block's length fields set to the special values,
records duplicated, dropped and swapped, a TCP segment's sequence number moved.
"""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import DATA, SPECIAL_U32, apply, check_run, mutations, run_input, same_output_again

FUZZ = DATA / "fuzz"
SEEDS = {
    "tcpdump-x": (DATA / "nbd-tiny-nbdsh.x.txt", "tcpdump"),
    "tcpdump-xx": (DATA / "nbd-tiny-nbdsh.xx.txt", "tcpdump"),
    "tcpdump-X": (DATA / "nbd-tiny-nbdsh.X.txt", "tcpdump"),
    "tcpdump-XX": (DATA / "nbd-tiny-nbdsh.XX.txt", "tcpdump"),
    "tcpdump-X-gluster": (DATA / "gluster-tiny-brick-midstream.X.txt", "tcpdump"),
    "tcpdump-tttt-e-v-XX": (FUZZ / "nbd-tiny-nbdsh.tttt-e-v-XX.txt", "tcpdump"),
    "tcpdump-tt-n-x": (FUZZ / "nbd-tiny-nbdsh.tt-n-x.txt", "tcpdump"),
    "pcap": (DATA / "nbd-tiny-nbdsh.pcap", "pcap"),
    "pcap-gluster": (DATA / "gluster-tiny-brick-midstream.pcap", "pcap"),
    "pcapng": (FUZZ / "nbd-tiny-nbdsh.pcapng", "pcapng"),
    "xxd": (FUZZ / "nbd-tiny-nbdsh.s2c.xxd.txt", "xxd"),
    "hexdump": (FUZZ / "nbd-tiny-nbdsh.s2c.hexdump.txt", "hexdump"),
    "od": (FUZZ / "nbd-tiny-nbdsh.s2c.od.txt", "od"),
    "hex": (FUZZ / "nbd-tiny-nbdsh.c2s.hex.txt", "hex"),
    "raw": (FUZZ / "nbd-tiny-nbdsh.s2c.bin", "raw"),
}


def _seed(name: str) -> tuple[bytes, str]:
    path, fmt = SEEDS[name]
    return path.read_bytes(), fmt


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_reads_in_its_form(name):
    """The seeds themselves: detected as their form, and every property holds."""
    data, fmt = _seed(name)
    run = run_input(data)
    assert run.fmt == fmt
    assert run.messages
    check_run(run, len(data))


@pytest.mark.parametrize("name", sorted(SEEDS))
@given(ops=mutations(), forced=st.booleans())
def test_mutated_input(name, ops, forced):
    """A seed mutated at the byte level, read detected or forced to its own form."""
    data, fmt = _seed(name)
    mutated = apply(data, ops)
    run = run_input(mutated, fmt if forced else "auto")
    check_run(run, len(mutated))
    same_output_again(mutated, fmt if forced else "auto", run)


# -- structure-aware: capture files ---------------------------------------------------------


def pcap_records(data: bytes) -> tuple[bytes, list[bytes]]:
    """(file header, records) of a little-endian microsecond pcap."""
    header, pos, records = data[:24], 24, []
    while pos + 16 <= len(data):
        incl = struct.unpack_from("<I", data, pos + 8)[0]
        records.append(data[pos : pos + 16 + incl])
        pos += 16 + incl
    return header, records


RECORD_OP = st.one_of(
    st.tuples(st.just("incl_len"), st.integers(0, 99), st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("orig_len"), st.integers(0, 99), st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("duplicate"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("drop"), st.integers(0, 99)),
    st.tuples(st.just("swap"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("seq"), st.integers(0, 99), st.integers(-3000, 3000)),
    st.tuples(st.just("snaplen"), st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("linktype"), st.sampled_from((0, 1, 101, 113, 228, 229, 276, 108, 0xFFFF))),
)


def damage_pcap(data: bytes, ops: list[tuple]) -> bytes:
    header, records = pcap_records(data)
    header = bytearray(header)
    for op in ops:
        kind = op[0]
        if kind == "snaplen":
            struct.pack_into("<I", header, 16, op[1])
            continue
        if kind == "linktype":
            struct.pack_into("<I", header, 20, op[1])
            continue
        if not records:
            break
        i = op[1] % len(records)
        rec = bytearray(records[i])
        if kind in ("incl_len", "orig_len"):
            struct.pack_into("<I", rec, 8 if kind == "incl_len" else 12, op[2])
            records[i] = bytes(rec)
        elif kind == "duplicate":
            records.insert(op[2] % (len(records) + 1), records[i])
        elif kind == "drop":
            del records[i]
        elif kind == "swap":
            j = op[2] % len(records)
            records[i], records[j] = records[j], records[i]
        elif kind == "seq" and len(rec) >= 16 + 14 + 20 + 8:
            ihl = (rec[16 + 14] & 0x0F) * 4  # Ethernet, then IPv4's header length
            at = 16 + 14 + ihl + 4
            if at + 4 <= len(rec):
                seq = (struct.unpack_from("!I", rec, at)[0] + op[2]) & 0xFFFFFFFF
                struct.pack_into("!I", rec, at, seq)
                records[i] = bytes(rec)
    return bytes(header) + b"".join(records)


@pytest.mark.parametrize("name", ["pcap", "pcap-gluster"])
@given(ops=st.lists(RECORD_OP, min_size=1, max_size=6))
def test_pcap_records_damaged(name, ops):
    """pcap records with wrong lengths, duplicated (retransmitted), dropped (lost),
    reordered, or with a TCP sequence number moved (overlaps and holes)."""
    data, fmt = _seed(name)
    damaged = damage_pcap(data, ops)
    run = run_input(damaged, fmt)
    check_run(run, len(damaged))


def pcapng_blocks(data: bytes) -> list[bytes]:
    blocks, pos = [], 0
    while pos + 12 <= len(data):
        length = struct.unpack_from("<I", data, pos + 4)[0]
        blocks.append(data[pos : pos + length])
        pos += length
    return blocks


BLOCK_OP = st.one_of(
    st.tuples(st.just("total_length"), st.integers(0, 99), st.sampled_from(SPECIAL_U32 + (8, 12, 13))),
    st.tuples(st.just("trailing_length"), st.integers(0, 99), st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("captured_length"), st.integers(0, 99), st.sampled_from(SPECIAL_U32)),
    st.tuples(st.just("interface"), st.integers(0, 99), st.sampled_from((0, 1, 2, 0xFFFFFFFF))),
    st.tuples(st.just("option"), st.integers(0, 99), st.sampled_from((0, 1, 0xFFFF)), st.sampled_from((0, 1, 0xFFFF))),
    st.tuples(st.just("duplicate"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("drop"), st.integers(0, 99)),
)


def damage_pcapng(data: bytes, ops: list[tuple]) -> bytes:
    blocks = pcapng_blocks(data)
    for op in ops:
        if not blocks:
            break
        i = op[1] % len(blocks)
        b = bytearray(blocks[i])
        kind = op[0]
        if kind == "total_length" and len(b) >= 8:
            struct.pack_into("<I", b, 4, op[2])
        elif kind == "trailing_length" and len(b) >= 12:
            struct.pack_into("<I", b, len(b) - 4, op[2])
        elif kind == "captured_length" and len(b) >= 28 and b[:4] == b"\x06\x00\x00\x00":
            struct.pack_into("<I", b, 20, op[2])
        elif kind == "interface" and len(b) >= 12 and b[:4] == b"\x06\x00\x00\x00":
            struct.pack_into("<I", b, 8, op[2])
        elif kind == "option" and len(b) >= 24 and b[:4] == b"\x01\x00\x00\x00":
            struct.pack_into("<HH", b, 16, op[2], op[3])  # the interface's first option
        elif kind == "duplicate":
            blocks.insert(op[2] % (len(blocks) + 1), blocks[i])
            continue
        elif kind == "drop":
            del blocks[i]
            continue
        blocks[i] = bytes(b)
    return b"".join(blocks)


@given(ops=st.lists(BLOCK_OP, min_size=1, max_size=6))
def test_pcapng_blocks_damaged(ops):
    data, fmt = _seed("pcapng")
    damaged = damage_pcapng(data, ops)
    run = run_input(damaged, "auto")
    check_run(run, len(damaged))
