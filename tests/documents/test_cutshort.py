"""Reading an edited text back with its big untouched scalars cut short: whenever the short reading stands
in, it gives exactly what reading the full text gives; texts it cannot vouch for are read whole."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import assume, given, settings, strategies as st

from bbvalues.documents import cutshort, edit as edit_engine
from bbvalues.documents.composer import KeptEvents, parse_events
from bbvalues.documents.cutshort import moved, planned_cuts, read_cut_short, spliced
from bbvalues.documents.edit import DeleteKey, SetValue, apply_edits
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap
from bbvalues.errors import BBValuesError
from tests.documents.test_edit_properties import PROPERTY_SETTINGS

LINES = LineMap("values.yaml")
SMALL = 48  # the size from which a scalar is cut, in these tests: a few lines of a block, a short line


@pytest.fixture(autouse=True)
def small_cuts():
    with mock.patch.object(cutshort, "CUT_FROM", SMALL):
        yield


def events_of(text: str) -> list:
    return parse_events(text, LINES.file, list)


def full_values(text: str) -> list:
    return [document.value for document in read_documents(text, LINES, positions=False)]


def short_values(text: str, cuts) -> list | None:
    documents = read_cut_short(text, cuts, LINES)
    return None if documents is None else [document.value for document in documents]


def block(header: str, lines: list[str], indent: str = "    ") -> str:
    return header + "\n" + "".join(indent + line + "\n" if line else "\n" for line in lines)


CONFIG = [f"setting{n}: value-{n} # not a comment: {{[,]}} 'x' \"y\" \\z" for n in range(12)]
CUTTABLE = {
    "literal": "a:\n  config: " + block("|", CONFIG) + "  next: 1\n",
    "literal-strip": "config: " + block("|-  # a comment", CONFIG, "  ") + "next: 1\n",
    "literal-keep-with-trailing-blank-lines": "config: " + block("|+", CONFIG + ["", ""], "  ") + "next: 1\n",
    "literal-with-blank-and-deeper-lines": "config: " + block("|", CONFIG[:4] + ["", "  deeper", "\t"] + CONFIG[4:],
                                                              "  "),
    "literal-crlf": ("config: " + block("|", CONFIG, "  ")).replace("\n", "\r\n"),
    "literal-at-the-end-without-newline": "config: " + block("|", CONFIG, "  ")[:-1],
    "literal-in-a-list": "items:\n- " + block("|", CONFIG, "  ") + "- x\n",
    "plain": "token: " + "AbC0123+/=" * 10 + "\n",
    "plain-in-a-flow-mapping": "m: {token: " + "AbC0123+/=" * 10 + ", b: 1}\n",
    "single-quoted": "token: '" + "AbC 0123+/=: #" * 10 + "'\n",
    "double-quoted": 'token: "' + "AbC 0123+/=: #'" * 10 + '"\n',
    "a-key": "? " + "key0123456" * 10 + "\n: value\n",
    "two-scalars-and-a-second-document": "a: " + block("|", CONFIG, "  ") + "b: " + "x1" * 50 + "\n---\nc: 1\n",
}
NOT_CUT = {
    "folded": "config: " + block(">", CONFIG, "  "),
    "indentation-indicator": "config: " + block("|2", CONFIG, "  "),
    "blank-first-line": "config: " + block("|", [""] + CONFIG, "  "),
    "blank-line-before-the-last": "config: " + block("|", CONFIG[:1] + ["", "last"], "  "),
    "one-blank-line-in-the-middle": "config: |\n  first\n" + " " * 60 + "\n  last\n",
    "short": "config: " + block("|", CONFIG[:1], "  "),
    "anchored": "config: &c " + block("|", CONFIG, "  ") + "again: *c\n",
    "an-alias-elsewhere": "a: &a 1\nb: *a\nconfig: " + block("|", CONFIG, "  "),
    "tagged": "config: !!str " + block("|", CONFIG, "  "),
    "plain-with-spaces": "words: " + "word " * 30 + "end\n",
    "plain-with-commas": "words: " + "word," * 30 + "end\n",
    "plain-with-colons": "words: " + "a:b" * 30 + "end\n",
    "plain-folded": "words: " + "word\n  " * 30 + "end\n",
    "double-quoted-with-escapes": 'token: "' + "AbC\\t0123" * 12 + '"\n',
    "single-quoted-with-escapes": "token: '" + "it''s 0123" * 12 + "'\n",
}


@pytest.mark.parametrize("text", CUTTABLE.values(), ids=CUTTABLE.keys())
def test_a_big_scalar_reads_back_cut_short_as_it_reads_whole(text):
    cuts = planned_cuts(events_of(text), text)
    assert cuts
    assert all(cut.end - cut.start >= SMALL // 2 for cut in cuts)
    assert short_values(text, cuts) == full_values(text)


@pytest.mark.parametrize("text", NOT_CUT.values(), ids=NOT_CUT.keys())
def test_scalars_whose_reading_a_cut_could_change_are_not_cut(text):
    assert planned_cuts(events_of(text), text) == []


def test_the_cut_short_reading_reads_no_character_of_the_cut():
    text = CUTTABLE["literal"]
    (cut,) = planned_cuts(events_of(text), text)
    parsed = []
    real_parse = cutshort.parse_events

    def parse(short, *rest):
        parsed.append(short)
        return real_parse(short, *rest)

    with mock.patch.object(cutshort, "parse_events", parse):
        assert short_values(text, [cut]) == full_values(text)
    assert text[cut.start:cut.end] not in parsed[0]
    assert len(parsed[0]) < len(text) - (cut.end - cut.start) + 64


def test_progress_hears_of_the_whole_text():
    text = CUTTABLE["literal"]
    progress = mock.Mock()
    read_cut_short(text, planned_cuts(events_of(text), text), LINES, progress)
    assert sum(call.args[0] for call in progress.advance.call_args_list) == len(text)


SPLICE_TEXTS = st.sampled_from(["", "\n", " ", "  ", "\t", ":", ": ", "#", " #", "[", "]", "{", "}", ",", "'", '"', "|",
                                ">", "- ", "x", "\r\n", "\n  k: 1", "\nk: |\n  a\n", "&a ", "*a", "!!str ", "---\n"])


@settings(PROPERTY_SETTINGS, max_examples=600)
@given(text=st.sampled_from(sorted(CUTTABLE.values()) + sorted(NOT_CUT.values())), data=st.data())
def test_whatever_the_splices_a_short_reading_that_stands_in_is_the_full_reading(text, data):
    """The cut-short reading is trusted only where it proves itself: splices anywhere around the cuts
    (changing the scalar's indentation, style, context or the rest of the text) either make it step aside
    or leave it equal to reading the whole new text, which must then read without error."""
    planned = planned_cuts(events_of(text), text)
    near_the_cuts = [at for cut in planned for at in (cut.start - 1, cut.start, cut.end, cut.end + 1)]
    line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    positions = st.one_of(st.integers(0, len(text)), st.sampled_from(near_the_cuts + line_starts))
    splices = data.draw(st.lists(st.tuples(positions, st.integers(0, 3), SPLICE_TEXTS), max_size=3))
    splices = _without_overlaps(splices, len(text))
    new_text = spliced(text, splices)
    cuts = moved(planned, splices, text, new_text)
    short = short_values(new_text, cuts) if cuts else None
    if short is not None:
        assert short == full_values(new_text)
    if not splices and planned:
        assert short is not None


def _without_overlaps(splices, length):
    made, taken_to = [], -1
    for start, removed, inserted in sorted(splices):
        end = min(start + removed, length)
        if start > taken_to:
            made.append((start, end, inserted))
            taken_to = end
    return made


def test_a_cut_moves_with_the_splices_before_it_and_one_that_reaches_it_drops_it():
    text = CUTTABLE["literal"]
    (cut,) = planned_cuts(events_of(text), text)
    before, inside, after = (0, 1, "b"), (cut.start + 5, cut.start + 6, "x"), (cut.end, cut.end, "\n")
    at_start = (cut.start, cut.start, "z")

    def moved_by(*splices):
        return moved([cut], splices, text, spliced(text, sorted(splices)))

    assert moved_by(before, after) == [cut._replace(start=cut.start, end=cut.end)]
    assert moved_by((0, 0, "abc")) == [cut._replace(start=cut.start + 3, end=cut.end + 3)]
    assert moved_by(at_start) == [cut._replace(start=cut.start + 1, end=cut.end + 1)]
    assert moved_by(inside) == []


def test_a_cut_whose_text_the_new_text_does_not_hold_there_is_dropped():
    text = CUTTABLE["literal"]
    (cut,) = planned_cuts(events_of(text), text)
    assert moved([cut], [], text, text.replace("setting5", "setting6")) == []


def test_a_marker_not_read_as_its_scalar_sends_the_reading_to_the_full_text():
    text = CUTTABLE["literal"]
    (cut,) = planned_cuts(events_of(text), text)
    wrong = cut._replace(short=(cut.short[0] + "?", cut.short[1]))
    assert short_values(text, [wrong]) is None
    unbalanced = "config: [" + text[len("a:\n  config: "):]  # the short text no longer parses
    assert short_values(unbalanced, moved([cut], [(0, len("a:\n  config: "), "config: [")], text, unbalanced)) is None


# -- the editor ----------------------------------------------------------------------------------------

EDITS = [SetValue(("istio", "ambient", "enabled"), True), SetValue(("config", "x"), 1), DeleteKey(("next",)),
         SetValue(("a", "new"), "v"), SetValue(("token",), "changed"), DeleteKey(("a", "config"))]


def kept_events_of(text: str) -> KeptEvents:
    with mock.patch.object(KeptEvents, "CHARS_PER_EVENT", 1):  # every text keeps its events
        return read_documents(text.lstrip("\ufeff"), LINES)[0].kept_events


@PROPERTY_SETTINGS
@given(text=st.sampled_from(sorted(t for t in CUTTABLE.values() if "---" not in t)),
       edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3, unique=True))
def test_the_editors_reading_back_is_the_full_texts_reading(text, edits):
    try:
        result = apply_edits(text, edits, file=LINES.file, kept_events=kept_events_of(text))
    except BBValuesError:
        assume(False)  # the editor refuses some of these documents (a list at the top)
    assert result.values == (full_values(result.text)[0] or {})


def test_the_editor_reads_a_big_block_back_cut_short():
    text = CUTTABLE["literal"]
    used = []
    real = edit_engine.read_cut_short
    with mock.patch.object(edit_engine, "read_cut_short", lambda *args: used.append(real(*args)) or used[-1]):
        result = apply_edits(text, [SetValue(("istio", "ambient", "enabled"), True)], file=LINES.file,
                             kept_events=kept_events_of(text))
    assert used and used[0] is not None
    assert result.values == full_values(result.text)[0]
