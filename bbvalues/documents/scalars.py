"""Write Python values as YAML scalars that Helm reads back unchanged.

Helm parses values with go-yaml v2, a YAML 1.1 reader: unquoted `on`, `y`, `no`, `0777`, `1e3` or
`~` are not strings there. A string that a YAML 1.1 (or 1.2) reader would turn into a boolean, a
null, a number or a date is therefore double-quoted, and so is anything that is not a valid plain
scalar (leading indicators, `: `, ` #`, surrounding spaces, control characters). Everything else is
written plain, the way Big Bang's own values files write it.
"""

from __future__ import annotations

import math

from bbvalues.documents.yamltree import resolve_plain
from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# A plain scalar may not start with these (YAML 1.1/1.2 indicator characters).
# libyaml reads a key written `key: value` only when it is shorter than this (a longer one needs `? key`).
IMPLICIT_KEY_LIMIT = 1024
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
# go-yaml v2 (Helm's reader) rejects a `:` inside a plain scalar in flow context ("found unexpected
# ':'"), so `{url: https://x}` must be written `{url: "https://x"}`.
_FLOW_INDICATORS = set(",[]{}:")
# Wider than Helm's resolver on purpose: other tools in a GitOps pipeline (kustomize, yq, YAML 1.2
# readers) must not read the value as a number or a date either, and quoting a string never hurts.
_NUMBER_LIKE = Pattern(r"(?i)^[-+]?(\.?[0-9]|\.(inf|nan)$|(inf|infinity|nan)$)")
_DATE_LIKE = Pattern(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_YAML11_SPECIAL = {"<<", "="}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0", "\x07": "\\a",
            "\b": "\\b", "\x0b": "\\v", "\x0c": "\\f", "\x1b": "\\e", "\x85": "\\N", "\xa0": "\\_",
            "\u2028": "\\L", "\u2029": "\\P"}


def format_scalar(value: Any, *, flow: bool = False) -> str:
    """The YAML text for a scalar: `null`, `true`, `42`, `1.5`, `plain`, or `"quoted"` when needed.

    `flow=True` also quotes strings containing `,[]{}:` (inside `{...}` or `[...]` they end the scalar,
    or go-yaml refuses them).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, str):
        return value if is_plain_safe(value, flow=flow) else double_quoted(value)
    raise TypeError(f"not a YAML scalar: {type(value).__name__}")


def format_key(key: str, *, flow: bool = False) -> str:
    """A mapping key: plain when Helm reads it back as the same string (`on:` would become "true")."""
    return format_scalar(str(key), flow=flow)


def is_plain_safe(text: str, *, flow: bool = False) -> bool:
    """True when `text` written unquoted reads back as exactly this string in YAML 1.1 and 1.2."""
    if not text or text != text.strip() or text in _YAML11_SPECIAL:
        return False
    if text[0] in _INDICATORS or (flow and any(ch in _FLOW_INDICATORS for ch in text)):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if any(not ch.isprintable() or ch in _ESCAPES for ch in text):
        return False
    if _NUMBER_LIKE.match(text) or _DATE_LIKE.match(text):
        return False
    return resolve_plain(text) == text and isinstance(resolve_plain(text), str)


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; escapes line breaks YAML would otherwise fold."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif not ch.isprintable() and ch != " ":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    """A YAML single-quoted scalar, or None when the text needs escapes single quotes cannot give."""
    if any(not ch.isprintable() for ch in text):
        return None
    return "'" + text.replace("'", "''") + "'"


def _format_float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    # go-yaml v2 reads `1e+20` as a float only with a dot or exponent; repr always gives one of them.
    return text if any(ch in text for ch in ".eE") else text + ".0"
