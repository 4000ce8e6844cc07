"""The hexview command as a person runs it: --print, --json, --help, --version, errors."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest

from hexview import __version__, cli
from shared_paths import SHARED

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
TINY = DATA / "nbd-tiny-nbdsh.pcap"
SCHEMA = json.loads((ROOT / "hexview" / "output" / "message.schema.json").read_text())
HEXVIEW = [sys.executable, "-m", "hexview.cli"]


def run(*args, input=None, timeout=60):
    return subprocess.run(HEXVIEW + list(args), input=input, capture_output=True, timeout=timeout, cwd=ROOT)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.decode().strip() == f"hexview {__version__}"
    helptext = run("--help").stdout.decode()
    for word in ("--print", "--json", "--format", "--decode-as", "FILE", "-r FILE", "-V", "-T {json,text}"):
        assert word in helptext


def test_help_examples_are_one_per_line():
    helptext = run("--help").stdout.decode()
    examples = helptext.split("examples:\n", 1)[1].splitlines()
    commands = [line.split("   ")[0].strip() for line in examples if line.strip()]
    assert commands == [
        "hexview capture.pcap",
        "tcpdump -l -X -i any port 10809 | hexview -",
        "hexview --print capture.pcap",
        "hexview --json reply.txt | jq .",
        "hexview --summary capture.pcap",
        "hexview --stats capture.pcap",
        "hexview -Y 'op_errno == ENOENT' --summary c.pcap",
        "hexview --follow 0 capture.pcap",
        "hexview --follow 0 --raw s2c capture.pcap > s2c",
        "hexview --conversations --sort bytes_s2c x.pcap",
        "hexview --xattrs --json ec.pcap",
        "hexview --json --jobs 2 big.pcap > big.json",
        "hexview --export parquet out/ b1.pcap b2.pcap",
        "hexview client.pcap brick1.pcap brick2.pcap",
        "hexview -r a.pcap -r b.pcap -T json",
        "hexview --nodes client.pcap brick1.pcap",
        "hexview --align-clocks --summary c.pcap b.pcap",
    ]


def test_tshark_style_aliases_choose_the_same_views():
    """-r FILE reads FILE, -V is --print, -T json is --json and -T text is --print."""
    as_json, as_text = run("--json", str(TINY)).stdout, run("--print", str(TINY)).stdout
    assert as_json and as_text
    assert run("-T", "json", "-r", str(TINY)).stdout == as_json
    assert run("-r", str(TINY), "-V").stdout == as_text
    assert run("-T", "text", str(TINY)).stdout == as_text
    assert run("-T", "json", "--json", str(TINY)).stdout == as_json


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["-T", "xml", str(TINY)], "invalid choice: 'xml'"),
        (["-T", "json", "-V", str(TINY)], "-T json: not allowed with --print/-V"),
        (["-T", "text", "--json", str(TINY)], "-T text: not allowed with --json"),
        (["-V", "--json", str(TINY)], "not allowed with argument --print/-V"),
        (["-T", "json"], "no input"),
    ],
)
def test_alias_misuse_is_a_usage_error(args, complaint):
    out = run(*args)
    assert out.returncode == 2 and complaint in out.stderr.decode() and out.stdout == b""


def test_missing_file_is_one_line_on_stderr_and_nonzero_exit():
    out = run("--json", "no/such/capture.pcap")
    assert out.returncode != 0
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no/such/capture.pcap" in lines[0]
    assert out.stdout == b""


def test_directory_is_an_input_error(tmp_path):
    out = run("--print", str(tmp_path))
    assert out.returncode != 0 and len(out.stderr.decode().strip().splitlines()) == 1


def test_unknown_decode_as_protocol_is_a_usage_error():
    out = run("--json", "--decode-as", "10810=nosuch", str(TINY))
    assert out.returncode == 2 and "nosuch" in out.stderr.decode()


@pytest.mark.parametrize(
    "option, complaint",
    [
        ("ocfs3.version=1.2", "hexview: option ocfs3.version: unknown protocol 'ocfs3' (known: {protocols})"),
        ("ocfs2.release=1.2", "hexview: option ocfs2.release: OCFS2 has no such option (known options: ocfs2.version)"),
        ("ocfs2.version=2.0", "hexview: option ocfs2.version: '2.0' is not one of auto, 1.2, 1.4"),
        ("ocfs2.version", "hexview: --option 'ocfs2.version': expected PROTOCOL.NAME=VALUE (known options: ocfs2.version)"),
    ],
)
def test_unknown_protocol_option_or_value_is_one_usage_line(option, complaint):
    from hexview.protocols.registry import registrations

    out = run("--json", "--option", option, str(TINY))
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode().splitlines() == [complaint.format(protocols=", ".join(registrations()))]


def test_help_lists_every_protocol_option_from_the_registrations():
    from hexview.protocols.options import declared

    helptext = " ".join(run("--help").stdout.decode().split())  # argparse wraps lines
    assert "--option PROTOCOL.NAME=VALUE" in helptext
    assert declared()  # OCFS2 declares its message layouts
    for key, (_, opt) in declared().items():
        flag = "--" + key.replace(".", "-")
        assert f"{flag} {{{','.join(opt.choices)}}} --option {key}=VALUE: " in helptext
        assert f"default: {opt.default}" in helptext


def test_readme_documents_every_protocol_option():
    from hexview.protocols.options import declared

    readme = (ROOT / "README.md").read_text()
    for key, (_, opt) in declared().items():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{key}`")), None)
        assert row is not None, key
        assert all(f"`{value}`" in row for value in opt.choices), row


def test_json_lines_follow_the_schema_and_the_spec_values():
    out = run("--json", str(TINY))
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    for obj in lines:
        jsonschema.validate(obj, SCHEMA)
    assert [o["index"] for o in lines] == list(range(1, len(lines) + 1))  # message 1 is the first
    assert all("file" not in o for o in lines)  # one input: no file to name
    greeting = lines[0]
    assert greeting["conversation"] == "127.0.0.1:45930 -> 127.0.0.1:10809"
    assert (greeting["protocol"], greeting["direction"], greeting["stream"]) == ("NBD", "s2c", 0)
    # tcpdump's frame 4 carries the 18-byte newstyle greeting (proto.md: NBDMAGIC, IHAVEOPT, flags)
    assert greeting["frames"] == [4] and greeting["offset"] == 0 and greeting["length"] == 18
    magic = greeting["fields"][0]
    assert (magic["name"], magic["value"], magic["start"], magic["end"]) == ("magic", 0x4E42444D41474943, 0, 8)
    by_name = {o["name"]: o for o in lines}
    write = by_name["NBD_CMD_WRITE"]
    fields = {f["name"]: f for f in write["fields"]}
    # tshark (nbd-tiny-nbdsh.tshark.json, frame 21): type 1, handle 1, from 4096, len 64
    assert write["frames"] == [21]
    assert fields["type"]["show"] == "NBD_CMD_WRITE (1)" and fields["type"]["value"] == 1
    assert fields["cookie"]["value"] == 1 and (fields["cookie"]["start"], fields["cookie"]["end"]) == (8, 16)
    assert fields["offset"]["value"] == 4096 and fields["length"]["value"] == 64
    reply = lines[write["pair"] - 1]
    assert reply["pair"] == write["index"] and reply["frames"] == [22]
    # tshark (frames 21, 22): frame.time_epoch, frame.time_relative; nbd.time on the reply
    assert (write["time"], write["time_relative"]) == (1795449052.389377, 0.000588)
    assert (reply["time"], reply["time_relative"]) == (1795449052.389451, 0.000662)
    assert write["latency"] == reply["latency"] == 0.000074
    assert greeting["latency"] is None and greeting["time_relative"] == 0.000252  # tcpdump text: .389041 - .388789
    assert (write["info"], write["failed"]) == ("offset 4096 length 64", False)
    assert (reply["info"], reply["failed"]) == ("offset 4096 length 64", False)


def test_json_carries_big_integers_as_strings_too():
    """NBDMAGIC is 0x4e42444d41474943 = 5639144782019643715 (NBD proto.md), beyond 2^53:
    jq 1.6 would read 5639144782019643000. value_str keeps the digits; small integers
    get none."""
    text = run("--json", str(TINY)).stdout.decode()
    assert '"name":"magic","value":5639144782019643715,"value_str":"5639144782019643715",' in text
    greeting = json.loads(text.splitlines()[0])
    magic, second, flags = greeting["fields"]
    assert magic["value_str"] == "5639144782019643715" and int(magic["value_str"]) == 0x4E42444D41474943
    assert second["value_str"] == str(0x49484156454F5054)  # IHAVEOPT
    assert "value_str" not in flags and all("value_str" not in c for c in flags["children"])


@pytest.mark.shared
def test_json_value_str_of_an_nfs_clientid():
    """nfs-v41-pynfs-session-open-rw frame 6 (EXCHANGE_ID reply): tshark's nfs.clientid
    0x6b04612800000006."""
    path = SHARED / "captures" / "nfs" / "nfs-v41-pynfs-session-open-rw.pcap"
    if not path.exists():
        pytest.skip("../shared/captures not present")
    golden = str(int("6b04612800000006", 16))
    reply = json.loads(run("--json", str(path)).stdout.decode().splitlines()[1])
    assert reply["frames"] == [6]

    def clientids(fields):
        for f in fields:
            if f["name"] == "clientid":
                yield f
            yield from clientids(f.get("children", []))

    (clientid,) = clientids(reply["fields"])
    assert clientid["value_str"] == golden == "7711395286391717894"
    jsonschema.validate(reply, SCHEMA)


def test_one_capture_as_pcap_and_as_text_is_one_network_seen_twice():
    """The same capture as pcap and as tcpdump -X text, named together: merged by time
    into one run, each message is one message seen by both inputs, in the same frames
    of each file. The text's times are seconds of the day, so it comes first (and "node"
    names it), and the pcap's clock is ahead of it by the capture's date: its first
    packet's epoch time (pcap record header) minus the text's time of day, exactly."""
    text_form = DATA / "nbd-tiny-nbdsh.X.txt"
    ts_sec, ts_usec = struct.unpack_from("<II", TINY.read_bytes(), 24)
    hours, minutes, seconds = text_form.read_text().split(" ", 1)[0].split(":")
    midnight = ts_sec + ts_usec / 1e6 - (int(hours) * 3600 + int(minutes) * 60 + float(seconds))
    assert midnight == 1795392000  # 2026-11-23 00:00 UTC: the text's times are UTC
    out = run("--json", str(TINY), "-r", str(text_form))
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    for obj in lines:
        jsonschema.validate(obj, SCHEMA)
    assert [o["index"] for o in lines] == list(range(1, 18))  # 17 messages, not 34
    assert {o["node"] for o in lines} == {str(text_form)}  # -r inputs come first
    for o in lines:
        text_seen, pcap_seen = o["seen"]
        assert (text_seen["node"], pcap_seen["node"]) == (str(text_form), str(TINY))
        assert text_seen["frames"] == pcap_seen["frames"] == o["frames"]  # the text's 27 frames are first in the run
        assert text_seen["delay"] is None and pcap_seen["delay"] == midnight
    (write,) = [o for o in lines if o["name"] == "NBD_CMD_WRITE"]
    assert (write["index"], write["pair"], write["frames"], write["time_relative"]) == (11, 12, [21], 0.000588)
    assert write["latency"] == 0.000074  # tshark: frame 22 is 0.000074 s after frame 21, as in either file alone
    stderr = out.stderr.decode()
    assert f"hexview: clock of nbdsh ({TINY}): +1795392000.000000 s against nbdsh.X (between +1795392000.000000 and " in stderr
    # aligned: both copies of every frame at the same instant (to the float's precision),
    # the two files' frames taken in turn
    aligned = run("--json", "--align-clocks", str(TINY), "-r", str(text_form))
    lines = [json.loads(line) for line in aligned.stdout.decode().splitlines()]
    assert len(lines) == 17 and all(abs(o["seen"][1]["delay"]) <= 1e-6 for o in lines)
    (write,) = [o for o in lines if o["name"] == "NBD_CMD_WRITE"]
    assert (write["index"], write["pair"], write["time_relative"], write["latency"]) == (11, 12, 0.000588, 0.000074)
    assert write["frames"] in ([41], [42]) and [s["frames"] for s in write["seen"]] == [[21], [21]]
    assert "; +1795392000.000000 s taken off its times" in aligned.stderr.decode()
    printed = run("-V", str(TINY), "-r", str(text_form)).stdout.decode()
    assert "Message 1: node nbdsh.X, stream 0, 127.0.0.1:45930 <- 127.0.0.1:10809 (s2c), frame 4 at +0.000252 s," in printed
    assert f"Seen by nbdsh ({TINY}) frame 4 at +1795392000.000252 s, one-way delay +1795392000.000000 s\n" in printed
    assert "[Reply in message 12]" in printed


def test_print_is_an_indented_tree():
    out = run("--print", str(TINY))
    assert out.returncode == 0
    text = out.stdout.decode()
    assert "Message 1: stream 0, 127.0.0.1:45930 <- 127.0.0.1:10809 (s2c), frame 4 at +0.000252 s, offset 0, 18 bytes\n" in text
    # tshark: frame 21 at 0.000588 s, its reply (frame 22) 0.000074 s later
    write = (
        "Message 11: stream 0, 127.0.0.1:45930 -> 127.0.0.1:10809 (c2s), frame 21 at +0.000588 s, offset 87, 92 bytes,"
        " latency 0.000074 s\nNBD: NBD_CMD_WRITE cookie=0x0000000000000001 offset=4096 length=64\nInfo: offset 4096 length 64\n"
    )
    assert write in text and "    [Reply in message 12]" in text
    assert "    magic: NBDMAGIC (0x4e42444d41474943)  [0-8]" in text
    assert "        no_zeroes: .... .... .... ..1. = Set  [17-18]" in text
    assert "    type: NBD_CMD_READ (0)  [6-8]" in text


def test_reads_stdin_and_formats_agree():
    pcap = TINY.read_bytes()
    from_pipe = run("--json", "-", input=pcap)
    assert from_pipe.returncode == 0
    assert from_pipe.stdout == run("--json", str(TINY)).stdout


def test_json_streams_before_the_input_ends():
    """The first message is printed while the writer is still sending (live pipe)."""
    text = (DATA / "nbd-tiny-nbdsh.X.txt").read_bytes()
    cut = text.index(b"\n15:50:52.389111") + 1  # after the greeting's packets
    proc = subprocess.Popen(HEXVIEW + ["--json", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
    proc.stdin.write(text[:cut])
    proc.stdin.flush()
    first = {}

    def read_first():
        first["line"] = proc.stdout.readline()

    reader = threading.Thread(target=read_first, daemon=True)
    reader.start()
    reader.join(timeout=20)
    try:
        assert first.get("line"), "nothing printed while the input was still open"
        assert json.loads(first["line"])["name"] == "Greeting (newstyle)"
    finally:
        proc.stdin.write(text[cut:])
        proc.stdin.close()
        proc.stdout.read()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_broken_pipe_is_not_an_error():
    proc = subprocess.Popen(HEXVIEW + ["--print", str(TINY)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.read(10)
    proc.stdout.close()
    proc.wait(timeout=30)
    assert b"Traceback" not in proc.stderr.read()


@pytest.mark.parametrize(
    "junk", [b"", b"\x00" * 100, os.urandom(5000), b"0x0000: zz zz\n" * 3, b"\xd4\xc3\xb2\xa1" + b"\x02" * 30]
)
def test_bad_inputs_end_cleanly(tmp_path, junk):
    path = tmp_path / "junk.bin"
    path.write_bytes(junk)
    for view in ("--json", "--print"):
        out = run(view, str(path))
        assert out.returncode in (0, 1), out.stderr
        assert b"Traceback" not in out.stderr
        for line in out.stdout.decode().splitlines() if view == "--json" else []:
            jsonschema.validate(json.loads(line), SCHEMA)


def test_raw_stream_dump_keeps_every_byte_visible(tmp_path):
    """A raw dump of one NBD direction (server side): decoded where it can be, the rest undecoded."""
    greeting = bytes.fromhex("4e42444d41474943 49484156454f5054 0003")
    junk = b"[bold]\x1b[31mjunk\x07"
    reply = bytes.fromhex("0003e889045565a9 00000008 00000001 00000000")
    path = tmp_path / "server.bin"
    path.write_bytes(greeting + junk + reply)
    out = run("--json", "--format", "raw", str(path))
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [o["name"] for o in lines] == ["Greeting (newstyle)", "Undecoded bytes", "NBD_REP_ACK (NBD_OPT_STRUCTURED_REPLY)"]
    assert sum(o["length"] for o in lines) == len(greeting + junk + reply)
    assert lines[1]["errors"][0]["reason"].startswith("undecoded")
    printed = run("--print", "--format", "raw", str(path)).stdout
    assert b"\x1b" not in printed and b"\x07" not in printed


def test_seed_001_damaged_dumps_are_found_and_reported():
    """Seed 001 pastes tcpdump -X dumps into prose, with damage; hexview reads the
    prose as input, finds the dumps, and reports the damaged rows on stderr.

    The LOOKUP request (192.168.122.144.49139 > 192.168.122.142.49153, length 656):
    the author's notes say xid 0x000000be ("00be是msg的xid"), program 0x0013d005
    (GLUSTER_FOP_PROGRAM) version 0x190 (400), procedure 0x1b (GFS3_OP_LOOKUP);
    the RPC record starts at IP offset 0x34 with the record mark 0x8000028c.
    RPC decoding comes later; here the bytes must be recovered at those offsets."""
    seed = SHARED / "seeds" / "001_f4e055c7449f39c2.txt"
    if not seed.exists():
        pytest.skip("../shared is not beside the checkout")
    from hexview.pipeline import Pipeline
    from hexview.readers import open_input

    messages = list(Pipeline().run(open_input(str(seed))))
    lookup = [m for m in messages if m.conversation.label() == "192.168.122.144:49139 -> 192.168.122.142:49153"]
    assert lookup, [m.conversation.label() for m in messages]
    payload = lookup[0].data
    assert payload[0:4] == bytes.fromhex("8000028c")  # record mark: last fragment, 0x28c bytes
    assert payload[4:8] == bytes.fromhex("000000be")  # xid
    assert payload[16:20] == bytes.fromhex("0013d005")  # program
    assert payload[20:24] == bytes.fromhex("00000190")  # version 400
    assert payload[24:28] == bytes.fromhex("0000001b")  # procedure LOOKUP
    out = run("--json", str(seed))
    assert out.returncode == 0 and out.stdout
    assert "line " in out.stderr.decode()  # damaged rows are reported with their line numbers


def test_the_view_gets_the_memory_cap_with_one_input_and_with_several(monkeypatch):
    """``--max-memory`` reaches the interactive view whether it shows one input or
    several merged (it was once dropped for several); the view itself is not started."""
    from hexview.tui import app, pipe_input

    seen = []
    monkeypatch.setattr(pipe_input, "reattach_stdin_to_tty", lambda: None)
    monkeypatch.setattr(app, "run_app", lambda *args, **kwargs: seen.append((args[1], args[-1])) or 0)
    one = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
    assert cli.main(["--max-memory", "100M", str(one)]) == 0
    assert cli.main(["--max-memory", "90M", str(one), str(one)]) == 0
    assert seen == [(str(one), 100 << 20), (f"{one} + {one}", 90 << 20)]
