"""The decoding options protocols declare (``Registration.options``), as one table.

An option is known by its key ``protocol.name`` (protocol name in lower case), e.g.
``ocfs2.version``. The command line (``--option KEY=VALUE`` and the generated
``--PROTOCOL-NAME`` spelling), the interactive view's Decode As and the pipeline all
read this table, so a protocol that declares an option is offered everywhere
without any of them naming it.
"""

from __future__ import annotations

from .registry import ProtocolOption, Registration, registrations


class OptionError(ValueError):
    """An option that is not known, or a value it does not offer; the text says what is."""


def option_key(reg: Registration, option: ProtocolOption) -> str:
    return f"{reg.name.lower()}.{option.name}"


def declared() -> dict[str, tuple[Registration, ProtocolOption]]:
    """Every option of every registration, by key, in protocol then declaration order."""
    return {option_key(reg, opt): (reg, opt) for reg in registrations().values() for opt in reg.options}


def defaults() -> dict[str, str]:
    return {key: opt.default for key, (_, opt) in declared().items()}


def check(key: str, value: str) -> None:
    """Raise OptionError unless ``key`` is a declared option and ``value`` one of its choices."""
    table = declared()
    if key in table:
        _, opt = table[key]
        if value not in opt.choices:
            raise OptionError(f"option {key}: {value!r} is not one of {', '.join(opt.choices)}")
        return
    protocol, _, _ = key.partition(".")
    if protocol not in registrations():
        known = ", ".join(reg.name.lower() for reg in registrations().values())
        raise OptionError(f"option {key}: unknown protocol {protocol!r} (known: {known})")
    known = ", ".join(table) or "none"
    raise OptionError(f"option {key}: {registrations()[protocol].name} has no such option (known options: {known})")


def parse(text: str) -> tuple[str, str]:
    """``PROTOCOL.NAME=VALUE`` -> (key, value), checked against the table (OptionError)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or "." not in key:
        raise OptionError(f"--option {text!r}: expected PROTOCOL.NAME=VALUE (known options: {', '.join(declared()) or 'none'})")
    protocol, _, name = key.partition(".")
    key = f"{protocol.lower()}.{name}"
    check(key, value)
    return key, value


def resolved(chosen: dict[str, str] | None) -> dict[str, str]:
    """Every declared option's value: the chosen ones (checked) over the defaults."""
    values = defaults()
    for key, value in (chosen or {}).items():
        check(key, value)
        values[key] = value
    return values
