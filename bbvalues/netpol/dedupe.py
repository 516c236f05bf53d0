"""De-duplication of same-named policies (`utils/_dedupe.tpl`, §6.6).

Names collide easily (`ns` and `ns/*`, identities, `tcp://` and no protocol). A later copy with the
same content (metadata ignored) is dropped; copies with different content all get `-deduped-<i>`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bbvalues.netpol.metadata import DEDUPLICATED


def _canonical(value: Any) -> Any:
    # Helm holds every number as float64, so 80 and 80.0 are the same content
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def content_hash(resource: dict) -> str:
    body = {k: v for k, v in resource.items() if k not in ("metadata", "status")}
    return hashlib.sha256(json.dumps(_canonical(body), sort_keys=True).encode()).hexdigest()


def dedupe(resources: list[dict]) -> list[dict]:
    first_seen: dict[str, int] = {}
    hashes: dict[str, set[str]] = {}
    renamed: dict[str, list[int]] = {}
    dropped: set[int] = set()
    for index, resource in enumerate(resources):
        name = (resource.get("metadata") or {}).get("name")
        if not resource.get("kind") or not name:
            continue
        key = f"{resource['kind']}/{name}"
        digest = content_hash(resource)
        if key not in first_seen:
            first_seen[key], hashes[key] = index, {digest}
        elif digest in hashes[key]:
            dropped.add(index)
        else:
            hashes[key].add(digest)
            renamed.setdefault(key, [first_seen[key]]).append(index)
    for indices in renamed.values():
        for suffix, index in enumerate(indices):
            metadata = resources[index].setdefault("metadata", {})
            metadata["name"] = f"{metadata['name']}-deduped-{suffix}"
            metadata["annotations"] = {**(metadata.get("annotations") or {}), DEDUPLICATED: "true"}
    return [resource for index, resource in enumerate(resources) if index not in dropped]
