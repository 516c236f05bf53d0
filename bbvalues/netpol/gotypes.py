"""Go template and sprig value semantics that bb-common's output depends on.

bb-common runs inside Helm, so its behaviour follows Go rather than Python: numbers from values are
float64 and print with `%v` (`1e+06`), sprig's `int`/`int64` parse strings with base 0 (a leading
zero means octal, a bad digit gives 0), `if` uses Go truthiness, and sprig's `merge` (mergo) keeps
the destination's value unless it is empty.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_INT64_MAX = 2**63 - 1
_GO_TYPES = {bool: "bool", str: "string", int: "float64", float: "float64", list: "[]interface {}"}


def go_type(value: Any) -> str:
    """The Go type a Helm value has in a template, as Go's error messages name it."""
    if value is None:
        return "nil"
    return _GO_TYPES.get(type(value), "map[string]interface {}")


def truthy(value: Any) -> bool:
    """Go template truthiness: false, 0, nil, and empty strings, maps and lists are false."""
    if value is None:
        return False
    if isinstance(value, (bool, int, float, str, list, dict, tuple)):
        return bool(value)
    return True


def sprig_int(text: Any) -> int:
    """sprig `int`/`int64` of a digit string: strconv base 0, so `010` is 8 and `080` is 0 (parse error)."""
    if isinstance(text, bool):
        return int(text)
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        return int(text)
    if not isinstance(text, str):
        return 0
    digits = text.strip()
    try:
        if len(digits) > 1 and digits.startswith("0") and digits[1:].isdigit():
            value = int(digits, 8)
        else:
            value = int(digits, 10)
    except ValueError:
        return 0
    return value if -_INT64_MAX - 1 <= value <= _INT64_MAX else 0


def format_value(value: Any) -> str:
    """Go's `%v` of a Helm value; Helm values hold every number as float64."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_float(float(value))
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{format_value(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(format_value(v) for v in value) + "]"
    return str(value)


def format_float(value: float) -> str:
    """`strconv.FormatFloat(v, 'g', -1, 64)` as `%v` uses it: exponent form from 1e+06 on."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    from decimal import Decimal  # only a float in the values needs it; importing it costs a call 2%

    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + exponent
    exp10 = point - 1
    prefix = "-" if sign else ""
    if exp10 < -4 or exp10 >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return prefix + text + "0" * (point - len(text))
    return f"{prefix}{text[:point]}.{text[point:]}"


def to_int(value: Any) -> int:
    """sprig/cast `int` of any value: strings are parsed, anything unparseable is 0."""
    if isinstance(value, str):
        return sprig_int(value)
    if isinstance(value, (bool, int, float)):
        return int(value)
    return 0


def is_empty(value: Any) -> bool:
    """mergo's `isEmptyValue`: the destination values that `merge` overwrites."""
    return not truthy(value)


def merge(dst: dict, src: dict) -> dict:
    """sprig `merge dst src`: fill keys missing or empty in dst, recursing into maps; dst wins otherwise."""
    for key, value in src.items():
        current = dst.get(key)
        if key in dst and not is_empty(current):
            if isinstance(current, dict) and isinstance(value, dict):
                merge(current, value)
            continue
        dst[key] = value
    return dst


def dig(value: Any, *keys: str, default: Any = None) -> Any:
    """sprig `dig`: walk maps, returning `default` when a key is missing."""
    current = value
    for key in keys:
        if not isinstance(current, dict) or key not in current:
            return default
        current = current[key]
    return current
