"""The plain tree builder: the fast one in ``kaitai_tree`` must build exactly this.

It introspects every parsed object again (``META`` looked up per instance, each
value's formatting decided per field). It is kept, unused by the views, as the
definition the planned builder is checked against field by field on every capture
(tests/test_fast_tree.py): simple enough to read as the spec of a field tree.
"""

from __future__ import annotations

from enum import IntEnum

from kaitaistruct import KaitaiStruct

from hexview.decode.fields import Field
from hexview.decode.kaitai_tree import (  # how values and flag words read is shared; the tree's shape is this module's own
    META,
    _bit_mask,
    _child_base,
    _describe,
    _flags_show,
    _type_doc,
    children_show,
    enum_label,
    json_value,
    seconds_show,
    set_bits_lsb,
    show_value,
)
from hexview.packets import Span


def struct_fields(obj: KaitaiStruct, base: int, limit: int, errors: list[Span], exc: BaseException | None) -> list[Field]:
    """The fields of one parsed object, in wire order, with absolute byte ranges."""
    meta = META.get(type(obj).__qualname__, {}).get("fields", {})
    seq = getattr(type(obj), "SEQ_FIELDS", [])
    if seq and all("bits" in meta.get(n, {}) for n in seq):
        return _bit_fields(obj, base, seq, meta)
    out: list[Field] = []
    debug = getattr(obj, "_debug", {})
    for name in seq:
        pos = debug.get(name)
        if not pos or "start" not in pos:
            continue  # not present (conditional) or never reached
        info = meta.get(name, {})
        start = base + pos["start"]
        if "end" not in pos:  # parsing failed inside this field
            end = max(start, limit)
            field = Field(name, None, "<malformed>", start, end, doc=info.get("doc", ""))
            value = getattr(obj, name, None)
            if isinstance(value, KaitaiStruct):
                field.children = struct_fields(value, _child_base(obj, value, start, base), end, errors, exc)
            elif isinstance(value, list):
                field.children = _array_fields(obj, name, value, pos, base, info, errors, exc)
            errors.append(Span(start, end, f"malformed {name}: {_describe(exc) if exc else 'incomplete'}"))
            out.append(field)
            break
        end = base + pos["end"]
        value = getattr(obj, name, None)
        out.append(_field(obj, name, value, start, end, base, pos, info, errors, exc))
    return out


def _field(obj, name, value, start, end, base, pos, info, errors, exc) -> Field:
    doc = info.get("doc", "")
    if isinstance(value, KaitaiStruct):
        children = struct_fields(value, _child_base(obj, value, start, base), end, errors, exc)
        flags = getattr(value, "_hexview_flags", None)
        hint = info.get("show")
        shown = _flags_show(value) if flags is not None else (children_show(children, hint) if hint else "")
        return Field(
            name,
            flags,
            shown,
            start,
            end,
            children,
            doc or _type_doc(type(value)),
        )
    if isinstance(value, list):
        children = _array_fields(obj, name, value, pos, base, info, errors, exc)
        scalar = all(not isinstance(v, KaitaiStruct) for v in value)
        shown = [c.value for c in children] if scalar else None
        return Field(name, shown, f"{len(value)} item{'s' if len(value) != 1 else ''}", start, end, children, doc)
    if info.get("show") == "bitmap_lsb" and isinstance(value, (bytes, bytearray)):
        bits = set_bits_lsb(value)
        return Field(name, bits, ", ".join(map(str, bits)) if bits else "(none)", start, end, doc=doc)
    if info.get("show") == "time" and type(value) is int:
        return Field(name, value, seconds_show(obj, name, value), start, end, doc=doc)
    return Field(name, json_value(value), show_value(value, info, end - start), start, end, doc=doc)


def _array_fields(obj, name, values, pos, base, info, errors, exc) -> list[Field]:
    children = []
    for i, item in enumerate(values):
        arr = pos.get("arr", [])
        if i >= len(arr) or "start" not in arr[i]:
            break
        start = base + arr[i]["start"]
        end = base + arr[i].get("end", arr[i]["start"])
        children.append(_field(obj, f"{name}[{i}]", item, start, end, base, {}, info, errors, exc))
    return children


def _bit_fields(obj: KaitaiStruct, base: int, seq: list[str], meta: dict) -> list[Field]:
    """A type made only of bit fields is a flags word: one child per named bit."""
    first = getattr(obj, "_debug", {}).get(seq[0], {})
    base += first.get("start", 0)  # bit positions count from the word's first byte
    total = sum(meta[n]["bits"] for n in seq)
    nbytes = (total + 7) // 8
    word = 0
    children = []
    names = []
    bitpos = 0
    for name in seq:
        width = meta[name]["bits"]
        raw = getattr(obj, name, None)
        if raw is None:
            break
        number = int(raw)
        shift = total - bitpos - width
        word |= number << shift
        start = base + bitpos // 8
        end = base + (bitpos + width + 7) // 8
        mask = _bit_mask(total, shift, width, number)
        if width == 1:
            shown = "Set" if number else "Not set"
            if number and not name.startswith("reserved"):
                names.append(name.upper())
        elif isinstance(raw, IntEnum):
            shown = f"{enum_label(raw)} ({number})"
            if number:
                names.append(enum_label(raw))
        else:
            shown = str(number)
        children.append(
            Field(name, bool(number) if width == 1 else number, f"{mask} = {shown}", start, end, doc=meta[name].get("doc", ""))
        )
        bitpos += width
    obj._hexview_flags = word  # the container shows the whole word
    obj._hexview_flags_width = nbytes
    obj._hexview_flag_names = names
    return children
