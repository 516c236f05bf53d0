"""What every JSON output of bbvalues shares: the schema version, the release and positions written alike.

A script reads `schema_version` first: it changes only when a field changes meaning or goes away
(new fields may appear). The schemas are under docs/schemas/, one per output. The same fact has the
same field name in every command: `release` ({version, row, source}), `file` and `line` (null when
unknown), `path` (a dotted key path) beside `keys` (its parts), `rule` (an id `bbvalues explain`
knows). Formats defined elsewhere (RFC 6902 JSON Patch, SARIF, GitLab Code Quality) follow their
own specification instead.
"""

from __future__ import annotations

import json

SCHEMA_VERSION = 1


def json_document(release=None, **fields) -> dict:
    """A top-level document: the schema version, the release when the output has one, then `fields`."""
    head = {"schema_version": SCHEMA_VERSION}
    if release is not None:
        head["release"] = release.as_dict()
    return {**head, **fields}


def position(origin) -> dict:
    return {"file": origin.file if origin else None, "line": origin.line if origin else None}


def key_path(path, dotted: str) -> dict:
    return {"path": dotted, "keys": list(path)}


def dump(document) -> str:
    return json.dumps(document, indent=2, default=str) + "\n"
