"""Comparable document sets: how the conformance cases say rendered output is compared.

Parse as YAML with only true/false as booleans, drop empty documents, keep the wanted kinds, and
sort by (kind, namespace, name); order of documents is not part of the result.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable


def parse_stream(text: str) -> list:
    """A manifest stream as plain data (YAML 1.2: `yes`/`on` stay strings)."""
    from ruamel.yaml import YAML  # here, not above: `netpol diff` imports this module only for sort_key

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return list(yaml.load_all(text))


def sort_key(document: dict) -> tuple[str, str, str]:
    metadata = document.get("metadata") or {}
    return (str(document.get("kind", "")), str(metadata.get("namespace", "")), str(metadata.get("name", "")))


def normalise(documents: Iterable, kinds: Iterable[str] | None = None) -> list[dict]:
    wanted = set(kinds) if kinds is not None else None
    kept = [doc for doc in documents
            if isinstance(doc, dict) and doc and (wanted is None or doc.get("kind") in wanted)]
    return sorted(kept, key=sort_key)
