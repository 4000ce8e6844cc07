"""Two pipelines in one process: what reading one learns or chooses never reaches the other.

An NFSv4 client names its callback program in CREATE_SESSION (RFC 8881 18.36,
csa_cb_program) or SETCLIENTID (RFC 7530 16.33, cb_program); the server's
CB_COMPOUNDs then call that number, here on a connection of their own as NFSv4.0
servers do. hexview learns the number while reading -- for that pipeline only: a
second capture whose server calls the same number, without any client having
announced it, must show an unknown RPC program. Decode As choices and protocol
options are the pipeline's too. Several inputs on one command line are the captures
of one network from several nodes: merged into one run, with one pipeline, so what
the client's capture announces decodes the call the server's capture holds.
(The shared NFS captures announce only the Linux client's 0x40000000, known from
the start, or 0: the bytes here are written from the RFCs.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from golden import ocfs2_seed000 as G
from hexview.pipeline import Pipeline
from tcp_packets import conversation_packets, raw_packet, write_pcap
from test_decode_as import packets as decode_as_packets
from test_nfs_bodies import SESSION, call, channel_attrs, compound, record, string, u32, u64
from test_ocfs2_framing import HANDSHAKE_V2

ROOT = Path(__file__).resolve().parent.parent
CLIENT, SERVER = ("10.0.0.1", 40000), ("10.0.0.2", 2049)
CALLBACK_FROM, CALLBACK_TO = ("10.0.0.2", 870), ("10.0.0.1", 45000)  # server -> the client's callback port
CB_PROGRAM = 0x20000009


def create_session_call() -> bytes:
    # OP_CREATE_SESSION (43): clientid, sequence, flags, fore and back channel attributes, then
    # csa_cb_program and csa_sec_parms (one AUTH_NONE)
    op = u32(43) + u64(0x5F9F7A8A00000001) + u32(1, 3) + channel_attrs() + channel_attrs() + u32(CB_PROGRAM) + u32(1, 0)
    return record(compound(0x400, [op]))


def cb_compound_call() -> bytes:
    cb_sequence = u32(11) + SESSION + u32(1, 0, 0, 0) + u32(0)  # CB_SEQUENCE, no referring calls
    return record(call(0x9000, CB_PROGRAM, 1, 1, string("") + u32(1, 7, 1) + cb_sequence))  # minorversion 1, ident 7


def callback_connection(first_number: int) -> list:
    return [raw_packet(first_number, CALLBACK_FROM, CALLBACK_TO, 7000, cb_compound_call())]


def announcing_capture() -> list:
    """The client announces CB_PROGRAM, then the server calls it on a new connection."""
    session = conversation_packets([("c", create_session_call())], CLIENT, SERVER)
    return session + callback_connection(len(session) + 1)


def unannounced_capture() -> list:
    """Only the server's call to CB_PROGRAM: nobody said what that program is."""
    return callback_connection(1)


def test_a_learned_callback_program_stays_with_its_own_input():
    first, second = Pipeline(), Pipeline()
    learned = list(first.run(announcing_capture()))
    unknown = list(second.run(unannounced_capture()))
    cb = learned[-1]
    assert cb.conversation.protocol.name == "NFS" and cb.name == "NFS-CB CB_COMPOUND call"
    (other,) = unknown
    assert other.conversation.protocol.name == "ONC-RPC"  # no NFS heuristic claims it here
    assert other.name == f"RPC program {CB_PROGRAM} v1 proc 1 call"
    errors = [e.reason for e in other.decode().errors]
    assert errors == [f"undecoded: program {CB_PROGRAM} is not known"]
    # decoded after the other input was read: still its own input's program
    args = cb.decode().top("args")
    assert args.show == "CB_COMPOUND" and not cb.decode().errors
    assert [f.show for f in args.walk() if f.name.startswith("argarray[")] == ["CB_SEQUENCE"]


def test_several_nodes_captures_in_one_hexview_run_share_what_they_learn(tmp_path):
    """``hexview --json client.pcap server.pcap``: one run; the client's capture holds
    the announcement (second 100), the server's the callback call a minute later."""
    client, server = tmp_path / "client.pcap", tmp_path / "server.pcap"
    write_pcap(client, conversation_packets([("c", create_session_call())], CLIENT, SERVER))
    write_pcap(server, unannounced_capture(), first_second=160)
    run = [sys.executable, "-m", "hexview.cli", "--json"]
    out = subprocess.run(run + [str(client), str(server)], capture_output=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [(Path(r["node"]).name, r["protocol"], r["name"]) for r in rows] == [
        ("client.pcap", "NFS", "NFS COMPOUND call"),
        ("server.pcap", "NFS", "NFS-CB CB_COMPOUND call"),
    ]
    alone = subprocess.run(run + [str(server)], capture_output=True, timeout=60, cwd=ROOT)
    assert [json.loads(line)["name"] for line in alone.stdout.decode().splitlines()] == [
        f"RPC program {CB_PROGRAM} v1 proc 1 call"
    ]


# -- Decode As and options: chosen per pipeline -------------------------------------------

OCFS2_CLIENT, OCFS2_SERVER = ("10.0.0.1", 40000), ("10.0.0.2", 7777)


def ocfs2_query_join() -> list:
    sends = [("c", HANDSHAKE_V2), ("s", HANDSHAKE_V2), ("c", G.QUERY_JOIN_REQUEST_14)]
    return conversation_packets([(who, bytes.fromhex(h)) for who, h in sends], OCFS2_CLIENT, OCFS2_SERVER)


def variant(message) -> str:
    return next(f.show for top in message.decode().fields for f in top.walk() if f.name == "variant")


def test_an_option_chosen_for_one_pipeline_is_not_the_others():
    forced, auto = Pipeline(options={"ocfs2.version": "1.2"}), Pipeline()
    assert auto.options["ocfs2.version"] == "auto"  # the declared default
    forced_join = list(forced.run(ocfs2_query_join()))[-1]
    auto_join = list(auto.run(ocfs2_query_join()))[-1]
    assert variant(forced_join) == "ocfs2-1.2 (forced by option ocfs2.version)"
    assert variant(auto_join) == "ocfs2-1.4 (data_len 104)"  # seed 000: the 1.4 request is 104 bytes
    auto.set_option("ocfs2.version", "1.4")
    assert forced.options["ocfs2.version"] == "1.2"


def test_decode_as_on_one_pipeline_is_not_the_others():
    """test_decode_as's stream: READ data caught mid-way, then an NBD_CMD_FLUSH."""
    chosen, plain = Pipeline(decode_as={5555: "NBD"}), Pipeline()
    assert [m.name for m in chosen.run(decode_as_packets())][-1] == "NBD_CMD_FLUSH"
    assert {m.conversation.protocol.name for m in plain.run(decode_as_packets())} == {"TCP"}
    assert 5555 not in plain.decode_as
