"""The release table's files: releases.yaml as plain data, read from its compiled copy releases.json when current.

Apart from `releases` (the typed rows and release selection) so that reading the table costs no
more than the files: `bbvalues --version` lists the rows without building them. Paths are plain
strings beside this module, as in every install (pathlib and importlib.resources would cost each
call their imports).
"""

from __future__ import annotations

import json
import os
import zlib

TABLE_FILE = os.path.join(os.path.dirname(__file__), "releases.yaml")
COMPILED_TABLE_FILE = os.path.join(os.path.dirname(__file__), "releases.json")


def table_data() -> dict:
    """releases.yaml as plain data, from its compiled copy when that was made from this very text.

    Every command-line call needs the table; the values reader takes ~8 ms over releases.yaml, json.loads
    a fraction of one (docs/benchmarks.md). A compiled copy that does not match (releases.yaml edited,
    releases.json not refreshed) is ignored, so an edit always takes effect.
    """
    text = _read(TABLE_FILE)
    try:
        compiled = json.loads(_read(COMPILED_TABLE_FILE))
    except (OSError, ValueError):
        compiled = {}
    if isinstance(compiled, dict) and compiled.get("compiled_from") == source_checksum(text):
        return compiled["table"]
    return parse_table(text)


def parse_table(text: str) -> dict:
    """releases.yaml's text as data, read as Helm reads values (YAML 1.1 scalars)."""
    from bbvalues.documents.reader import read_documents
    from bbvalues.documents.yamltree import LineMap

    name = os.path.basename(TABLE_FILE)
    return read_documents(text, LineMap(name))[0].value


def source_checksum(text: str) -> str:
    """Tells a stale compiled copy from a current one (a forgotten refresh, not tampering: both files ship together)."""
    return f"crc32 {zlib.crc32(text.encode('utf-8')):08x}, {len(text)} characters"


def compiled_table_text() -> str:
    """What releases.json must hold: releases.yaml's data and the checksum of the text it came from."""
    text = _read(TABLE_FILE)
    compiled = {"note": f"generated from {os.path.basename(TABLE_FILE)}: edit that, then run "
                        "python -m bbvalues.bigbang.releases",
                "compiled_from": source_checksum(text), "table": parse_table(text)}
    return json.dumps(compiled, indent=1, ensure_ascii=False) + "\n"


def write_compiled_table() -> None:
    with open(COMPILED_TABLE_FILE, "w", encoding="utf-8") as handle:
        handle.write(compiled_table_text())


def _read(path) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
