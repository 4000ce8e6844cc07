"""Protocols declared in a folder (protocol.yaml + .ksy), end to end through the CLI and
the interactive view, with no code change: the TOY worked example of docs/toy-protocol
(golden values from its README's layout, the capture written by tools/make_toy_capture.py)
and the TOYRPC ONC RPC program of tests/data/declared/toyrpc; then what a person sees
when a declaration is broken or node is missing: one line, and the built-in protocols
still work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEXVIEW = ROOT / ".venv" / "bin" / "hexview"
TOY = ROOT / "docs" / "toy-protocol"
TOY_PCAP = TOY / "toy.pcap"
DECLARED = ROOT / "tests" / "data" / "declared"
NBD_PCAP = ROOT / "tests" / "data" / "nbd-tiny-nbdsh.pcap"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(not HEXVIEW.exists(), reason="no .venv/bin/hexview"),
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One parser cache for the module: TOY is compiled once, then loaded."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def config(tmp_path) -> Path:
    """A fresh XDG config folder holding hexview/protocols/toy (a copy of docs/toy-protocol)."""
    home = tmp_path / "config"
    shutil.copytree(TOY, home / "hexview" / "protocols" / "toy", ignore=shutil.ignore_patterns("*.pcap", "*.md"))
    return home


def run(args, config: Path | None = None, cache: Path | None = None, path: str | None = None, check: bool = True):
    env = dict(os.environ, XDG_CONFIG_HOME=str(config or "/nonexistent"), HEXVIEW_CACHE=str(cache or "/nonexistent"))
    env.pop("HEXVIEW_PROTOCOLS", None)
    if path is not None:
        env["PATH"] = path
    done = subprocess.run([str(HEXVIEW), *args], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def field(fields, path: str):
    """The field at a dotted path ('args.name') in a --json message's tree."""
    found = None
    for name in path.split("."):
        found = next(f for f in fields if f["name"] == name)
        fields = found.get("children", [])
    return found


# -- TOY through --json, --print and the view ---------------------------------------------


def test_toy_decodes_in_json_with_pairs(config, cache):
    done = run(["--json", str(TOY_PCAP)], config, cache)
    assert done.stderr == ""
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    assert [m["protocol"] for m in messages] == ["TOY"] * 8
    assert [m["name"] for m in messages] == [
        "TOY PING request",
        "TOY PING reply",
        "TOY STAT request",
        "TOY STAT reply",
        "TOY READ request",
        "TOY READ reply",
        "TOY STAT request",
        "TOY STAT reply",
    ]
    # pairing by handle: every request's reply is the next message, 2 ms later
    assert [m["pair"] for m in messages] == [2, 1, 4, 3, 6, 5, 8, 7]
    assert all(abs(m["latency"] - 0.002) < 1e-9 for m in messages if m["index"] != 5 and m["index"] != 6)
    stat = messages[2]["fields"]  # STAT "notes.txt", handle 0x1002: 16-byte header, name_len, name
    assert (
        field(stat, "header.length")["value"],
        field(stat, "header.length")["start"],
        field(stat, "header.length")["end"],
    ) == (23, 0, 4)
    assert field(stat, "header.opcode")["show"] == "STAT (4)"
    assert (
        field(stat, "header.handle")["value"],
        field(stat, "header.handle")["start"],
        field(stat, "header.handle")["end"],
    ) == (0x1002, 8, 16)
    assert (field(stat, "args.name_len")["value"], field(stat, "args.name_len")["start"]) == (9, 16)
    name = field(stat, "args.name")
    assert (name["value"], name["start"], name["end"]) == ("notes.txt", 18, 27)
    assert messages[2]["summary"] == "TOY STAT request handle=0x0000000000001002 name='notes.txt'"
    reply = messages[3]["fields"]  # status OK, size 4096, mode 0100644
    assert (field(reply, "status")["show"], field(reply, "results.size")["value"]) == ("OK (0)", 4096)
    assert (field(reply, "results.mode")["start"], field(reply, "results.mode")["end"]) == (28, 32)
    read = messages[5]  # the READ reply came in two segments
    assert read["frames"] == [9, 10] and read["length"] == 36
    data = field(read["fields"], "results.data")
    assert (bytes.fromhex(data["value"]), data["start"], data["end"]) == (b"hello, toy!\n", 24, 36)
    missing = messages[7]  # STAT of a missing file: ENOENT (2), no results
    assert (missing["failed"], missing["info"], missing["errors"]) == (True, "ENOENT (2)", [])
    assert [f["name"] for f in missing["fields"]] == ["header", "status"]


def test_toy_prints_its_tree(config, cache):
    done = run(["--print", str(TOY_PCAP)], config, cache)
    assert "TOY: TOY READ request handle=0x0000000000001003 offset=0 count=12" in done.stdout
    assert "        mode: 0o100644 (-rw-r--r--)  [28-32]" in done.stdout
    assert "    [Reply in message 6]" in done.stdout


def test_toy_colours_come_from_the_yaml(config, cache, monkeypatch):
    """The colour plan paints each field with protocol.yaml's shade for its name."""
    from hexview.decode.colours import SHADES
    from hexview.pipeline import Pipeline
    from hexview.protocols import registry
    from hexview.readers import open_input

    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HEXVIEW_CACHE", str(cache))
    monkeypatch.setattr(registry, "_REGISTRY", None)
    reg = registry.by_name("toy")
    assert (reg.colour_of("handle"), reg.colour_of("status"), reg.colours["protocol"]) == (
        "magenta",
        "bright_red",
        "bright_green",
    )
    messages = list(Pipeline().run(open_input(str(TOY_PCAP))))
    decoded = messages[3].decode()  # STAT reply
    decoded.ensure_colours()
    painted = {f.name: f.colour for f in decoded.walk()}
    assert (painted["handle"], painted["status"], painted["opcode"]) == (
        SHADES["magenta"],
        SHADES["bright_red"],
        SHADES["bright_green"],
    )


def test_toy_in_the_interactive_view(config, cache):
    from test_tui_terminal import Terminal

    term = Terminal(str(HEXVIEW), [str(TOY_PCAP)], XDG_CONFIG_HOME=str(config), HEXVIEW_CACHE=str(cache), COLORTERM="truecolor")
    try:
        text = term.wait_for(
            lambda t: "done" in t and "TOY PING request" in t and "10.0.0.1:40001 -> 10.0.0.2:7070" in t,
            "the TOY stream and its first message",
        )
        stream_row = term.screen.display[term.row_of("10.0.0.1:40001 -> 10.0.0.2:7070")]
        assert "TOY" in stream_row, stream_row
        assert "handle: 0x0000000000001001 [8-16]" in text
        # the handle's 8 bytes (row 0, bytes 8-15) are magenta (#d700d7), as protocol.yaml says
        y = term.row_of("00000000  00 00 00 0c 54 59 00 01")
        x = term.screen.display[y].index("00000000  ") + 10 + 3 * 8 + 1
        assert term.screen.buffer[y][x].fg == "d700d7", term.screen.buffer[y][x]
        term.child.send("\x0e\x0e")  # ctrl+n twice: the STAT request
        text = term.wait_for(lambda t: "name: 'notes.txt' [18-27]" in t, "the STAT request's tree")
        assert "TOY STAT request" in term.ruler()
        term.child.send("q")
        assert term.finish() == 0
    finally:
        term.kill()


# -- an ONC RPC program declared in YAML ---------------------------------------------------


def test_rpc_program_declared_in_yaml(cache):
    done = run(["--protocols", str(DECLARED), "--json", str(DECLARED / "toyrpc.pcap")], cache=cache)
    assert done.stderr == ""
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(m["protocol"], m["name"], m["pair"]) for m in messages] == [
        ("TOYRPC", "TOYRPC ECHO call", 2),
        ("TOYRPC", "TOYRPC ECHO reply", 1),
        ("TOYRPC", "TOYRPC ADD call", 4),
        ("TOYRPC", "TOYRPC ADD reply", 3),
    ]
    # the call: 4-byte mark, 40-byte header with AUTH_NONE (RFC 5531), then the XDR string
    text = field(messages[0]["fields"], "args.text")
    assert (text["value"], text["start"], text["end"]) == ("marco", 48, 53)
    assert field(messages[1]["fields"], "results.text")["value"] == "polo"
    assert (field(messages[2]["fields"], "args.a")["value"], field(messages[2]["fields"], "args.b")["value"]) == (40, 2)
    total = field(messages[3]["fields"], "results.sum")
    assert (total["value"], total["start"], total["end"]) == (42, 28, 32)
    assert messages[3]["summary"] == "TOYRPC ADD reply xid=0x00000052 sum=42"


# -- listing, errors, node, the cache -------------------------------------------------------


def test_list_protocols_names_every_source(config, cache):
    done = run(["--list-protocols"], config, cache)

    lines = done.stdout.splitlines()
    toy = lines.index("TOY")
    assert lines[toy + 1 : toy + 4] == [
        "  TOY file service (hexview's worked example of a declared protocol)",
        "  ports: 7070",
        f"  source: {config / 'hexview' / 'protocols' / 'toy'}",
    ]
    nbd = lines.index("NBD")
    assert lines[nbd + 3] == f"  source: {ROOT / 'hexview' / 'protocols'}"


def _nbd_still_works(done) -> None:
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].split()[7:10] == ["NBD", "18", "Greeting"], done.stdout


def test_broken_ksy_is_one_line_and_builtins_work(config, tmp_path):
    ksy = config / "hexview" / "protocols" / "toy" / "toy_request.ksy"
    ksy.write_text(ksy.read_text().replace("'toy_common::opcode::read': read_args", "'toy_common::opcode::read': reed_args"))
    done = run(["--summary", str(NBD_PCAP)], config, tmp_path / "fresh-cache")
    assert done.stderr == f"hexview: protocol not loaded: {ksy}:14: unable to find type 'reed_args', searching from toy_request\n"
    _nbd_still_works(done)


def test_bad_protocol_yaml_is_one_line(config, tmp_path):
    yaml_file = config / "hexview" / "protocols" / "toy" / "protocol.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("  handle: magenta", "  handle: mauve"))
    done = run(["--summary", str(NBD_PCAP)], config, tmp_path / "fresh-cache")
    line = yaml_file.read_text().splitlines().index("  handle: mauve") + 1
    assert done.stderr.startswith(f"hexview: protocol not loaded: {yaml_file}:{line}: colours.handle: 'mauve' is not a shade")
    assert done.stderr.count("\n") == 1
    _nbd_still_works(done)


def test_without_node_one_line_then_cache_needs_no_node(config, tmp_path):
    """No node on PATH and nothing cached: one line, built-ins work. Once a run with node
    has filled the cache, a run without node loads TOY from it."""
    no_node = tmp_path / "bin"
    no_node.mkdir()  # PATH holds nothing: hexview's script names its python by full path
    fresh = tmp_path / "cache"
    done = run(["--summary", str(NBD_PCAP)], config, fresh, path=str(no_node))
    ksy = config / "hexview" / "protocols" / "toy" / "toy_common.ksy"
    assert done.stderr == (
        f"hexview: protocol not loaded: {ksy}: cannot compile: node (Node.js) is not on PATH; "
        "install it to use .ksy files (the built-in protocols need no node)\n"
    )
    _nbd_still_works(done)
    run(["--summary", str(TOY_PCAP)], config, fresh)  # with node: compiles into the cache
    assert len(list((fresh / "parsers").iterdir())) == 1
    done = run(["--summary", str(TOY_PCAP)], config, fresh, path=str(no_node))
    assert done.stderr == ""
    assert "TOY STAT reply" in done.stdout
    assert len(list((fresh / "parsers").iterdir())) == 1


def test_second_load_does_not_compile(config, cache, monkeypatch):
    """In process: the second load of the same sources runs node zero times."""
    from hexview.protocols.declared import ksy_cache

    folder = config / "hexview" / "protocols" / "toy"
    monkeypatch.setenv("HEXVIEW_CACHE", str(cache))
    ksy_cache.load_parsers(folder, "TOY")
    before = ksy_cache.compiles_run
    ksy_cache.load_parsers(folder, "TOY")
    assert ksy_cache.compiles_run == before
    (folder / "toy_reply.ksy").write_text((folder / "toy_reply.ksy").read_text() + "\n# changed\n")
    ksy_cache.load_parsers(folder, "TOY")  # a changed .ksy is a new key: compiled again
    assert ksy_cache.compiles_run == before + 1


def test_user_protocol_replaces_a_builtin_with_a_note(config, cache, tmp_path):
    mine = tmp_path / "mine" / "nbd"
    shutil.copytree(config / "hexview" / "protocols" / "toy", mine)
    (mine / "protocol.yaml").write_text((mine / "protocol.yaml").read_text().replace("name: TOY", "name: NBD"))
    done = run(["--protocols", str(tmp_path / "mine"), "--list-protocols"], None, cache)
    assert done.stderr == f"hexview: protocol NBD from {mine} replaces the one built in\n"
    lines = done.stdout.splitlines()
    assert lines[lines.index("NBD") + 3] == f"  source: {mine}"


# -- the form is the built-in protocols' too ---------------------------------------------


def test_gluster_program_table_is_declared_in_the_same_form():
    """GlusterFS's programs come from programs.yaml, read by the declared protocols' schema:
    the program table the RPC layer holds is that file's (glusterfs protocol-common.h numbers)."""
    from hexview.protocols.declared.schema import load_programs
    from hexview.protocols.rpc.gluster import glusterfs  # noqa: F401 - registers the programs
    from hexview.protocols.rpc.onc_rpc import PROGRAMS

    declared = load_programs(ROOT / "hexview" / "protocols" / "rpc" / "gluster" / "programs.yaml")
    by_name = {p.name: p for p in declared}
    assert by_name["GlusterFS"].number == 1298437 and by_name["GD-MGMT"].number == 1238433
    for program in declared:
        held = PROGRAMS[program.number]
        assert held.name == program.name and held.protocol == "GlusterFS"
        for vers, procs in program.versions.items():
            assert {p.number: p.name for p in procs} == {n: proc.name for n, proc in held.versions[vers].items()}
    fop = {p.number: p.name for p in by_name["GlusterFS"].versions[400]}
    assert (fop[0], fop[41], fop[56]) == ("NULL", "RELEASE", "COPY_FILE_RANGE")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("  length-prefixed: {field: length, adjust: 4}", "  length-prefixed: {field: size, adjust: 4}"),
            "framing.length-prefixed.field: 'size' is not a header field",
        ),
        (("    when: {msg_type: 0}", "    when: {msg_typ: 0}"), "messages.when: unknown key 'msg_typ'"),
        (("  key: [handle]", "  key: [cookie]"), "pairing.key: 'cookie' is not a header field"),
        (("  handle: magenta", "  handle: mauve"), "colours.handle: 'mauve' is not a shade"),
        # a list is no shade either (it once raised TypeError: a list cannot be looked up)
        (("  handle: magenta", "  handle: [magenta]"), "colours.handle: ['magenta'] is not a shade"),
    ],
)
def test_protocol_yaml_mistakes_name_the_line(tmp_path, change, message):
    """The error names the file and the line of the mapping at fault (the changed line)."""
    from hexview.protocols.declared.schema import DeclarationError, load_declaration

    folder = tmp_path / "toy"
    shutil.copytree(TOY, folder)
    path = folder / "protocol.yaml"
    lines = path.read_text().splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith(change[0]))
    lines[at] = lines[at].replace(change[0], change[1])
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DeclarationError) as caught:
        load_declaration(folder)
    reported = str(caught.value)
    assert reported.startswith(f"{path}:"), reported
    assert message in reported
    line = int(reported[len(str(path)) + 1 :].split(":")[0])
    assert line == at + 1, reported


# -- a declared option, chosen on the command line ------------------------------------------

OPTY_KSY = """\
meta:
  id: opty_message
  endian: be
doc: A length, then a value two or four bytes wide, as the option says.
params:
  - id: width
    type: str
seq:
  - id: length
    type: u4
  - id: narrow
    type: u2
    if: width == "narrow"
  - id: wide
    type: u4
    if: width == "wide"
"""

OPTY_YAML = """\
name: OPTY
description: a value whose width an option chooses
ports: [7171]
endian: be
header:
  length: {offset: 0, size: 4}
framing:
  length-prefixed: {field: length, adjust: 4}
messages:
  - kind: message
    type: opty_message
    params: {width: $option.width}
options:
  - {name: width, choices: [narrow, wide], default: narrow, help: how wide the value is}
"""


def test_a_declared_option_is_offered_and_reaches_the_parser(tmp_path, cache):
    """--protocols DIR's protocol declares an option: --help lists it, --option (any
    case) and its generated --opty-width spelling choose it, the parser reads it
    through $option.width, and a value it does not offer is one usage line."""
    from tcp_packets import conversation_packets, write_pcap

    folder = tmp_path / "protocols" / "opty"
    folder.mkdir(parents=True)
    (folder / "opty_message.ksy").write_text(OPTY_KSY)  # a .ksy is named for its meta/id
    (folder / "protocol.yaml").write_text(OPTY_YAML)
    pcap = tmp_path / "opty.pcap"
    message = bytes.fromhex("0000000412345678")  # length 4, then 0x1234 5678
    write_pcap(pcap, conversation_packets([("c", message)], ("10.0.0.1", 40000), ("10.0.0.2", 7171)))
    protocols = ["--protocols", str(folder.parent)]

    help_text = run([*protocols, "--help"], cache=cache).stdout
    assert "--option opty.width=VALUE: how wide the value is; default: narrow" in " ".join(help_text.split())

    def top_fields(*extra):
        line = run([*protocols, *extra, "--json", str(pcap)], cache=cache).stdout.splitlines()[0]
        return {f["name"]: (f["value"], f["start"], f["end"]) for f in json.loads(line)["fields"]}

    assert top_fields() == {"length": (4, 0, 4), "narrow": (0x1234, 4, 6)}
    assert top_fields("--option", "OPTY.width=wide") == {"length": (4, 0, 4), "wide": (0x12345678, 4, 8)}
    assert top_fields("--opty-width", "wide") == {"length": (4, 0, 4), "wide": (0x12345678, 4, 8)}
    bad = run([*protocols, "--option", "opty.width=huge", "--json", str(pcap)], cache=cache, check=False)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["hexview: option opty.width: 'huge' is not one of narrow, wide"]
