"""De-duplication of same-named policies (`utils/_dedupe.tpl`, §6.6).

Names collide easily (`ns` and `ns/*`, identities, `tcp://` and no protocol). A later copy with the
same content (metadata ignored) is dropped; copies with different content all get `-deduped-<i>`.
"""

from __future__ import annotations

from bbvalues.netpol.metadata import DEDUPLICATED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_CHANGED = (dict, list, float)  # what `_canonical` may rewrite; other leaves are taken as they are


def _canonical(value: Any) -> Any:
    # Helm holds every number as float64, so 80 and 80.0 are the same content
    if isinstance(value, dict):
        return dict(sorted({str(k): _canonical(v) if isinstance(v, _CHANGED) else v for k, v in value.items()}.items()))
    if isinstance(value, list):
        return [_canonical(v) if isinstance(v, _CHANGED) else v for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


def content_key(resource: dict) -> str:
    """The content without metadata as canonical text (each mapping's keys in order): equal for
    copies Helm's dedupe would drop. The text itself is the key, written by `repr`, which tells `true`
    from `1` and `"1"` as JSON would: json imports `re`, and hashlib loads OpenSSL, each costing a
    `netpol expand` call more than this."""
    body = {k: v for k, v in resource.items() if k not in ("metadata", "status")}
    return repr(_canonical(body))


def dedupe(resources: list[dict]) -> list[dict]:
    first_seen: dict[str, int] = {}
    contents: dict[str, set[str]] = {}  # of the names seen more than once: the content of each kept copy
    renamed: dict[str, list[int]] = {}
    dropped: set[int] = set()
    for index, resource in enumerate(resources):
        name = (resource.get("metadata") or {}).get("name")
        if not resource.get("kind") or not name:
            continue
        key = f"{resource['kind']}/{name}"
        if key not in first_seen:
            first_seen[key] = index
            continue
        if key not in contents:
            contents[key] = {content_key(resources[first_seen[key]])}
        content = content_key(resource)
        if content in contents[key]:
            dropped.add(index)
        else:
            contents[key].add(content)
            renamed.setdefault(key, [first_seen[key]]).append(index)
    for indices in renamed.values():
        for suffix, index in enumerate(indices):
            metadata = resources[index].setdefault("metadata", {})
            metadata["name"] = f"{metadata['name']}-deduped-{suffix}"
            metadata["annotations"] = {**(metadata.get("annotations") or {}), DEDUPLICATED: "true"}
    return [resource for index, resource in enumerate(resources) if index not in dropped]
