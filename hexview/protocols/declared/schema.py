"""The ``protocol.yaml`` of a declared protocol: reading it and checking every field.

A declaration is plain data (the dataclasses below); nothing here compiles or
imports anything, so a bad file is reported -- one line naming the file, the line
and what is wrong -- before any work is done. README.md ("Your own protocols")
documents every field; docs/toy-protocol/ is a worked example.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, TypeAlias

import yaml

from ...decode.colours import SHADES
from ..registry import ProtocolOption

FILE_NAME = "protocol.yaml"
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.+-]{0,31}$")
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
TYPE_REF = re.compile(r"^[a-z][a-z0-9_]*$")  # a .ksy file's meta/id
ENUM_REF = re.compile(r"^[a-z][a-z0-9_]*(::[a-z][a-z0-9_]*)+$")  # file id :: [type ::] enum
DIRECTIONS = ("c2s", "s2c")
FACTS = ("direction", "is_request", "length", "prog", "vers", "proc")  # what a "$name" param may read
DEFAULT_MAX_MESSAGE = 16 * 1024 * 1024
DEFAULT_CONFIDENCE = 70

# A parser's params as declared: name -> a literal (number, true/false, text) or "$fact"
Params: TypeAlias = tuple[tuple[str, int | str], ...]
# What YAML read, before it is checked: any value, and a mapping (each checked where it is read)
Raw: TypeAlias = object
RawMapping: TypeAlias = dict[object, object]


class DeclarationError(Exception):
    """What is wrong with a declared protocol, located in a file (and a line, when known)."""

    def __init__(self, file: Path | str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.file = str(file)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class HeaderField:
    """An integer framing reads straight from a message's bytes (no parser runs)."""

    name: str
    offset: int
    size: int  # 1, 2, 4 or 8
    endian: str  # "be" or "le"
    enum: str | None = None  # "file_id::enum" (or "file_id::type::enum"): names its values

    def read(self, data: bytes | bytearray, at: int = 0) -> int | None:
        start = at + self.offset
        if len(data) < start + self.size:
            return None
        return int.from_bytes(data[start : start + self.size], "big" if self.endian == "be" else "little")


@dataclass(frozen=True)
class Magic:
    """Heuristic: ``data`` at ``offset`` (of a side's first bytes) means this protocol."""

    data: bytes
    offset: int
    sender_is_client: bool
    confidence: int


@dataclass(frozen=True)
class Framing:
    """How long a message is. ``form``: "length" (a length field: the message is its value
    plus ``adjust`` bytes), "fixed" (``size`` bytes), "type" (what the .ksy type
    ``type`` parses) or "onc-rpc" (RFC 5531 record marking)."""

    form: str
    field: HeaderField | None = None
    adjust: int = 0
    size: int = 0
    type: str = ""
    max: int = DEFAULT_MAX_MESSAGE


@dataclass(frozen=True)
class MessageRule:
    """Which messages are of ``kind``: direction and header-field values; the first rule
    that matches a message is its."""

    kind: str
    type: str | None  # .ksy id that parses it (None: shown undecoded)
    direction: str | None = None
    when: tuple[tuple[str, tuple[int, ...]], ...] = ()
    name: str = ""  # e.g. "TOY {opcode} request": header fields in braces
    params: Params = ()


@dataclass(frozen=True)
class Pairing:
    key: tuple[str, ...]  # header fields that together match a reply to its request
    requests: tuple[str, ...]
    replies: tuple[str, ...]


@dataclass(frozen=True)
class DeclaredProcedure:
    number: int
    name: str
    args: str | None = None  # .ksy id
    results: str | None = None
    params: Params = ()


@dataclass(frozen=True)
class DeclaredProgram:
    number: int
    name: str
    versions: dict[int, tuple[DeclaredProcedure, ...]]


@dataclass
class Declaration:
    folder: Path
    name: str
    description: str
    ports: tuple[int, ...]
    colour: str
    framing: Framing
    header: dict[str, HeaderField] = field(default_factory=dict)
    magics: tuple[Magic, ...] = ()
    messages: tuple[MessageRule, ...] = ()
    pairing: Pairing | None = None
    summary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)
    options: tuple[ProtocolOption, ...] = ()
    programs: tuple[DeclaredProgram, ...] = ()
    failure: tuple[str, tuple[int, ...]] | None = None  # (field, values that mean success)

    @property
    def types(self) -> set[str]:
        """Every .ksy id the declaration names."""
        found = {r.type for r in self.messages if r.type}
        if self.framing.type:
            found.add(self.framing.type)
        for program in self.programs:
            for procs in program.versions.values():
                found |= {t for p in procs for t in (p.args, p.results) if t}
        return found

    @property
    def enums(self) -> set[str]:
        return {f.enum for f in self.header.values() if f.enum}


# -- reading -------------------------------------------------------------------------


class _Lines(yaml.SafeLoader):
    """A safe loader that remembers each mapping's line, so errors can name it."""


def _mapping_with_line(loader: _Lines, node: yaml.MappingNode) -> _Located:
    value = loader.construct_mapping(node, deep=True)
    keys: dict[object, int] = {}
    for key_node, _value_node in node.value:
        with contextlib.suppress(TypeError, yaml.YAMLError):  # an unhashable key: construct_mapping said so already
            keys[loader.construct_object(key_node)] = key_node.start_mark.line + 1
    return _Located(value, node.start_mark.line + 1, keys)


class _Located(RawMapping):
    """A mapping that knows its line and each key's."""

    def __init__(self, value: RawMapping, line: int, keys: dict[object, int]) -> None:
        super().__init__(value)
        self.line = line
        self.key_lines = keys


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_yaml(path: Path) -> Raw:
    """The parsed file, every mapping a dict that knows its line; DeclarationError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeclarationError(path, f"cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_Lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        raise DeclarationError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise DeclarationError(path, f"not valid YAML: {exc}") from None


class _Reader:
    """Checks one file's values, raising DeclarationError with the line of the mapping at fault."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: Raw, message: str, key: object = None) -> NoReturn:
        """Raise for ``where`` (a mapping read from the file): at ``key``'s line when given."""
        line = getattr(where, "key_lines", {}).get(key) if key is not None else None
        raise DeclarationError(self.path, message, line or getattr(where, "line", None))

    def mapping(self, parent: Raw, key: str, value: Raw, known: tuple[str, ...]) -> RawMapping:
        if not isinstance(value, dict):
            self.fail(parent, f"{key}: expected a mapping")
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            bad = next(k for k in value if str(k) == unknown[0])
            self.fail(value, f"{key}: unknown key {unknown[0]!r} (known: {', '.join(known)})", bad)
        return value

    def integer(self, where: Raw, key: str, value: Raw, low: int = 0, high: int = 2**64 - 1) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(where, f"{key}: expected a whole number from {low} to {high}, got {value!r}")
        return value

    def text(self, where: Raw, key: str, value: Raw, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            self.fail(
                where, f"{key}: {value!r} is not valid" + (f" (expected {pattern.pattern})" if pattern else " (expected text)")
            )
        return value

    def names(self, where: Raw, key: str, value: Raw, pattern: re.Pattern[str] = IDENT) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.fail(where, f"{key}: expected a name or a list of names")
        return tuple(self.text(where, key, v, pattern) for v in items)


def load_declaration(folder: Path) -> Declaration:
    """The checked declaration in ``folder/protocol.yaml``."""
    path = folder / FILE_NAME
    doc = read_yaml(path)
    r = _Reader(path)
    top = r.mapping(
        None,
        FILE_NAME,
        doc,
        (
            "name",
            "description",
            "ports",
            "colour",
            "endian",
            "header",
            "heuristic",
            "framing",
            "messages",
            "pairing",
            "summary",
            "colours",
            "options",
            "programs",
            "failure",
        ),
    )
    if "name" not in top:
        r.fail(top, "name: missing (the protocol's name, e.g. TOY)")
    name = r.text(top, "name", top["name"], NAME)
    endian = top.get("endian", "be")
    if endian not in ("be", "le"):
        r.fail(top, f"endian: expected be or le, got {endian!r}")
    ports = top.get("ports", [])
    if not isinstance(ports, list):
        r.fail(top, "ports: expected a list of port numbers")
    header = _header(r, top, top.get("header", {}), endian)
    framing = _framing(r, top, top.get("framing"), header, endian)
    rpc = framing.form == "onc-rpc"
    decl = Declaration(
        folder=folder,
        name=name,
        description=str(top.get("description", "")),
        ports=tuple(r.integer(top, "ports", p, 1, 65535) for p in ports),
        colour=r.text(top, "colour", top.get("colour", "bright_white")),
        framing=framing,
        header=header,
        magics=_heuristics(r, top, top.get("heuristic")),
        messages=() if rpc else _messages(r, top, top.get("messages"), header),
        colours=_colours(r, top, top.get("colours", {})),
        options=_options(r, top, top.get("options", [])),
        programs=_programs(r, top, top.get("programs")) if rpc else (),
    )
    if rpc and not decl.programs:
        r.fail(top, "programs: an onc-rpc protocol declares at least one program")
    if not rpc and "programs" in top:
        r.fail(top, "programs: only with framing onc-rpc")
    kinds = {m.kind for m in decl.messages} | ({"call", "reply"} if rpc else set())
    decl.pairing = _pairing(r, top, top.get("pairing"), header, kinds) if "pairing" in top and not rpc else None
    decl.summary = _summary(r, top, top.get("summary", {}), kinds)
    if "failure" in top:
        spec = r.mapping(top, "failure", top["failure"], ("field", "ok"))
        ok = spec.get("ok", [0])
        decl.failure = (
            r.text(spec, "failure.field", spec.get("field"), IDENT),
            tuple(r.integer(spec, "failure.ok", v) for v in (ok if isinstance(ok, list) else [ok])),
        )
    return decl


def _header(r: _Reader, top: RawMapping, value: Raw, endian: str) -> dict[str, HeaderField]:
    fields: dict[str, HeaderField] = {}
    for fname, spec in r.mapping(top, "header", value, tuple(value) if isinstance(value, dict) else ()).items():
        fname = r.text(value, "header", fname, IDENT)
        spec = r.mapping(value, f"header.{fname}", spec, ("offset", "size", "endian", "enum"))
        size = r.integer(spec, f"header.{fname}.size", spec.get("size", 0), 1, 8)
        if size not in (1, 2, 4, 8):
            r.fail(spec, f"header.{fname}.size: expected 1, 2, 4 or 8")
        fendian = spec.get("endian", endian)
        if not isinstance(fendian, str) or fendian not in ("be", "le"):
            r.fail(spec, f"header.{fname}.endian: expected be or le")
        enum = spec.get("enum")
        if enum is not None:
            enum = r.text(spec, f"header.{fname}.enum", enum, ENUM_REF)
        fields[fname] = HeaderField(
            fname, r.integer(spec, f"header.{fname}.offset", spec.get("offset"), 0, 1 << 20), size, fendian, enum
        )
    return fields


def _framing(r: _Reader, top: RawMapping, value: Raw, header: dict[str, HeaderField], endian: str) -> Framing:
    if value == "onc-rpc":
        return Framing("onc-rpc")
    forms = ("length-prefixed", "fixed", "type", "onc-rpc")
    spec = r.mapping(top, "framing", value, forms + ("max",))
    chosen = [f for f in forms if f in spec]
    if len(chosen) != 1:
        r.fail(spec, f"framing: name exactly one of {', '.join(forms)}")
    form = chosen[0]
    limit = r.integer(spec, "framing.max", spec.get("max", DEFAULT_MAX_MESSAGE), 1, 1 << 31)
    body = spec[form]
    if form == "onc-rpc":
        return Framing("onc-rpc")
    if form == "type":
        return Framing("type", type=r.text(spec, "framing.type", body, TYPE_REF), max=limit)
    if form == "fixed":
        body = r.mapping(spec, "framing.fixed", body, ("size",))
        return Framing("fixed", size=r.integer(body, "framing.fixed.size", body.get("size"), 1, 1 << 24), max=limit)
    body = r.mapping(spec, "framing.length-prefixed", body, ("field", "offset", "size", "endian", "adjust"))
    if "field" in body:
        fname = r.text(body, "framing.length-prefixed.field", body["field"], IDENT)
        if fname not in header:
            r.fail(body, f"framing.length-prefixed.field: {fname!r} is not a header field", "field")
        length = header[fname]
    else:
        size = r.integer(body, "framing.length-prefixed.size", body.get("size", 4), 1, 8)
        if size not in (1, 2, 4, 8):
            r.fail(body, "framing.length-prefixed.size: expected 1, 2, 4 or 8")
        lendian = body.get("endian", endian)
        if not isinstance(lendian, str) or lendian not in ("be", "le"):
            r.fail(body, "framing.length-prefixed.endian: expected be or le")
        length = HeaderField(
            "length", r.integer(body, "framing.length-prefixed.offset", body.get("offset", 0), 0, 1 << 20), size, lendian
        )
    adjust = body.get("adjust", 0)
    if isinstance(adjust, bool) or not isinstance(adjust, int) or abs(adjust) > 1 << 20:
        r.fail(body, f"framing.length-prefixed.adjust: expected a whole number, got {adjust!r}")
    return Framing("length", field=length, adjust=adjust, max=limit)


def _heuristics(r: _Reader, top: RawMapping, value: Raw) -> tuple[Magic, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        spec = r.mapping(top, "heuristic", item, ("magic", "hex", "offset", "sender", "confidence"))
        if ("magic" in spec) == ("hex" in spec):
            r.fail(spec, "heuristic: give the bytes as magic (text) or hex, one of them")
        if "magic" in spec:
            data = r.text(spec, "heuristic.magic", spec["magic"]).encode("utf-8")
        else:
            try:
                data = bytes.fromhex(r.text(spec, "heuristic.hex", spec["hex"]))
            except ValueError:
                r.fail(spec, f"heuristic.hex: {spec['hex']!r} is not hex digits")
        if not data:
            r.fail(spec, "heuristic: the magic is empty")
        sender = spec.get("sender", "client")
        if sender not in ("client", "server"):
            r.fail(spec, f"heuristic.sender: expected client or server, got {sender!r}")
        out.append(
            Magic(
                data,
                r.integer(spec, "heuristic.offset", spec.get("offset", 0), 0, 4096),
                sender == "client",
                r.integer(spec, "heuristic.confidence", spec.get("confidence", DEFAULT_CONFIDENCE), 1, 100),
            )
        )
    return tuple(out)


def _params(r: _Reader, where: Raw, key: str, value: Raw) -> Params:
    spec = r.mapping(where, key, value, tuple(value) if isinstance(value, dict) else ())
    out: list[tuple[str, int | str]] = []
    for pname, pvalue in spec.items():
        pname = r.text(spec, key, pname, IDENT)
        if isinstance(pvalue, str) and pvalue.startswith("$"):
            fact = pvalue[1:]
            if fact not in FACTS and not fact.startswith("option.") and not fact.startswith("header."):
                r.fail(
                    spec,
                    f"{key}.{pname}: {pvalue!r} names nothing a message knows"
                    f" (${', $'.join(FACTS)}, $option.NAME, $header.FIELD)",
                )
        elif not isinstance(pvalue, (int, bool, str)):
            r.fail(spec, f"{key}.{pname}: expected a number, true/false, text or $fact")
        out.append((pname, pvalue))
    return tuple(out)


def _messages(r: _Reader, top: RawMapping, value: Raw, header: dict[str, HeaderField]) -> tuple[MessageRule, ...]:
    if not isinstance(value, list) or not value:
        r.fail(top, "messages: expected a list of message kinds (kind, type, direction/when, name)")
    out = []
    for item in value:
        spec = r.mapping(top, "messages", item, ("kind", "type", "direction", "when", "name", "params"))
        kind = r.text(spec, "messages.kind", spec.get("kind"), IDENT)
        direction = spec.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            r.fail(spec, f"messages.direction: expected c2s or s2c, got {direction!r}")
        when: list[tuple[str, tuple[int, ...]]] = []
        for fname, wanted in r.mapping(spec, "messages.when", spec.get("when", {}), tuple(header)).items():
            values = wanted if isinstance(wanted, list) else [wanted]
            when.append((str(fname), tuple(r.integer(spec, f"messages.when.{fname}", v) for v in values)))
        name = spec.get("name", "")
        if not isinstance(name, str):
            r.fail(spec, "messages.name: expected text")
        for used in re.findall(r"\{([^}]*)\}", name):
            if used not in header:
                r.fail(spec, f"messages.name: {{{used}}} is not a header field")
        mtype = spec.get("type")
        out.append(
            MessageRule(
                kind,
                None if mtype is None else r.text(spec, "messages.type", mtype, TYPE_REF),
                direction,
                tuple(when),
                name,
                _params(r, spec, "messages.params", spec.get("params", {})),
            )
        )
    return tuple(out)


def _pairing(r: _Reader, top: RawMapping, value: Raw, header: dict[str, HeaderField], kinds: set[str]) -> Pairing:
    spec = r.mapping(top, "pairing", value, ("key", "request", "reply"))
    key = r.names(spec, "pairing.key", spec.get("key"))
    for fname in key:
        if fname not in header:
            r.fail(spec, f"pairing.key: {fname!r} is not a header field", "key")
    requests = r.names(spec, "pairing.request", spec.get("request", "request"))
    replies = r.names(spec, "pairing.reply", spec.get("reply", "reply"))
    for kind in requests + replies:
        if kind not in kinds:
            r.fail(spec, f"pairing: {kind!r} is not a message kind ({', '.join(sorted(kinds))})")
    return Pairing(key, requests, replies)


def _summary(r: _Reader, top: RawMapping, value: Raw, kinds: set[str]) -> dict[str, tuple[str, ...]]:
    spec = r.mapping(top, "summary", value, tuple(sorted(kinds)))
    return {str(kind): r.names(spec, f"summary.{kind}", names) for kind, names in spec.items()}


def _colours(r: _Reader, top: RawMapping, value: Raw) -> dict[str, str]:
    spec = r.mapping(top, "colours", value, tuple(value) if isinstance(value, dict) else ())
    out: dict[str, str] = {}
    for fname, shade in spec.items():
        name = r.text(spec, "colours", fname, re.compile(r"^([a-z][a-z0-9_]*|default)$"))
        if not isinstance(shade, str) or shade not in SHADES:
            r.fail(spec, f"colours.{fname}: {shade!r} is not a shade ({', '.join(SHADES)})", fname)
        out[name] = shade
    return out


def _options(r: _Reader, top: RawMapping, value: Raw) -> tuple[ProtocolOption, ...]:
    if not isinstance(value, list):
        r.fail(top, "options: expected a list")
    out = []
    for item in value:
        spec = r.mapping(top, "options", item, ("name", "choices", "default", "help"))
        oname = r.text(spec, "options.name", spec.get("name"), IDENT)
        choices = spec.get("choices")
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
            r.fail(spec, f"options.{oname}.choices: expected a list of text values (quote yes/no/numbers)")
        default = spec.get("default", choices[0])
        if not isinstance(default, str) or default not in choices:  # (every choice is text)
            r.fail(spec, f"options.{oname}.default: {default!r} is not one of the choices")
        out.append(ProtocolOption(oname, tuple(choices), default, str(spec.get("help", ""))))
    return tuple(out)


def _programs(r: _Reader, top: RawMapping, value: Raw) -> tuple[DeclaredProgram, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail(top, "programs: expected a list")
    return tuple(read_program(r, top, item) for item in value)


def read_program(r: _Reader, where: Raw, item: Raw) -> DeclaredProgram:
    """One ONC RPC program: number, name, and per version its procedures -- a list of
    names (procedure numbers from 0), or a mapping number -> name or {name, args, results, params}."""
    spec = r.mapping(where, "programs", item, ("number", "name", "versions"))
    number = r.integer(spec, "programs.number", spec.get("number"), 0, 2**32 - 1)
    pname = r.text(spec, "programs.name", spec.get("name"), NAME)
    versions: dict[int, tuple[DeclaredProcedure, ...]] = {}
    raw = spec.get("versions")
    if not isinstance(raw, dict) or not raw:
        r.fail(spec, f"programs.{pname}.versions: expected a mapping version -> procedures")
    for vers, procs in raw.items():
        vers = r.integer(spec, f"programs.{pname}.versions", vers, 0, 2**32 - 1)
        if isinstance(procs, list):
            procs = dict(enumerate(procs))
        if not isinstance(procs, dict):
            r.fail(spec, f"programs.{pname}.versions.{vers}: expected a list of names or a mapping number -> procedure")
        entries: list[DeclaredProcedure] = []
        for proc, entry in procs.items():
            proc = r.integer(spec, f"programs.{pname}.versions.{vers}", proc, 0, 2**32 - 1)
            where_entry = procs
            if entry is None:  # YAML reads a bare NULL (RPC's procedure 0) as null
                entry = "NULL"
            if isinstance(entry, str):
                entry = {"name": entry}
            entry = r.mapping(
                where_entry, f"programs.{pname}.versions.{vers}.{proc}", entry, ("name", "args", "results", "params")
            )
            name = r.text(entry, "procedure name", entry.get("name"), re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$"))
            args, results = entry.get("args"), entry.get("results")
            entries.append(
                DeclaredProcedure(
                    proc,
                    name,
                    None if args is None else r.text(entry, "args", args, TYPE_REF),
                    None if results is None else r.text(entry, "results", results, TYPE_REF),
                    _params(r, entry, "params", entry.get("params", {})),
                )
            )
        versions[vers] = tuple(entries)
    return DeclaredProgram(number, pname, versions)


def load_programs(path: Path) -> tuple[DeclaredProgram, ...]:
    """The ``programs:`` list of a protocol.yaml-style file (a built-in protocol's
    program table, declared the way a user's would be)."""
    doc = read_yaml(path)
    r = _Reader(path)
    top = r.mapping(None, path.name, doc, ("programs",))
    return _programs(r, top, top.get("programs"))
