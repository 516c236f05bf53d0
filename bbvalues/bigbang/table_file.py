"""The release table's files: releases.yaml as plain data, read from its compiled copy when current.

Apart from `releases` (the typed rows and release selection) so that reading the table costs no
more than the files: `bbvalues --version` lists the rows without building them. The compiled copy is
a Python module of literals, which the install byte-compiles: loading it is one unmarshal, and it
imports nothing (json would import `re`, a third of `bbvalues --version`). Paths are plain strings
beside this module, as in every install (pathlib and importlib.resources would cost each call their
imports).
"""

from __future__ import annotations

import os
import zlib

TABLE_FILE = os.path.join(os.path.dirname(__file__), "releases.yaml")
COMPILED_TABLE_FILE = os.path.join(os.path.dirname(__file__), "releases_compiled.py")
REFRESH_COMMAND = "python -m bbvalues.bigbang.releases"


def table_data() -> dict:
    """releases.yaml as plain data, from its compiled copy when that was made from this very text.

    Every command-line call needs the table; the values reader takes ~8 ms over releases.yaml, the
    compiled copy half a millisecond. A compiled copy that does not match (releases.yaml edited, the
    copy not refreshed) is ignored, so an edit always takes effect.
    """
    text = _read(TABLE_FILE)
    checksum, table = _compiled_table()
    if checksum == source_checksum(text) and isinstance(table, dict):
        return table
    return parse_table(text)


def _compiled_table() -> tuple[object, object]:
    """The compiled copy's checksum and table; Nones when there is no usable copy."""
    try:
        from bbvalues.bigbang import releases_compiled
    except (ImportError, SyntaxError):
        return None, None
    return getattr(releases_compiled, "COMPILED_FROM", None), getattr(releases_compiled, "TABLE", None)


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
    """What releases_compiled.py must hold: releases.yaml's data and the checksum of the text it came from."""
    import pprint

    text = _read(TABLE_FILE)
    table = pprint.pformat(parse_table(text), width=110, sort_dicts=False)
    return (f'"""Generated from {os.path.basename(TABLE_FILE)}: edit that, then run {REFRESH_COMMAND}."""\n\n'
            f"COMPILED_FROM = {source_checksum(text)!r}\n"
            f"TABLE = {table}\n")


def write_compiled_table() -> None:
    with open(COMPILED_TABLE_FILE, "w", encoding="utf-8") as handle:
        handle.write(compiled_table_text())


def _read(path) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
