"""A small, deterministic YAML emitter for values: block style, two-space indent, Helm-safe scalars.

ruamel's dumper reasons in YAML 1.2 and would write `on` or `y` unquoted, which Helm reads as
booleans; this emitter quotes every scalar through `format_scalar` and lets callers put comment
lines above any key.
"""

from __future__ import annotations

from bbvalues.documents.scalars import IMPLICIT_KEY_LIMIT, format_scalar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    CommentsFor = Callable[[tuple], list[str]]

INDENT = "  "


def _no_comments(_path: tuple) -> list[str]:
    return []


def comment(text: str, pad: str = "") -> str:
    """A `# text` line; a character a comment cannot hold (a line break, a control character) is escaped."""
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return f"{pad}# {shown}"


def emit_values(values: Any, comments_for: CommentsFor = _no_comments) -> str:
    """YAML text for `values`; `comments_for(path)` gives comment lines to put above that key."""
    if isinstance(values, dict) and values:
        lines = _mapping(values, (), 0, comments_for)
    elif isinstance(values, list) and values:
        lines = _sequence(values, (), 0, comments_for)
    else:
        lines = [_inline(values)]
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict, path: tuple, depth: int, comments_for: CommentsFor) -> list[str]:
    lines = []
    pad = INDENT * depth
    for key, value in mapping.items():
        child = path + (key,)
        lines.extend(comment(text, pad) for text in comments_for(child))
        written = format_scalar(key)
        if len(pad) + len(written) + 1 < IMPLICIT_KEY_LIMIT:
            lines.extend(_entry(f"{pad}{written}:", value, child, depth, comments_for))
        else:
            lines.extend([f"{pad}? {written}", *_entry(f"{pad}:", value, child, depth, comments_for)])
    return lines


def _entry(prefix: str, value: Any, path: tuple, depth: int, comments_for: CommentsFor) -> list[str]:
    if isinstance(value, dict) and value:
        return [prefix] + _mapping(value, path, depth + 1, comments_for)
    if isinstance(value, list) and value:
        return [prefix] + _sequence(value, path, depth + 1, comments_for)
    return [f"{prefix} {_inline(value)}"]


def _sequence(items: list, path: tuple, depth: int, comments_for: CommentsFor) -> list[str]:
    lines = []
    pad = INDENT * depth
    for index, item in enumerate(items):
        if isinstance(item, (dict, list)) and item:
            nested = (_mapping(item, path + (index,), depth + 1, _no_comments) if isinstance(item, dict)
                      else _sequence(item, path + (index,), depth + 1, _no_comments))
            lines.append(f"{pad}- {nested[0].lstrip()}")
            lines.extend(nested[1:])
        else:
            lines.append(f"{pad}- {_inline(item)}")
    return lines


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return format_scalar(value)
