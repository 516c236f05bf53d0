"""YAML text exactly as Helm's `toYaml` (sigs.k8s.io/yaml over go-yaml v2) writes it.

bb-common stores `toYaml` output in annotations (selector overrides, spec literals), so the text
itself is part of the rendered manifest and has to match byte for byte. The same writer prints our
manifest streams, which then look like `helm template` output: keys sorted, two-space indent,
sequences not indented under their key, strings quoted only when go-yaml would read them back as
something else.
"""

from __future__ import annotations

import re
from typing import Any

from bbvalues.helm.scalars import format_scalar

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
          "FALSE", "on", "On", "ON", "off", "Off", "OFF"}
_SPECIAL_FLOATS = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"}
_INT = re.compile(r"[-+]?(0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)", re.ASCII)
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", re.ASCII)
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", re.ASCII)
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?", re.ASCII)
_INDICATORS = set("#,[]{}&*!|>'\"%@`")


def to_yaml(value: Any) -> str:
    """Helm's `toYaml`: the document text without its final newline."""
    # no rstrip: a keep-chomped block scalar (`|+`) ends in empty lines that are part of its value
    return "\n".join(_block(value, 0))


def dump_documents(documents: list[dict]) -> str:
    """A multi-document stream, each document introduced by `---`."""
    return "".join(f"---\n{to_yaml(doc)}\n" for doc in documents)


def _block(value: Any, indent: int) -> list[str]:
    if isinstance(value, dict) and value:
        return _mapping(value, indent)
    if isinstance(value, list) and value:
        return _sequence(value, indent)
    return [" " * indent + _inline(value, indent)]


def _mapping(value: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key in sorted(value, key=str):
        item = value[key]
        head = f"{pad}{_key(str(key), indent)}:"
        if isinstance(item, dict) and item:
            lines.append(head)
            lines.extend(_mapping(item, indent + 2))
        elif isinstance(item, list) and item:
            lines.append(head)
            lines.extend(_sequence(item, indent))
        else:
            lines.extend(_with_scalar(head, item, indent + 2))
    return lines


def _sequence(value: list, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in value:
        if (isinstance(item, dict) or isinstance(item, list)) and item:
            nested = _block(item, indent + 2)
            lines.append(f"{pad}- {nested[0][indent + 2:]}")
            lines.extend(nested[1:])
        else:
            lines.extend(_with_scalar(f"{pad}-", item, indent + 2))
    return lines


def _with_scalar(head: str, value: Any, content_indent: int) -> list[str]:
    text = _inline(value, content_indent)
    first, *rest = text.split("\n")
    return [f"{head} {first}", *rest]


def _inline(value: Any, indent: int) -> str:
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, float):
        return _float(value)
    if value is None or isinstance(value, (bool, int)):
        return format_scalar(value)
    return scalar(str(value), indent)


def _float(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _key(text: str, indent: int) -> str:
    # a block scalar cannot be a simple key, so a multi-line key is written double-quoted
    return _double_quoted(text) if "\n" in text else scalar(text, indent)


def scalar(text: str, indent: int) -> str:
    """One string as go-yaml v2 writes it: plain, single-quoted, double-quoted or a literal block."""
    if "\n" in text:
        return _literal(text, indent) if _block_allowed(text) else _double_quoted(text)
    if _resolves_to_non_string(text) or _BASE60.fullmatch(text):
        return _double_quoted(text)
    if _plain_allowed(text):
        return text
    if all(ch.isprintable() for ch in text):
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _resolves_to_non_string(text: str) -> bool:
    if text in _NULLS or text in _BOOLS or text in _SPECIAL_FLOATS:
        return True
    if not text or text[0] not in "+-.0123456789":
        return False
    if _INT.fullmatch(text) and _go_parse_int(text):
        return True
    return bool(_FLOAT.fullmatch(text) or _TIMESTAMP.fullmatch(text))


def _go_parse_int(text: str) -> bool:
    digits = text.replace("_", "").lstrip("+-")
    try:
        if digits[:2].lower() in ("0x", "0o", "0b"):
            int(digits[2:], {"x": 16, "o": 8, "b": 2}[digits[1].lower()])
        elif len(digits) > 1 and digits.startswith("0"):
            int(digits, 8)
        else:
            int(digits)
    except ValueError:
        return False
    return True


def _plain_allowed(text: str) -> bool:
    """libyaml's scalar analysis for block context."""
    if not text or text[0] in " \t" or text[-1] in " \t":
        return False
    if text.startswith(("---", "...")):
        return False
    if not all(ch.isprintable() for ch in text) or "\ufeff" in text:
        return False
    first = text[0]
    followed_by_blank = len(text) == 1 or text[1] in " \t"
    if first in _INDICATORS:
        return False
    if first in "?:-" and followed_by_blank:
        return False
    for index in range(1, len(text)):
        char = text[index]
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == ":" and after in ("", " ", "\t"):
            return False
        if char == "#" and text[index - 1] in " \t":
            return False
    return True


def _block_allowed(text: str) -> bool:
    """libyaml refuses a block scalar for control characters and for spaces at the end of a line."""
    if text.endswith(" ") or " \n" in text:
        return False
    return all(ch == "\n" or ch.isprintable() for ch in text)


def _double_quoted(text: str) -> str:
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\t":
            escaped.append("\\t")
        elif char == "\n":
            escaped.append("\\n")
        elif not char.isprintable():
            code = ord(char)
            escaped.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _literal(text: str, indent: int) -> str:
    if text.endswith("\n\n") or text == "\n":
        chomp = "+"
    elif text.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    indicator = "2" if text[0] in " \n" else ""  # content indentation cannot be detected from such a first line
    pad = " " * indent
    return f"|{indicator}{chomp}\n" + "\n".join(pad + line if line else "" for line in lines)
