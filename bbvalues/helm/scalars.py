"""Write scalars so Helm (YAML 1.1, go-yaml v2) reads back exactly the value we mean."""

from __future__ import annotations

import json
from typing import Any

from bbvalues.documents.yamltree import resolve_plain

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def format_scalar(value: Any) -> str:
    """A YAML scalar token for `value`: `null`, `true`, numbers plain; strings quoted when needed.

    A string is written plain only when Helm would read the plain token back as that same string:
    `"true"`, `"on"`, `"y"`, `"0777"`, `"1e3"` and `""` are quoted.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    return text if _plain_safe(text) else json.dumps(text, ensure_ascii=False)


def _plain_safe(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text or "\t" in text:
        return False
    return resolve_plain(text) == text
