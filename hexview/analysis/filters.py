"""Display filters: which messages to show, in a small language Wireshark users know.

``compile(text)`` reads an expression once (``FilterError`` with the 1-based column of
the first thing wrong); ``Filter.matches(message)`` says whether a message passes.
The same compiled filter serves ``hexview -Y`` and the interactive view (it holds no
state between messages, so a view may run it from a worker).

The language:

- a *field* is a dotted path of field-tree names matched as a suffix anywhere in the
  tree (``xid``, ``rpc.xid``, ``args.body.gfid``); an array item ``pairs[0]`` is
  matched by ``pairs`` or by ``pairs[0]``. These words name the message itself
  instead: ``name protocol stream server direction frame time length latency request
  reply unanswered errors failed`` (a tree field called that is reached through a
  dotted path, e.g. ``key.length``), and ``stats.program stats.version
  stats.procedure stats.op`` the keys of the response-time rows its exchange counts in
  (these ask the protocol's ``stat_entries``, which may decode the reply);
- a value is compared with a field's raw value or its shown label: an enum shown
  ``NFS4ERR_NOENT (2)`` equals ``NFS4ERR_NOENT`` and ``2``; numbers may be written
  ``0x8``; strings as written (quoted when they hold spaces or punctuation); byte
  strings, UUIDs and file handles as hex with or without ``-``/``:``; times take a
  unit (``2ms``, ``150us``, ``1.5s``; plain numbers are seconds);
- operators ``== != < <= > >=`` (also ``eq ne lt le gt ge``), ``contains``,
  ``matches`` (a regular expression, case-insensitive), ``in {a, b, 1..5}``; a field
  alone means "present" (a true/false message field: that it is true); ``not``/``!``,
  ``and``/``&&``, ``or``/``||`` bind in that order, tightest first; parentheses group.

A field that occurs several times in a message (every ``op_errno`` of a COMPOUND's
operations, every frame of a message) matches when *any* occurrence does, as in
Wireshark. ``!=`` is the negation of ``==`` over the occurrences that exist: true
when the field is present and *no* occurrence equals the value (``op_errno != 0``:
has an op_errno and none is 0), so ``not x == v`` differs only for messages without
an ``x``.

Filters that read only the message fields other than ``errors`` and ``failed`` never
decode a message (``Filter.needs_decode``; ``stats.*`` may decode a reply, as ``--stats``
does, to learn which rows it reports); the others decode each message they look at
and keep no tree (``keep=True`` lets a writer that prints the matches reuse it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..messages import Message

if TYPE_CHECKING:  # pragma: no cover
    from ..decode.fields import DecodedMessage, Field
    from ..protocols.registry import Registration, StatEntry

__all__ = ["FilterError", "Filter", "compile", "field_names", "literal", "MESSAGE_FIELDS"]


class FilterError(ValueError):
    """A filter that cannot be read: ``message`` and the 1-based ``column`` it is about."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} at column {column}")
        self.message = message
        self.column = column


# -- words ---------------------------------------------------------------------------

# A word: a field path, a number with or without a unit, a label, a UUID, an address.
_WORD_CHARS = re.compile(r"[A-Za-z0-9_.:\-\[\]/+µ]+")
_SYMBOLS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "{", "}", ",")
_COMPARE = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_COMPARE_WORDS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*(\[\d+\])?(\.[A-Za-z_][A-Za-z0-9_\-]*(\[\d+\])?)*")
_INDEXED = re.compile(r"^(?P<base>.*)\[\d+\]$")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "string", "symbol", "end"
    text: str
    column: int  # 1-based


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in "\"'":
            start = i
            i += 1
            chars: list[str] = []
            while i < n and text[i] != c:
                if text[i] == "\\" and i + 1 < n:
                    nxt = text[i + 1]
                    # \" \' \\ stand for the character; any other escape is kept whole,
                    # so a regular expression's \d or \. is written once
                    chars.append(nxt if nxt in "\"'\\" else "\\" + nxt)
                    i += 2
                    continue
                chars.append(text[i])
                i += 1
            if i >= n:
                raise FilterError("unterminated string", start + 1)
            i += 1
            out.append(_Token("string", "".join(chars), start + 1))
            continue
        symbol = next((s for s in _SYMBOLS if text.startswith(s, i)), None)
        if symbol is not None:
            out.append(_Token("symbol", symbol, i + 1))
            i += len(symbol)
            continue
        match = _WORD_CHARS.match(text, i)
        if match is None:
            raise FilterError(f"unexpected character {c!r}", i + 1)
        out.append(_Token("word", match.group(), i + 1))
        i = match.end()
    out.append(_Token("end", "", n + 1))
    return out


# -- values ---------------------------------------------------------------------------

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
_NUMBER = re.compile(r"^(?P<num>-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?|\.\d+))(?P<unit>ns|us|µs|ms|s)?$")
_HEX_BYTES = re.compile(r"^(?:0x)?(?:[0-9a-f]{2}[-:]?)+$")
_TRUE = {"true", "yes", "set"}
_FALSE = {"false", "no", "not set"}


@dataclass(frozen=True, slots=True)
class _Value:
    """A value as written, and the forms it is compared in."""

    text: str
    number: int | float | None  # 0x8 -> 8, 2ms -> 0.002
    hexbytes: str | None  # lower-case hex digits, separators dropped (UUIDs, handles, bytes)
    truth: bool | None

    @classmethod
    def of(cls, text: str) -> _Value:
        number: int | float | None = None
        match = _NUMBER.match(text)
        if match:
            num, unit = match["num"], match["unit"]
            if num.lower().lstrip("-").startswith("0x"):
                number = int(num, 16) if unit is None else None
            elif "." in num or unit is not None:
                number = float(num) * _UNITS[unit or "s"]
            else:
                number = int(num)
        lowered = text.lower()
        hexbytes = None
        if _HEX_BYTES.match(lowered) and not lowered.endswith(("-", ":")):
            digits = re.sub(r"[-:]", "", lowered.removeprefix("0x"))
            if len(digits) % 2 == 0:
                hexbytes = digits
        truth = True if lowered in _TRUE else False if lowered in _FALSE else None
        return cls(text, number, hexbytes, truth)


# A field's value as the comparisons see it: the raw value and the shown text.
Scalar = int | float | str | bool | None


def _numeric(value: Scalar) -> int | float | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return None


def _equals(raw: Scalar, show: str, label: str, want: _Value) -> bool:
    if isinstance(raw, bool):
        if want.truth is not None:
            return raw == want.truth
        return want.number is not None and int(raw) == want.number
    number = _numeric(raw)
    if number is not None and want.number is not None:
        return number == want.number
    if isinstance(raw, str):
        if raw == want.text:
            return True
        if want.hexbytes is not None and raw.lower() == want.hexbytes:
            return True
    text = want.text
    if label == text or show == text:
        return True
    # a string shown quoted ('plainvol'), or a byte string shown as its text
    return len(show) >= 2 and show[0] == show[-1] == "'" and show[1:-1] == text


def _order(raw: Scalar, want: _Value, op: str) -> bool:
    """Numbers with numbers; a string value with the text as written."""
    number = _numeric(raw)
    if number is not None and want.number is not None:
        sign = (number > want.number) - (number < want.number)
    elif isinstance(raw, str):
        sign = (raw > want.text) - (raw < want.text)
    else:
        return False
    return sign in _SIGNS[op]


_SIGNS = {"<": (-1,), "<=": (-1, 0), ">": (1,), ">=": (1, 0)}


def _contains(raw: Scalar, show: str, want: _Value) -> bool:
    if isinstance(raw, str):
        if want.hexbytes is not None and _is_hex(raw):  # bytes within bytes
            return _hex_contains(raw.lower(), want.hexbytes)
        if want.text in raw:
            return True
    return want.text in show


def _is_hex(text: str) -> bool:
    return len(text) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in text)


def _hex_contains(haystack: str, needle: str) -> bool:
    """Whole bytes only: 'abc' does not contain 'bc' as a byte string."""
    start = haystack.find(needle)
    while start != -1:
        if start % 2 == 0:
            return True
        start = haystack.find(needle, start + 1)
    return False


# -- occurrences: what a field reference finds in one message -----------------------


@dataclass(frozen=True, slots=True)
class _Seen:
    raw: Scalar
    show: str
    label: str


def _of_field(f: Field) -> _Seen:
    """What a comparison reads of ``f``; an XDR string or opaque (a container holding
    length, value, padding) reads as its ``value``, so ``bname == dir1`` works."""
    if f.value is None and f.children:
        inner = f.child("value")
        if inner is not None:
            f = inner
    value = f.value
    raw: Scalar = value if isinstance(value, int | float | str | bool) or value is None else None
    return _Seen(raw, f.show, f.label)


def _plain(value: Scalar) -> _Seen:
    text = "" if value is None else str(value)
    return _Seen(value, text, text)


@dataclass(slots=True)
class _Context:
    """One message as the expression reads it: message fields on demand, tree fields
    found in one walk of the decoded tree."""

    message: Message
    origin: float | None
    tree: dict[tuple[str, ...], list[_Seen]] = field(default_factory=dict)
    decoded: DecodedMessage | None = None
    stats: list[StatEntry] | None = None  # the exchange's rows (``stats.*``), once asked


def _stat_values(name: str, ctx: _Context) -> list[_Seen]:
    """``stats.program`` ... ``stats.op``: the keys of the response-time rows (``--stats``)
    the message's exchange counts in, the same on a request and on its replies."""
    m = ctx.message
    request = m if m.is_request else m.pair if m.is_reply else None
    if request is None or not request.is_request:
        return []
    if ctx.stats is None:
        from .response_times import stat_entries  # the registry: only for filters that ask

        ctx.stats = stat_entries(request)
    keys = [entry.key for entry in ctx.stats]
    if name == "stats.procedure":  # the number (ONC RPC) or the name, and its name
        return [_Seen(key.procedure, key.name, key.name) for key in keys]
    values = [key.program if name == "stats.program" else key.version if name == "stats.version" else key.op for key in keys]
    return [_plain(value) for value in values if value is not None]


def _message_value(name: str, ctx: _Context) -> list[_Seen] | bool:
    """The occurrences of message field ``name`` (a true/false field: its truth)."""
    m = ctx.message
    if name == "name":
        return [_plain(m.name)]
    if name == "protocol":
        reg = m.conversation.protocol
        return [_plain(reg.name if reg is not None else "TCP")]
    if name == "stream":
        return [_plain(m.conversation.index)]
    if name == "server":
        return [_plain(str(m.conversation.server))]
    if name.startswith("stats."):
        return _stat_values(name, ctx)
    if name == "direction":
        return [_plain(m.direction)]
    if name == "frame":
        return [_plain(f) for f in m.frames]
    if name == "time":
        if ctx.origin is None or m.timestamp is None:
            return []
        return [_plain(round(m.timestamp - ctx.origin, 6))]
    if name == "length":
        return [_plain(m.length)]
    if name == "latency":
        latency = m.latency
        return [] if latency is None else [_plain(round(latency, 6))]
    if name == "request":
        return m.is_request
    if name == "reply":
        return m.is_reply
    if name == "unanswered":
        return m.is_request and m.expects_reply and m.first_reply is None
    if name == "errors":
        assert ctx.decoded is not None
        return bool(m.problems or m.missing or ctx.decoded.errors)
    if name == "failed":
        assert ctx.decoded is not None
        return ctx.decoded.outcome.failed
    raise KeyError(name)


MESSAGE_FIELDS: dict[str, str] = {
    "name": "the message's name as the list shows it (e.g. 'GlusterFS LOOKUP call')",
    "protocol": "the protocol's name (NBD, GlusterFS, NFS, ...)",
    "stream": "the conversation's number",
    "server": "the server end of the conversation, ip:port (as --stats and --conversations name it)",
    "direction": "c2s or s2c",
    "frame": "a frame that carried the message's bytes",
    "time": "seconds since the input's first packet",
    "length": "the message's length in bytes",
    "latency": "seconds from the request to its reply (on both), like Wireshark's response time",
    "request": "true for a request",
    "reply": "true for a reply",
    "unanswered": "true for a request whose reply was not seen",
    "errors": "true when the message has problems: malformed, undecoded or missing bytes",
    "failed": "true for a reply that reports an error (the list marks it)",
    "stats.program": "the ONC RPC program of the exchange's --stats rows (on its request and replies)",
    "stats.version": "the program's version in those rows",
    "stats.procedure": "the procedure of those rows: its number (ONC RPC) or command name, and its name",
    "stats.op": "an operation inside the exchange's COMPOUND (NFSv4) in those rows",
}
_DECODING = frozenset({"errors", "failed"})  # message fields that need the tree


# -- the expression -------------------------------------------------------------------

_Test = Callable[[_Context], bool]


@dataclass(frozen=True, slots=True)
class _Ref:
    """A field reference: a message field, or a tree path (its components)."""

    text: str
    column: int
    message_field: str | None
    path: tuple[str, ...]

    def seen(self, ctx: _Context) -> list[_Seen] | bool:
        if self.message_field is not None:
            return _message_value(self.message_field, ctx)
        return ctx.tree.get(self.path, [])


def _occurrences(ref: _Ref, ctx: _Context) -> list[_Seen]:
    found = ref.seen(ctx)
    if isinstance(found, bool):
        return [_Seen(found, "true" if found else "false", "true" if found else "false")]
    return found


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.paths: set[tuple[str, ...]] = set()
        self.decodes = False

    @property
    def token(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        if tok.kind != "end":
            self.pos += 1
        return tok

    def is_word(self, *words: str) -> bool:
        tok = self.token
        return tok.kind == "word" and tok.text.lower() in words

    def is_symbol(self, *symbols: str) -> bool:
        tok = self.token
        return tok.kind == "symbol" and tok.text in symbols

    def parse(self) -> _Test:
        if self.token.kind == "end":
            raise FilterError("empty filter", 1)
        test = self.or_()
        tok = self.token
        if tok.kind != "end":
            raise FilterError(f"expected 'and', 'or' or the end, got {_shown(tok)}", tok.column)
        return test

    def or_(self) -> _Test:
        tests = [self.and_()]
        while self.is_word("or") or self.is_symbol("||"):
            self.take()
            tests.append(self.and_())
        if len(tests) == 1:
            return tests[0]
        return lambda ctx: any(t(ctx) for t in tests)

    def and_(self) -> _Test:
        tests = [self.not_()]
        while self.is_word("and") or self.is_symbol("&&"):
            self.take()
            tests.append(self.not_())
        if len(tests) == 1:
            return tests[0]
        return lambda ctx: all(t(ctx) for t in tests)

    def not_(self) -> _Test:
        if self.is_word("not") or self.is_symbol("!"):
            self.take()
            inner = self.not_()
            return lambda ctx: not inner(ctx)
        return self.primary()

    def primary(self) -> _Test:
        tok = self.token
        if self.is_symbol("("):
            self.take()
            inner = self.or_()
            if not self.is_symbol(")"):
                raise FilterError(
                    f"expected ')' to close the '(' at column {tok.column}, got {_shown(self.token)}", self.token.column
                )
            self.take()
            return inner
        return self.comparison()

    def reference(self) -> _Ref:
        tok = self.take()
        if tok.kind != "word" or tok.text.lower() in _KEYWORDS:
            raise FilterError(f"expected a field name, got {_shown(tok)}", tok.column)
        if not _PATH.fullmatch(tok.text):
            raise FilterError(f"not a field name: {tok.text!r}", tok.column)
        if tok.text in MESSAGE_FIELDS:
            if tok.text in _DECODING:
                self.decodes = True
            return _Ref(tok.text, tok.column, tok.text, ())
        path = tuple(tok.text.split("."))
        self.paths.add(path)
        self.decodes = True
        return _Ref(tok.text, tok.column, None, path)

    def value(self) -> tuple[_Value, _Token]:
        tok = self.take()
        if tok.kind not in ("word", "string"):
            raise FilterError(f"expected a value, got {_shown(tok)}", tok.column)
        return _Value.of(tok.text), tok

    def comparison(self) -> _Test:
        ref = self.reference()
        tok = self.token
        op = None
        if tok.kind == "symbol" and tok.text in _COMPARE:
            op = _COMPARE[tok.text]
        elif tok.kind == "word" and tok.text.lower() in _COMPARE_WORDS:
            op = _COMPARE_WORDS[tok.text.lower()]
        if op is not None:
            self.take()
            want, _ = self.value()
            return _compare(ref, op, want)
        if self.is_word("contains"):
            self.take()
            want, _ = self.value()
            return lambda ctx: any(_contains(s.raw, s.show, want) for s in _occurrences(ref, ctx))
        if self.is_word("matches"):
            self.take()
            _, vtok = self.value()
            try:
                pattern = re.compile(vtok.text, re.IGNORECASE)
            except re.error as exc:
                raise FilterError(f"bad regular expression: {exc.msg}", vtok.column + (exc.pos or 0) + 1) from None
            return lambda ctx: any(_regex(pattern, s) for s in _occurrences(ref, ctx))
        if self.is_word("in"):
            self.take()
            return self.member_of(ref)
        if tok.kind == "word" and tok.text.lower() not in _KEYWORDS:
            raise FilterError(f"expected an operator after {ref.text!r}, got {_shown(tok)}", tok.column)
        return _present(ref)

    def member_of(self, ref: _Ref) -> _Test:
        opening = self.token
        if not self.is_symbol("{"):
            raise FilterError(f"expected '{{' after 'in', got {_shown(opening)}", opening.column)
        self.take()
        members: list[tuple[_Value, _Value | None]] = []  # a value, or a range's two ends
        while not self.is_symbol("}"):
            if self.token.kind == "end":
                raise FilterError(f"expected '}}' to close the '{{' at column {opening.column}", self.token.column)
            want, tok = self.value()
            low, sep, high = tok.text.partition("..")
            if tok.kind == "word" and sep:
                first, last = _Value.of(low), _Value.of(high)
                if first.number is None or last.number is None:
                    raise FilterError(f"a range needs two numbers: {tok.text!r}", tok.column)
                members.append((first, last))
            else:
                members.append((want, None))
            if self.is_symbol(","):
                self.take()
        self.take()
        if not members:
            raise FilterError("an empty set", opening.column)

        def test(ctx: _Context) -> bool:
            for s in _occurrences(ref, ctx):
                for first, last in members:
                    if last is None:
                        if _equals(s.raw, s.show, s.label, first):
                            return True
                    elif _order(s.raw, first, ">=") and _order(s.raw, last, "<="):
                        return True
            return False

        return test


_KEYWORDS = frozenset({"and", "or", "not", "contains", "matches", "in", *_COMPARE_WORDS})


def _shown(tok: _Token) -> str:
    if tok.kind == "end":
        return "the end"
    if tok.kind == "string":
        return repr(tok.text) + " (a string)"
    return repr(tok.text)


def _regex(pattern: re.Pattern[str], seen: _Seen) -> bool:
    raw = seen.raw
    if isinstance(raw, str) and pattern.search(raw):
        return True
    return pattern.search(seen.show) is not None


def _present(ref: _Ref) -> _Test:
    def test(ctx: _Context) -> bool:
        found = ref.seen(ctx)
        return found if isinstance(found, bool) else bool(found)

    return test


def _compare(ref: _Ref, op: str, want: _Value) -> _Test:
    if op == "==":
        return lambda ctx: any(_equals(s.raw, s.show, s.label, want) for s in _occurrences(ref, ctx))
    if op == "!=":

        def differs(ctx: _Context) -> bool:
            found = _occurrences(ref, ctx)
            return bool(found) and not any(_equals(s.raw, s.show, s.label, want) for s in found)

        return differs
    return lambda ctx: any(_order(s.raw, want, op) for s in _occurrences(ref, ctx))


# -- the compiled filter --------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """A compiled expression: ``matches`` each message."""

    text: str
    needs_decode: bool  # reads the field tree (or errors/failed): each message is decoded
    _test: _Test
    _paths: tuple[tuple[str, ...], ...]  # the tree paths it reads
    _last_names: frozenset[str]  # their last components, without an item's [N]

    def matches(self, message: Message, origin: float | None = None, keep: bool = False) -> bool:
        """Whether ``message`` passes. ``origin``: the input's first packet time (for
        ``time``). Decodes only when the expression reads the tree; the tree is let go
        afterwards, unless ``keep`` and the message matches (a writer about to print it
        then reuses it)."""
        ctx = _Context(message, origin)
        if not self.needs_decode:
            return self._test(ctx)
        kept = message._decoded is not None
        decoded = message.decode() if keep else message.decode_transient()
        ctx.decoded = decoded
        if self._paths:
            ctx.tree = self._collect(decoded)
        passed = self._test(ctx)
        if keep and not passed and not kept:
            message._decoded = None  # not shown: not kept
        return passed

    def select(self, messages: Iterable[Message], origin: Callable[[], float | None] = lambda: None) -> Iterator[Message]:
        """The messages that match, in order, each decoded tree kept for its writer."""
        for message in messages:
            if self.matches(message, origin(), keep=True):
                yield message

    def _collect(self, decoded: DecodedMessage) -> dict[tuple[str, ...], list[_Seen]]:
        """One walk of the tree: every field whose path ends with one of ours."""
        found: dict[tuple[str, ...], list[_Seen]] = {}
        wanted = self._last_names
        chain: list[str] = []  # the names from the top to the current field's parent
        stack: list[tuple[Field, int]] = [(f, 0) for f in reversed(decoded.fields)]
        while stack:
            f, depth = stack.pop()
            del chain[depth:]
            name = f.name
            if _base(name) in wanted:
                for path in self._paths:
                    if _ends_with(chain, name, path):
                        found.setdefault(path, []).append(_of_field(f))
            if f.children:
                chain.append(name)
                stack.extend((c, depth + 1) for c in reversed(f.children))
        return found


def _base(name: str) -> str:
    match = _INDEXED.match(name)
    return match["base"] if match else name


def _ends_with(chain: list[str], name: str, path: tuple[str, ...]) -> bool:
    """Whether the field ``name`` under ``chain`` is reached by ``path`` read from its
    end: each component names the next ancestor up. An array item ``x[3]`` under its
    array ``x`` is one step: ``x`` or ``x[3]`` names the pair."""
    names = chain + [name]
    i = len(names) - 1
    for component in reversed(path):
        if i < 0:
            return False
        here = names[i]
        if here != component and _base(here) != component:
            return False
        if here != _base(here) and i > 0 and names[i - 1] == _base(here):
            i -= 1  # the item and its array are one step
        i -= 1
    return True


def literal(value: str | int) -> str:
    """``value`` written as a filter value that reads back as itself: a bare word when
    it is one, else quoted (a name with spaces, a keyword such as ``in``)."""
    text = str(value)
    if _WORD_CHARS.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def compile(text: str) -> Filter:  # shadows the builtin inside this module only
    """Read ``text`` once; ``FilterError`` (with its column) when it cannot be read."""
    parser = _Parser(text)
    test = parser.parse()
    paths = tuple(sorted(parser.paths))
    return Filter(text, parser.decodes, test, paths, frozenset(_base(p[-1]) for p in paths))


def field_names(registrations: Iterable[Registration], seen: Iterable[DecodedMessage] = ()) -> list[str]:
    """Names a filter may use, for completion: the message fields, the names the
    registrations declare (their colours and summary fields), and every field name in
    the trees ``seen`` (a view passes the messages it has decoded)."""
    names: set[str] = set(MESSAGE_FIELDS)
    for reg in registrations:
        names.update(reg.colours)
        for fields in reg.summary_fields.values():
            names.update(fields)
    for decoded in seen:
        names.update(_base(f.name) for f in decoded.walk())
    return sorted(n for n in names if _PATH.fullmatch(n))
