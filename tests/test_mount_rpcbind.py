"""MOUNT (RFC 1813 appendix I, RFC 1094 appendix A) and portmap/rpcbind (RFC 1833), from hand-built XDR.

Every body here is written from the RFCs' XDR: each exchange runs through the whole
pipeline (TCP reassembly, RPC framing, pairing, decoding) and the test checks field
names, values and byte ranges. Then the port learning: a GETPORT or GETADDR reply
names the port a program listens on, and a conversation on that port that a capture
caught mid-way -- opening with a reply, or in the middle of a record -- is that
program's, in the pipeline that read the reply and in no other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hexview.decode.universal_address import show_uaddr, split_uaddr
from hexview.pipeline import Pipeline
from hexview.protocols.context import MAX_EXPECTED, DecodeContext
from hexview.protocols.registry import by_name
from hexview.readers import open_input
from tcp_packets import conversation_packets, raw_packet
from test_nfs_bodies import call, opaque, record, reply, string, u32

CLIENT, MOUNTD = ("10.0.0.1", 901), ("10.0.0.2", 20048)
RPCBIND = ("10.0.0.2", 111)
MOUNT, PORTMAP = 100005, 100000
ARGS_AT = 4 + 40  # record mark, then a call header with AUTH_NONE credential and verifier
RESULTS_AT = 4 + 24  # record mark, then an accepted reply header with an AUTH_NONE verifier
FH = bytes.fromhex("01000701a1b2c3d4e5f60718293a4b5c")


def exchange(server, *sends: tuple[str, bytes], pipeline: Pipeline | None = None) -> list:
    return list((pipeline or Pipeline()).run(conversation_packets(sends, CLIENT, server)))


def field(message, path: str):
    """The field at a dotted path of names from the top of the tree, e.g. 'results.port'."""
    names = path.split(".")
    found = next(f for f in message.decode().fields if f.name == names[0])
    for name in names[1:]:
        found = next(c for c in found.children if c.name == name)
    return found


def at(message, path: str) -> tuple:
    f = field(message, path)
    return f.value, f.start, f.end


def outcome(message) -> tuple[str, bool]:
    """The message list's info column and failed flag."""
    found = message.decode().outcome
    return found.info, found.failed


def no_errors(*messages) -> None:
    for m in messages:
        assert not m.decode().errors, (m.name, m.decode().errors)


# -- MOUNT -----------------------------------------------------------------------------


def test_mnt_v3_grants_the_root_filehandle_and_flavours():
    c, r = exchange(
        MOUNTD,
        ("c", record(call(0x10, MOUNT, 3, 1, string("/export")))),
        ("s", record(reply(0x10, u32(0) + opaque(FH) + u32(2, 1, 390004)))),
    )
    no_errors(c, r)
    assert (c.name, r.name, r.pair) == ("MOUNT MNT call", "MOUNT MNT reply", c)
    assert c.conversation.protocol.name == "MOUNT"
    assert at(c, "args.dirpath.value") == ("/export", ARGS_AT + 4, ARGS_AT + 11)
    assert at(c, "args.dirpath.padding")[1:] == (ARGS_AT + 11, ARGS_AT + 12)
    status = field(r, "results.mountres3.fhs_status")
    assert (status.value, status.show, status.start, status.end) == (0, "MNT3_OK (0)", RESULTS_AT, RESULTS_AT + 4)
    assert at(r, "results.mountres3.fhandle.length") == (16, RESULTS_AT + 4, RESULTS_AT + 8)
    assert at(r, "results.mountres3.fhandle.data") == (FH.hex(), RESULTS_AT + 8, RESULTS_AT + 24)
    flavors = field(r, "results.mountres3.auth_flavors")
    assert at(r, "results.mountres3.auth_flavors.count") == (2, RESULTS_AT + 24, RESULTS_AT + 28)
    assert [(f.value, f.show, f.start) for f in field(r, "results.mountres3.auth_flavors.flavors").children] == [
        (1, "AUTH_SYS (1)", RESULTS_AT + 28),
        (390004, "Unknown (390004)", RESULTS_AT + 32),  # RPCSEC_GSS krb5i pseudo-flavour, not in the table
    ]
    assert flavors.end == r.length
    assert (c.decode().outcome.info, r.decode().outcome.info, r.decode().outcome.failed) == (
        "MNT /export",
        "OK fh 01000701…",
        False,
    )


@pytest.mark.parametrize(
    ("stat", "name"),
    [(1, "MNT3ERR_PERM"), (2, "MNT3ERR_NOENT"), (13, "MNT3ERR_ACCES"), (10004, "MNT3ERR_NOTSUPP")],
)
def test_a_refused_mnt_v3_says_why_and_is_failed(stat, name):
    c, r = exchange(
        MOUNTD,
        ("c", record(call(0x11, MOUNT, 3, 1, string("/secret")))),
        ("s", record(reply(0x11, u32(stat)))),
    )
    no_errors(r)
    assert field(r, "results.mountres3.fhs_status").show == f"{name} ({stat})"
    assert [c.name for c in field(r, "results.mountres3").children] == ["fhs_status"]
    assert (r.decode().outcome.info, r.decode().outcome.failed) == (name, True)


def test_mnt_v1_returns_a_fixed_32_byte_filehandle():
    fh = bytes(range(32))
    c, r = exchange(
        MOUNTD,
        ("c", record(call(0x12, MOUNT, 1, 1, string("/a")))),
        ("s", record(reply(0x12, u32(0) + fh))),
    )
    no_errors(c, r)
    assert at(r, "results.fhstatus.status") == (0, RESULTS_AT, RESULTS_AT + 4)
    assert at(r, "results.fhstatus.fhandle") == (fh.hex(), RESULTS_AT + 4, RESULTS_AT + 36)
    assert r.decode().outcome.info == "OK fh 00010203…"
    _, refused = exchange(
        MOUNTD,
        ("c", record(call(0x13, MOUNT, 1, 1, string("/a")))),
        ("s", record(reply(0x13, u32(13)))),  # fhs_status: a UNIX errno, EACCES
    )
    assert (refused.decode().outcome.info, refused.decode().outcome.failed) == ("EACCES", True)


def test_dump_lists_every_client_and_directory():
    mounts = u32(1) + string("client-a") + string("/export") + u32(1) + string("client-b") + string("/export/sub") + u32(0)
    c, r = exchange(MOUNTD, ("c", record(call(0x14, MOUNT, 3, 2, b""))), ("s", record(reply(0x14, mounts))))
    no_errors(c, r)
    entries = field(r, "results.mountlist.entries").children
    assert at(r, "results.mountlist.value_follows") == (1, RESULTS_AT, RESULTS_AT + 4)
    assert [(at_(e, "hostname"), at_(e, "directory")) for e in entries] == [
        ("client-a", "/export"),
        ("client-b", "/export/sub"),
    ]
    first = entries[0]
    assert (first.start, first.end) == (RESULTS_AT + 4, RESULTS_AT + 4 + 12 + 12 + 4)
    assert r.decode().outcome.info == "DUMP 2 mounts"


def at_(entry, name: str):
    return next(c for c in next(c for c in entry.children if c.name == name).children if c.name == "value").value


def test_export_lists_directories_with_their_groups():
    body = (
        u32(1)
        + string("/export")
        + u32(1)
        + string("10.0.0.0/24")
        + u32(1)
        + string("trusted")
        + u32(0)  # end of /export's groups
        + u32(1)  # another export follows
        + string("/public")
        + u32(0)  # no groups: everyone
        + u32(0)
    )
    c, r = exchange(MOUNTD, ("c", record(call(0x15, MOUNT, 3, 5, b""))), ("s", record(reply(0x15, body))))
    no_errors(c, r)
    exports = field(r, "results.exports.entries").children
    assert [at_(e, "directory") for e in exports] == ["/export", "/public"]
    groups = next(g for g in exports[0].children if g.name == "groups")
    assert [at_(g, "name") for g in next(c for c in groups.children if c.name == "entries").children] == [
        "10.0.0.0/24",
        "trusted",
    ]
    assert [c.name for c in next(g for g in exports[1].children if g.name == "groups").children] == ["value_follows"]
    assert field(r, "results.exports").end == r.length
    assert (c.decode().outcome.info, r.decode().outcome.info) == ("MOUNT EXPORT", "EXPORT 2 exports")


def test_umnt_names_its_directory_and_void_procedures_decode_clean():
    c, r = exchange(MOUNTD, ("c", record(call(0x16, MOUNT, 3, 3, string("/export")))), ("s", record(reply(0x16, b""))))
    no_errors(c, r)
    assert (c.name, c.decode().outcome.info, r.name) == ("MOUNT UMNT call", "UMNT /export", "MOUNT UMNT reply")
    c, r = exchange(MOUNTD, ("c", record(call(0x17, MOUNT, 3, 4, b""))), ("s", record(reply(0x17, b""))))
    no_errors(c, r)
    assert c.name == "MOUNT UMNTALL call"
    for vers in (1, 2, 3):
        c, r = exchange(MOUNTD, ("c", record(call(0x18, MOUNT, vers, 0, b""))), ("s", record(reply(0x18, b""))))
        no_errors(c, r)
        assert c.name == "MOUNT NULL call"


# -- portmap v2 --------------------------------------------------------------------------


def mapping(prog: int, vers: int, prot: int, port: int) -> bytes:
    return u32(prog, vers, prot, port)


def test_getport_asks_for_a_program_and_gets_its_port():
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x20, PORTMAP, 2, 3, mapping(MOUNT, 3, 6, 0)))),
        ("s", record(reply(0x20, u32(20048)))),
    )
    no_errors(c, r)
    assert c.conversation.protocol.name == "PORTMAP"
    assert (c.name, r.name) == ("PORTMAP GETPORT call", "PORTMAP GETPORT reply")
    assert at(c, "args.mapping.prog") == (MOUNT, ARGS_AT, ARGS_AT + 4)
    assert at(c, "args.mapping.vers") == (3, ARGS_AT + 4, ARGS_AT + 8)
    prot = field(c, "args.mapping.prot")
    assert (prot.value, prot.show, prot.start, prot.end) == (6, "TCP (6)", ARGS_AT + 8, ARGS_AT + 12)
    assert at(c, "args.mapping.port") == (0, ARGS_AT + 12, ARGS_AT + 16)
    assert at(r, "results.port") == (20048, RESULTS_AT, RESULTS_AT + 4)
    assert (c.decode().outcome.info, r.decode().outcome.info, r.decode().outcome.failed) == (
        "GETPORT MOUNT v3 tcp",
        "port 20048",
        False,
    )
    _, absent = exchange(
        RPCBIND,
        ("c", record(call(0x21, PORTMAP, 2, 3, mapping(400123, 1, 17, 0)))),
        ("s", record(reply(0x21, u32(0)))),
    )
    assert (absent.pair.decode().outcome.info, absent.decode().outcome.failed) == ("GETPORT program 400123 v1 udp", True)


def test_set_unset_dump_and_callit_v2():
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x22, PORTMAP, 2, 1, mapping(MOUNT, 3, 6, 20048)))),
        ("s", record(reply(0x22, u32(1)))),
    )
    no_errors(c, r)
    assert (c.decode().outcome.info, r.decode().outcome.info) == ("SET MOUNT v3 tcp port 20048", "SET done")
    assert at(r, "results.success") == (1, RESULTS_AT, RESULTS_AT + 4)
    listing = u32(1) + mapping(PORTMAP, 2, 6, 111) + u32(1) + mapping(MOUNT, 3, 17, 20048) + u32(0)
    c, r = exchange(RPCBIND, ("c", record(call(0x23, PORTMAP, 2, 4, b""))), ("s", record(reply(0x23, listing))))
    no_errors(c, r)
    entries = field(r, "results.pmaplist.entries").children
    assert [[x.value for x in next(m for m in e.children if m.name == "map").children] for e in entries] == [
        [PORTMAP, 2, 6, 111],
        [MOUNT, 3, 17, 20048],
    ]
    assert r.decode().outcome.info == "DUMP 2 mappings"
    forwarded = u32(MOUNT, 3, 0) + opaque(b"")
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x24, PORTMAP, 2, 5, forwarded))),
        ("s", record(reply(0x24, u32(20048) + opaque(b"\x00\x00\x00\x01")))),
    )
    no_errors(c, r)
    assert [f.name for f in field(c, "args.call_args").children] == ["prog", "vers", "proc", "args"]
    assert at(r, "results.call_result.port") == (20048, RESULTS_AT, RESULTS_AT + 4)
    assert at(r, "results.call_result.res.data") == ("00000001", RESULTS_AT + 8, RESULTS_AT + 12)
    assert c.decode().outcome.info == "CALLIT MOUNT v3 proc 0"


# -- rpcbind v3 and v4 ---------------------------------------------------------------------


def rpcb(prog: int, vers: int, netid: str, addr: str, owner: str) -> bytes:
    return u32(prog, vers) + string(netid) + string(addr) + string(owner)


def test_getaddr_answers_a_universal_address_shown_as_address_and_port():
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x30, PORTMAP, 3, 3, rpcb(MOUNT, 3, "tcp", "127.0.0.1.0.111", "libtirpc")))),
        ("s", record(reply(0x30, string("127.0.0.1.78.80")))),
    )
    no_errors(c, r)
    assert (c.name, r.name) == ("PORTMAP GETADDR call", "PORTMAP GETADDR reply")
    assert at(c, "args.rpcb.netid.value") == ("tcp", ARGS_AT + 12, ARGS_AT + 15)
    addr = field(c, "args.rpcb.addr.value")
    assert (addr.value, addr.show, addr.start, addr.end) == ("127.0.0.1.0.111", "127.0.0.1:111", ARGS_AT + 20, ARGS_AT + 35)
    assert at(c, "args.rpcb.owner.value") == ("libtirpc", ARGS_AT + 40, ARGS_AT + 48)
    answer = field(r, "results.addr.value")
    assert (answer.value, answer.show, answer.start, answer.end) == ("127.0.0.1.78.80", "127.0.0.1:20048", 32, 47)
    assert (c.decode().outcome.info, r.decode().outcome.info) == ("GETADDR MOUNT v3 tcp", "127.0.0.1:20048")
    _, absent = exchange(
        RPCBIND,
        ("c", record(call(0x31, PORTMAP, 4, 3, rpcb(400123, 1, "tcp6", "", "")))),
        ("s", record(reply(0x31, string("")))),
    )
    no_errors(absent)
    assert (absent.decode().outcome.info, absent.decode().outcome.failed) == ("not registered", True)


def test_dump_v3_and_getaddrlist_v4():
    listing = (
        u32(1)
        + rpcb(100003, 3, "tcp6", "::.8.1", "superuser")
        + u32(1)
        + rpcb(100003, 3, "local", "/run/rpcbind.sock", "superuser")
        + u32(0)
    )
    c, r = exchange(RPCBIND, ("c", record(call(0x32, PORTMAP, 3, 4, b""))), ("s", record(reply(0x32, listing))))
    no_errors(c, r)
    maps = [next(m for m in e.children if m.name == "map") for e in field(r, "results.rpcblist.entries").children]
    shown = [next(c for c in next(x for x in m.children if x.name == "addr").children if c.name == "value").show for m in maps]
    assert shown == ["[::]:2049", "'/run/rpcbind.sock'"]
    assert r.decode().outcome.info == "DUMP 2 registrations"
    entry = string("127.0.0.1.8.1") + string("tcp") + u32(3) + string("inet") + string("tcp") + u32(0)
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x33, PORTMAP, 4, 11, rpcb(100003, 3, "tcp", "", "")))),
        ("s", record(reply(0x33, u32(1) + entry))),
    )
    no_errors(c, r)
    (e,) = field(r, "results.entries.entries").children
    semantics = next(x for x in e.children if x.name == "nc_semantics")
    assert (semantics.value, semantics.show) == (3, "NC_TPI_COTS_ORD (3)")
    assert [x.name for x in e.children] == ["maddr", "nc_netid", "nc_semantics", "nc_protofmly", "nc_proto", "next_follows"]
    assert r.decode().outcome.info == "GETADDRLIST 1 address"


def test_gettime_taddr_and_getstat():
    c, r = exchange(RPCBIND, ("c", record(call(0x34, PORTMAP, 3, 6, b""))), ("s", record(reply(0x34, u32(1700000000)))))
    no_errors(c, r)
    assert at(r, "results.time") == (1700000000, RESULTS_AT, RESULTS_AT + 4)
    assert r.decode().outcome.info == "2023-11-14 22:13:20 UTC"
    sockaddr = bytes.fromhex("000208017f000001") + bytes(8)  # sockaddr_in: AF_INET, port 2049, 127.0.0.1
    c, r = exchange(
        RPCBIND,
        ("c", record(call(0x35, PORTMAP, 4, 8, u32(16) + opaque(sockaddr)))),
        ("s", record(reply(0x35, string("127.0.0.1.8.1")))),
    )
    no_errors(c, r)
    assert at(c, "args.taddr.maxlen") == (16, ARGS_AT, ARGS_AT + 4)
    assert at(c, "args.taddr.buf.data") == (sockaddr.hex(), ARGS_AT + 8, ARGS_AT + 24)
    assert r.decode().outcome.info == "127.0.0.1:2049"
    addrs = u32(1) + u32(100003, 3, 2, 0) + string("tcp") + u32(0)
    calls = u32(0)
    one = u32(*range(13)) + u32(1, 0) + addrs + calls
    empty = bytes(13 * 4) + u32(0, 0) + u32(0) + u32(0)
    c, r = exchange(RPCBIND, ("c", record(call(0x36, PORTMAP, 4, 12, b""))), ("s", record(reply(0x36, empty + empty + one))))
    no_errors(c, r)
    stats = field(r, "results.stats").children
    assert len(stats) == 3
    v4 = stats[2]
    info = next(x for x in v4.children if x.name == "info")
    assert info.value == list(range(13))
    addrinfo = next(x for x in v4.children if x.name == "addrinfo")
    (lookup,) = next(x for x in addrinfo.children if x.name == "entries").children
    assert [x.value for x in lookup.children if x.name in ("prog", "vers", "success", "failure")] == [100003, 3, 2, 0]
    assert field(r, "results").end == r.length


# -- universal addresses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "split", "shown"),
    [
        ("127.0.0.1.8.1", ("127.0.0.1", 2049), "127.0.0.1:2049"),
        ("0.0.0.0.0.111", ("0.0.0.0", 111), "0.0.0.0:111"),
        ("::1.8.1", ("::1", 2049), "[::1]:2049"),
        ("::ffff:127.0.0.1.159.221", ("::ffff:127.0.0.1", 40925), "[::ffff:127.0.0.1]:40925"),
        ("fe80::1.78.80", ("fe80::1", 20048), "[fe80::1]:20048"),
        ("/run/rpcbind.sock", None, "'/run/rpcbind.sock'"),
        ("", None, "''"),
        ("127.0.0.1.256.1", None, "'127.0.0.1.256.1'"),
        ("host.example.8.1", None, "'host.example.8.1'"),
        ("127.0.0.1", None, "'127.0.0.1'"),  # no port at all: 127.0 is no address
    ],
)
def test_universal_addresses(text, split, shown):
    assert split_uaddr(text) == split
    assert show_uaddr(text) == shown


# -- learning the ports a portmapper names ---------------------------------------------------

LEARNED_PORT = 40123  # not MOUNT's well-known 20048: only the GETPORT reply can say what it is
MOUNT_SERVER, MOUNT_CLIENT = ("10.0.0.2", LEARNED_PORT), ("10.0.0.1", 950)


def getport_exchange() -> list:
    return [
        ("c", record(call(0x40, PORTMAP, 2, 3, mapping(MOUNT, 3, 6, 0)))),
        ("s", record(reply(0x40, u32(LEARNED_PORT)))),
    ]


def reply_first_mount_conversation(first_number: int) -> list:
    """A MOUNT connection caught mid-way: the server's EXPORT and MNT replies, whose
    calls were before the capture. No SYN says who is the server, and no call names
    the program: only the port can."""
    sends = [
        record(reply(0x50, u32(1) + string("/export") + u32(0, 0))),
        record(reply(0x51, u32(0) + opaque(FH) + u32(1, 1))),
    ]
    packets, seq = [], 7000
    for i, data in enumerate(sends):
        packets.append(raw_packet(first_number + i, MOUNT_SERVER, MOUNT_CLIENT, seq, data))
        seq += len(data)
    return packets


def mid_record_mount_conversation(first_number: int) -> list:
    """A MOUNT connection whose first bytes are the tail of a record (an MNT reply's
    filehandle), then a whole UMNT call."""
    tail = FH + u32(1, 1)
    return [
        raw_packet(first_number, MOUNT_SERVER, MOUNT_CLIENT, 7000, tail),
        raw_packet(first_number + 1, MOUNT_CLIENT, MOUNT_SERVER, 9000, record(call(0x60, MOUNT, 3, 3, string("/export")))),
    ]


def capture(later) -> list:
    rpcbind = conversation_packets(getport_exchange(), CLIENT, RPCBIND)
    return rpcbind + later(len(rpcbind) + 1)


def test_a_conversation_on_a_port_getport_named_is_that_programs_even_opening_with_a_reply():
    messages = list(Pipeline().run(capture(reply_first_mount_conversation)))
    later = [m for m in messages if LEARNED_PORT in (m.conversation.server.port, m.conversation.client.port)]
    assert {m.conversation.protocol.name for m in later} == {"MOUNT"}
    server = later[0].conversation.server
    assert (server.addr, server.port) == MOUNT_SERVER
    assert [(m.name, m.direction) for m in later] == [("RPC reply (call not seen)", "s2c")] * 2


def test_without_the_getport_the_same_conversation_is_plain_onc_rpc():
    messages = list(Pipeline().run(reply_first_mount_conversation(1)))
    assert messages[0].conversation.protocol.name == "ONC-RPC"


def test_a_learned_port_catches_a_conversation_opening_mid_record():
    messages = list(Pipeline().run(capture(mid_record_mount_conversation)))
    later = [m for m in messages if LEARNED_PORT in (m.conversation.server.port, m.conversation.client.port)]
    assert {m.conversation.protocol.name for m in later} == {"MOUNT"}
    assert "MOUNT UMNT call" in [m.name for m in later]
    alone = list(Pipeline().run(mid_record_mount_conversation(1)))
    assert {m.conversation.protocol.name for m in alone} == {"TCP"}


def test_a_learned_port_stays_with_its_own_pipeline():
    first, second = Pipeline(), Pipeline()
    learned = list(first.run(capture(reply_first_mount_conversation)))
    unlearned = list(second.run(reply_first_mount_conversation(1)))
    assert learned[-1].conversation.protocol.name == "MOUNT"
    assert unlearned[0].conversation.protocol.name == "ONC-RPC"
    assert first.context.expected(LEARNED_PORT).name == "MOUNT"
    assert second.context.expected(LEARNED_PORT) is None


def test_getaddr_over_tcp_teaches_the_port_and_udp_answers_do_not():
    tcp = exchange(
        RPCBIND,
        ("c", record(call(0x41, PORTMAP, 4, 3, rpcb(MOUNT, 3, "tcp6", "", "")))),
        ("s", record(reply(0x41, string("::1.156.187")))),
    )
    assert tcp[0].conversation.context.expected(40123).name == "MOUNT"
    udp = exchange(
        RPCBIND,
        ("c", record(call(0x42, PORTMAP, 4, 3, rpcb(MOUNT, 3, "udp", "", "")))),
        ("s", record(reply(0x42, string("127.0.0.1.156.187")))),
    )
    assert udp[0].conversation.context.expected(40123) is None
    v2_udp = exchange(
        RPCBIND,
        ("c", record(call(0x43, PORTMAP, 2, 3, mapping(MOUNT, 3, 17, 0)))),
        ("s", record(reply(0x43, u32(40123)))),
    )
    assert v2_udp[0].conversation.context.expected(40123) is None


def test_a_port_of_a_program_no_module_claims_is_plain_onc_rpc():
    (c, r) = exchange(
        RPCBIND,
        ("c", record(call(0x44, PORTMAP, 2, 3, mapping(400123, 1, 6, 0)))),
        ("s", record(reply(0x44, u32(40124)))),
    )
    assert r.conversation.context.expected(40124).name == "ONC-RPC"


def test_learned_ports_are_bounded():
    context = DecodeContext()
    mount = by_name("MOUNT")
    for port in range(1, MAX_EXPECTED + 11):
        context.expect(port, mount)
    assert context.expected(1) is None and context.expected(10) is None
    assert context.expected(11) is mount and context.expected(MAX_EXPECTED + 10) is mount
    context.expect(11, by_name("ONC-RPC"))  # the newest word on a port wins
    assert context.expected(11).name == "ONC-RPC"


# -- the NFSv3-family captures, field by field against tshark ------------------------------

NFS3_DIR = Path(__file__).resolve().parent / "data" / "nfs3"
NFS3_CAPTURES = sorted(p.name[: -len(".pcap")] for p in NFS3_DIR.glob("*.pcap"))
PROGRAMS = {"100000": "portmap", "100005": "mount"}
# tshark's field -> ours: (our field name, the sibling that tells the structure, or "")
THEIRS = {
    "portmap.prog": ("prog", "prot"),
    "portmap.version": ("vers", "prot"),
    "portmap.proto": ("prot", ""),
    "portmap.port": ("port", ""),
    "portmap.answer": ("success", ""),
    "portmap.rpcb.prog": ("prog", "netid"),
    "portmap.rpcb.version": ("vers", "netid"),
    "portmap.rpcb.netid": ("netid", "owner"),
    "portmap.rpcb.addr": ("addr", "owner"),
    "portmap.rpcb.owner": ("owner", ""),
    "portmap.uaddr": ("addr", ""),
    "mount.path": ("dirpath", ""),
    "mount.status": ("fhs_status", ""),
    "nfs.fhandle": ("fhandle", ""),
    "mount.flavors": ("count", "flavors"),
    "mount.flavor": ("flavors", ""),
    "mount.export.directory": ("directory", "groups"),
}

TEXT_KEYS = {"portmap.rpcb.netid", "portmap.rpcb.addr", "portmap.rpcb.owner", "portmap.uaddr", "mount.path"}
TEXT_KEYS.add("mount.export.directory")


def _pairs(value, out: list) -> list:
    for key, item in value:
        if isinstance(item, list) and item and isinstance(item[0], tuple):
            _pairs(item, out)
        elif key in THEIRS:
            out.append((key, item))
    return out


def tshark_bodies(capture: str) -> dict[tuple[int, int, int], list | None]:
    """(frame, xid, msg_type) -> tshark's portmap or mount fields, in wire order, for every
    record of those programs over TCP; None where tshark left the body undecoded."""
    packets = json.loads((NFS3_DIR / f"{capture}.tshark.json").read_text(), object_pairs_hook=lambda p: p)
    out = {}
    for packet in packets:
        layers = dict(packet)["_source"][0][1]
        frame = int(dict(dict(layers)["frame"])["frame.number"])
        if any(k == "udp" for k, _ in layers):
            continue  # hexview reads TCP
        bodies: dict[str, list] = {name: [v for k, v in layers if k == name] for name in PROGRAMS.values()}
        for k, v in layers:
            rpc = dict(_flat_rpc(v, [])) if k == "rpc" else {}
            name = PROGRAMS.get(rpc.get("rpc.program", ""))
            if name is not None and "rpc.xid" in rpc and bodies[name]:
                body = bodies[name].pop(0)
                undecoded = any(k == "rpc.unknown_body" for k, _ in _flat_rpc(body, []))
                out[(frame, int(rpc["rpc.xid"], 16), int(rpc["rpc.msgtyp"]))] = None if undecoded else _pairs(body, [])
    return out


def _flat_rpc(value, out: list) -> list:
    for key, item in value:
        if isinstance(item, list) and item and isinstance(item[0], tuple):
            _flat_rpc(item, out)
        else:
            out.append((key, item))
    return out


def _text_of(f) -> str:
    value = next((c for c in f.children if c.name == "value"), None)
    return value.value if value is not None else ""


def ours(message) -> list:
    """Our body fields in tshark's shape: (tshark's name, its text)."""
    out: list = []
    decoded = message.decode()
    body = next((f for f in decoded.fields if f.name in ("args", "results")), None)

    def visit(f, siblings: set) -> None:
        base = f.name.split("[", 1)[0]
        for key, (name, sibling) in THEIRS.items():
            if base != name or (sibling and sibling not in siblings):
                continue
            if key in TEXT_KEYS:  # XDR strings: their text
                out.append((key, _text_of(f)))
            elif key == "nfs.fhandle":
                data = next(c for c in f.children if c.name == "data") if f.children else f
                out.append((key, ":".join(data.value[i : i + 2] for i in range(0, len(data.value), 2))))
            elif key == "mount.flavor":
                out.extend((key, str(c.value)) for c in f.children)
                return
            elif isinstance(f.value, int):
                out.append((key, str(f.value)))
            break
        names = {c.name for c in f.children}
        for c in f.children:
            visit(c, names)

    if body is not None:
        for c in body.children:
            visit(c, {x.name for x in body.children})
    return out


def _messages(capture: str) -> list:
    return list(Pipeline().run(open_input(str(NFS3_DIR / f"{capture}.pcap"))))


@pytest.mark.parametrize("capture", NFS3_CAPTURES)
def test_mount_and_rpcbind_records_match_tshark(capture):
    """Every MOUNT and portmap/rpcbind record tshark decoded: the same values, in the same
    order, and decoded without an error. (tshark 4.0 leaves rpcbind's SET/UNSET v3-v4,
    GETTIME, UADDR2TADDR, TADDR2UADDR, GETVERSADDR, GETADDRLIST and GETSTAT bodies
    undecoded -- ``rpc.unknown_body`` -- so for those it has nothing to compare.)"""
    records = tshark_bodies(capture)
    mine = {}
    for m in _messages(capture):
        if m.params.get("prog") in (PORTMAP, MOUNT):
            no_errors(m)
            mine[(max(m.frames), m.params["xid"], 0 if m.kind == "call" else 1)] = m
    assert set(records) <= set(mine)
    # tshark gives a reply that did not run (PROC_UNAVAIL, PROG_MISMATCH) no body layer
    refused = {key for key, m in mine.items() if key not in records}
    assert all(mine[key].decode().outcome.failed and mine[key].kind == "reply" for key in refused), refused
    compared = 0
    for key, theirs in records.items():
        if theirs is None:
            continue  # tshark left the body undecoded
        assert ours(mine[key]) == theirs, (key, mine[key].name)
        compared += len(theirs)
    assert compared >= 4  # every capture asks the portmapper at least once (prog, version, proto, port)


def test_the_rpcbind_capture_learns_mountd_and_statd():
    """rpcinfo and showmount ask rpcbind (GETADDR over tcp) before each connection."""
    messages = _messages("rpcbind-rpcinfo-showmount")
    by_port = {}
    for m in messages:
        by_port.setdefault(m.conversation.server.port, m.conversation.protocol.name)
    assert by_port[111] == "PORTMAP" and by_port[20048] == "MOUNT"
    context = messages[0].conversation.context
    assert context.expected(20048).name == "MOUNT"  # 127.0.0.1.78.80
    assert context.expected(2049).name == "NFS"  # 127.0.0.1.8.1
    assert context.expected(32765).name == "NSM"  # rpc.statd 127.0.0.1.127.253 (tests/data/nfs3/README.md)
