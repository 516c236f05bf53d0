"""YAML text exactly as Helm's `toYaml` (sigs.k8s.io/yaml over go-yaml v2) writes it.

bb-common stores `toYaml` output in annotations (selector overrides, spec literals), so the text
itself is part of the rendered manifest and has to match byte for byte. The same writer prints our
manifest streams, which then look like `helm template` output: keys sorted, two-space indent,
sequences not indented under their key, strings quoted only when go-yaml would read them back as
something else.
"""

from __future__ import annotations

from functools import cmp_to_key, lru_cache

from bbvalues.documents.yamltree import BOOLEAN_TOKENS, NULL_TOKENS, RADIX_DIGITS, is_float_text
from bbvalues.documents.scalars import format_scalar
from bbvalues.patterns import DIGITS, Shape, consists_of, digit_first, unsigned

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_SPECIAL_FLOATS = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"}
_INDICATORS = set("#,[]{}&*!|>'\"%@`")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n"}
_BEST_WIDTH = 80  # libyaml's default line width, which go-yaml v2 keeps
_SIMPLE_KEY_LIMIT = 128  # longer keys are written as `? key` (libyaml check_simple_key)


def _is_int(text: str) -> bool:
    body = unsigned(text)
    radix_digits = RADIX_DIGITS.get(body[:2].lower())  # go-yaml takes `0B`, `0O` and `0X` too
    if radix_digits is not None and consists_of(body[2:], radix_digits):
        return True
    return digit_first(body, DIGITS + "_")


def _is_base60(text: str) -> bool:
    """`1:20`, `-3:25:45.5`: YAML 1.1's sexagesimal numbers, which go-yaml v2 quotes and reads as strings."""
    whole, _, fraction = unsigned(text).partition(".")
    first, *sixties = whole.split(":")
    return (bool(sixties) and digit_first(first, DIGITS + "_")
            and all(_is_sixty(part) for part in sixties) and (fraction == "" or consists_of(fraction, DIGITS + "_")))


def _is_sixty(text: str) -> bool:
    """`[0-5]?[0-9]`"""
    return consists_of(text, DIGITS) and (len(text) == 1 or len(text) == 2 and text[0] in "012345")


def _is_timestamp(text: str) -> bool:
    year, month, day_and_time = (text.split("-", 2) + ["", ""])[:3]
    day_length = 2 if consists_of(day_and_time[:2], DIGITS) and len(day_and_time) >= 2 else 1
    day, time = day_and_time[:day_length], day_and_time[day_length:]
    return (len(year) == 4 and consists_of(year, DIGITS) and len(month) <= 2 and consists_of(month, DIGITS)
            and consists_of(day, DIGITS) and (time == "" or time[0] in "Tt " and "\n" not in time))


# go-yaml v2's resolve table, and its sexagesimal numbers (which it writes quoted)
_INT = Shape(r"[-+]?(0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)", _is_int)
_FLOAT = Shape(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", lambda text: is_float_text(text, DIGITS))
_BASE60 = Shape(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", _is_base60)
_TIMESTAMP = Shape(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?", _is_timestamp)


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
    keys = list(value)
    names = tuple(map(str, keys))
    for index in _go_key_order(names):
        item, key = value[keys[index]], names[index]
        if not _simple_key(key):
            # libyaml writes long or multi-line keys as `? key` / `: value`, the value in compact form
            lines.extend(_with_scalar(f"{pad}?", key, indent + 2))
            if isinstance(item, (dict, list)) and item:
                nested = _block(item, indent + 2)
                lines.append(f"{pad}: {nested[0][indent + 2:]}")
                lines.extend(nested[1:])
            else:
                lines.extend(_with_scalar(f"{pad}:", item, indent + 2))
            continue
        head = f"{pad}{scalar(key)}:"
        if isinstance(item, dict) and item:
            lines.append(head)
            lines.extend(_mapping(item, indent + 2))
        elif isinstance(item, list) and item:
            lines.append(head)
            lines.extend(_sequence(item, indent))
        else:
            lines.extend(_with_scalar(head, item, indent + 2))
    return lines


def _go_key_less(a: str, b: str) -> bool:
    """go-yaml v2's `keyList.Less`: letters after other characters, digit runs compared as numbers."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = a[i].isalpha(), b[i].isalpha()
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        a_number = b_number = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    a_number = b_number = 1
                    break
                j -= 1
        a_end = i
        while a_end < len(a) and a[a_end].isdigit():
            a_number = a_number * 10 + ord(a[a_end]) - 48
            a_end += 1
        b_end = i
        while b_end < len(b) and b[b_end].isdigit():
            b_number = b_number * 10 + ord(b[b_end]) - 48
            b_end += 1
        if a_number != b_number:
            return a_number < b_number
        if a_end != b_end:
            return a_end < b_end
        return a[i] < b[i]
    return len(a) < len(b)


_GO_KEY = cmp_to_key(lambda a, b: -1 if _go_key_less(a, b) else 1 if _go_key_less(b, a) else 0)


@lru_cache(maxsize=1024)
def _go_key_order(names: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of a mapping's keys in go-yaml's order: sigs.k8s.io/yaml re-reads the JSON into an
    unordered map, so go-yaml's own order is what prints. Manifests repeat a few sets of keys (metadata,
    spec, ports...), so each set is sorted once."""
    return tuple(sorted(range(len(names)), key=lambda index: _GO_KEY(names[index])))


def _simple_key(key: str) -> bool:
    return "\n" not in key and len(key.encode("utf-8")) <= _SIMPLE_KEY_LIMIT


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
    text = _inline(value, content_indent, column=len(head) + 1)
    first, *rest = text.split("\n")
    return [f"{head} {first}", *rest]


def _inline(value: Any, indent: int, column: int | None = None) -> str:
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, float):
        return _float(value)
    if value is None or isinstance(value, (bool, int)):
        return format_scalar(value)
    return scalar(str(value), indent, column)


def _float(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


@lru_cache(maxsize=4096)  # manifests repeat their keys and many values (protocols, namespaces, labels)
def scalar(text: str, indent: int = 0, column: int | None = None) -> str:
    """One string as go-yaml v2 writes it: plain, single-quoted, double-quoted or a literal block.

    `column` is where a value starts on its line; long values are then folded at spaces past
    column 80, as libyaml does (keys are never folded).
    """
    if "\n" in text and _block_allowed(text) and column is not None:
        return _literal(text, indent)
    if "\n" not in text and not _resolves_to_non_string(text) and not _BASE60.fullmatch(text):
        if _plain_allowed(text):
            return _folded(text, "", column, indent)
        if text.isprintable():
            return _folded(text, "'", column, indent)
    return _folded(text, '"', column, indent)


def _folded(text: str, quote: str, column: int | None, indent: int) -> str:
    """Write the scalar in one style, breaking lines at spaces like libyaml's scalar writers."""
    if column is None or " " not in text or column + len(quote) + len(text) <= _BEST_WIDTH:
        body = "".join(map(_escape, text)) if quote == '"' else text.replace("'", "''") if quote else text
        if column is None or " " not in text or column + len(quote) + len(body) <= _BEST_WIDTH:
            return quote + body + quote  # no space lies past the line width: nothing to fold
    out = [quote]
    col = (column or 0) + len(quote)
    spaces = False
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == " ":
            next_is_space = index < last and text[index + 1] == " "
            inner = not quote or 0 < index < last
            can_break = quote == '"' or not next_is_space
            if column is not None and not spaces and col > _BEST_WIDTH and inner and can_break:
                out.append("\n" + " " * indent)
                col = indent
                if quote == '"' and next_is_space:
                    out.append("\\")
                    col += 1
            else:
                out.append(" ")
                col += 1
            spaces = True
            continue
        piece = _escape(char) if quote == '"' else "''" if (quote == "'" and char == "'") else char
        out.append(piece)
        col += len(piece)
        spaces = False
    out.append(quote)
    return "".join(out)


def _resolves_to_non_string(text: str) -> bool:
    if text in NULL_TOKENS or text in BOOLEAN_TOKENS or text in _SPECIAL_FLOATS:
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
    if not text.isprintable() or "\ufeff" in text:
        return False
    first = text[0]
    if first in _INDICATORS:
        return False
    if first in "?:-" and (len(text) == 1 or text[1] in " \t"):
        return False
    # after the first character: `: ` or a final `:` starts a value, ` #` a comment (the text has no tab,
    # which is not printable, and starts with no blank, so each of these lies past the first character)
    return ": " not in text and not text.endswith(":") and " #" not in text


def _block_allowed(text: str) -> bool:
    """libyaml refuses a block scalar for control characters and for spaces at the end of a line."""
    if text.endswith(" ") or " \n" in text:
        return False
    return text.replace("\n", "").isprintable()


def _escape(char: str) -> str:
    """A character inside a double-quoted scalar."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


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
