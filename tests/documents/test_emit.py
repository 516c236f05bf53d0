"""The values emitter's output reads back as the values it was given, whatever the keys and comments hold."""

from __future__ import annotations

from bbvalues.documents.emit import comment, emit_values
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap


def read(text: str):
    return read_documents(text, LineMap("emitted.yaml"))[0].value


def test_a_key_too_long_for_key_colon_value_is_written_explicitly_and_reads_back():
    values = {"a": {"x" * 3000: {"b": 1}, "y" * 1100: "v", "list": [{"z" * 1500: 1}], "short": 2}}
    text = emit_values(values)
    assert read(text) == values
    assert "  ? " + "x" * 3000 + "\n  :\n    b: 1\n" in text and "  short: 2\n" in text


def test_a_comment_escapes_what_a_comment_line_cannot_hold():
    assert comment("Secret \u00e9\x00 and\na break", "  ") == "  # Secret \u00e9\\x00 and\\na break"
    text = emit_values({"a": 1}, lambda path: ["bad\x00\nline"])
    assert read(text) == {"a": 1} and text.count("\n") == 2
