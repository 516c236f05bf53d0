"""The libyaml-based composer: positions, styles, tags and anchors as the readers and the in-place editor need them."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from bbvalues.documents import composer
from bbvalues.documents.composer import KeptEvents, MappingNode, ScalarNode, SequenceNode, compose_documents
from bbvalues.documents.yamltree import LineMap, to_python
from bbvalues.errors import BBValuesError
from tests.conftest import shared_path
from tests.helm_runner import make_probe_chart, render_values
from tests.helpers import ROOT

PARSERS = {"libyaml": yaml.CBaseLoader, "pure-python": yaml.BaseLoader}


@pytest.fixture(params=list(PARSERS))
def parser(request, monkeypatch):
    """Every behaviour holds on libyaml and on the pure-Python fallback used where libyaml is missing."""
    monkeypatch.setattr(composer, "_EventSource", PARSERS[request.param])
    return request.param


def values(text: str):
    return to_python(compose_documents(text, "t.yaml")[0], LineMap("t.yaml")).value


def test_libyaml_is_used_when_present():
    assert yaml.__with_libyaml__ and composer._EventSource is yaml._yaml.CParser


def test_marks_are_character_indexes_with_0_based_line_and_column(parser):
    text = "a: é€😀\r\nb: &x [1, 2]\r\nc: *x\r\n"
    root = compose_documents(text, "t.yaml")[0]
    (_, first), (b_key, sequence), (_, alias) = root.value
    assert text[first.start_mark.index:first.end_mark.index] == "é€😀"
    assert (b_key.start_mark.line, b_key.start_mark.column) == (1, 0)
    assert text[sequence.start_mark.index:sequence.end_mark.index] == "&x [1, 2]"
    assert alias is sequence and sequence.anchor == "x" and sequence.flow_style


def test_styles_tags_and_anchors_are_kept(parser):
    root = compose_documents("p: plain\nq: 'single'\nd: \"double\"\nl: |\n  lit\nf: >\n  fold\n"
                             "t: !!str 3\nc: !custom x\ne:\nm: &m\n  k: v\n", "t.yaml")[0]
    nodes = {key.value: value for key, value in root.value}
    assert [nodes[name].style for name in "pqdlf"] == [None, "'", '"', "|", ">"]
    assert nodes["t"].tag == "tag:yaml.org,2002:str" and nodes["p"].tag is None and nodes["c"].tag == "!custom"
    assert nodes["e"].value == "" and nodes["e"].style is None  # an empty value: a plain empty scalar
    assert isinstance(nodes["m"], MappingNode) and nodes["m"].anchor == "m" and not nodes["m"].flow_style


def test_duplicate_keys_are_all_composed_in_order(parser):
    root = compose_documents("a: 1\nb: 2\na: 3\n", "t.yaml")[0]
    assert [(key.value, value.value) for key, value in root.value] == [("a", "1"), ("b", "2"), ("a", "3")]


def test_several_documents_and_empty_streams(parser):
    assert len(compose_documents("a: 1\n---\nb: 2\n", "t.yaml")) == 2
    assert compose_documents("", "t.yaml") == [] and compose_documents("# only a comment\n", "t.yaml") == []
    empty = compose_documents("---\n", "t.yaml")
    assert len(empty) == 1 and isinstance(empty[0], ScalarNode) and empty[0].value == ""


@pytest.mark.parametrize("text, line, column, words", [
    ("a: [1, 2\n", 2, 1, ""),  # the parser's own words: not ours to test
    ("a: b: c\n", 1, 5, ""),
    ("a:\n\t- x\n", 2, 1, "a tab where YAML expects indentation"),
    ("a:\n  b: 1\n\tc: 2\n", 3, 1, "a tab where YAML expects indentation"),
    ("a:\n  -\tb\n", 2, 4, "a tab where YAML expects indentation"),
    ("a: 1\nb: *missing\n", 2, 4, "undefined alias *missing"),
], ids=["unclosed-flow", "nested-mapping-value", "tab-indent", "tab-after-indent", "tab-after-dash",
        "undefined-alias"])
def test_syntax_errors_name_line_and_column(parser, text, line, column, words):
    with pytest.raises(BBValuesError) as caught:
        compose_documents(text, "t.yaml")
    error = caught.value
    assert error.message.startswith("invalid YAML: ") and words in error.message
    assert (error.origin.file, error.origin.line, error.origin.column) == ("t.yaml", line, column)


def test_both_parsers_compose_the_real_world_corpus_identically(monkeypatch):
    corpus = shared_path("corpus", "realworld")
    for path in sorted(corpus.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8-sig")
        shapes = []
        for source in PARSERS.values():
            monkeypatch.setattr(composer, "_EventSource", source)
            shapes.append([_shape(node) for node in compose_documents(text, path.name)])
        assert shapes[0] == shapes[1], path


def _shape(node) -> list:
    """Every node's kind, marks, style and anchor, in document order (aliases by their anchor)."""
    shape, pending, seen = [], [node], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            shape.append(None if current is None else ("alias", current.anchor))
            continue
        seen.add(id(current))
        style = current.style if isinstance(current, ScalarNode) else current.flow_style
        shape.append((type(current).__name__, current.start_mark.index, current.end_mark.index, style,
                      current.anchor, current.tag))
        if isinstance(current, SequenceNode):
            pending.extend(reversed(current.value))
        elif isinstance(current, MappingNode):
            pending.extend(child for pair in reversed(current.value) for child in reversed(pair))
    return shape


# Scalars the earlier ruamel-based reader read differently from Helm; helm 4 agrees with these.
HELM_READS = {
    "nonspecific": ("! 3", "3"),
    "verbatim-str": ("!<tag:yaml.org,2002:str> 3", "3"),
    "folded": (">-\n  folded\n  text", "folded text"),
    "custom-tag": ("!foo 3", "3"),
    "int-tag": ("!!int 3", 3),
}


def test_tagged_and_folded_scalars_read_as_helm_reads_them():
    text = "".join(f"{name}: {written}\n" for name, (written, _expected) in HELM_READS.items())
    assert values(text) == {name: expected for name, (_written, expected) in HELM_READS.items()}


def test_helm_agrees_on_tagged_and_folded_scalars(tmp_path):
    chart = make_probe_chart(tmp_path / "chart")
    values_file = tmp_path / "values.yaml"
    values_file.write_text("".join(f"{name}: {written}\n" for name, (written, _expected) in HELM_READS.items()))
    assert render_values(chart, [values_file]) == values(values_file.read_text())


# -- start-up: the read path needs neither ruamel nor its import time ----------------------------------

def flow_list(items: int) -> str:
    """A text of `items` + 6 events (stream, document and sequence start and end)."""
    return "[" + ", ".join("x" * items) + "]\n"


def no_parser(monkeypatch):
    def refused(_text):
        raise AssertionError("parsed again")
    monkeypatch.setattr(composer, "_EventSource", refused)


@pytest.mark.parametrize("text", ["a: 1\nb: [x, y]\n", "big: " + "z" * 100_000 + "\nother: {k: v}\n"])
def test_a_text_whose_events_are_few_for_its_size_is_composed_again_from_them(monkeypatch, text):
    def read(text: str, kept: KeptEvents) -> tuple:
        document = to_python(compose_documents(text, "t.yaml", kept=kept)[0], LineMap("t.yaml"))
        return document.value, document.origins

    kept = KeptEvents(text)
    first = read(text, kept)
    assert kept.events is not None and kept.holds(text) and kept.holds("".join(list(text)))  # an equal string too
    no_parser(monkeypatch)
    assert read("".join(list(text)), kept) == first


@pytest.mark.parametrize(("items", "kept_them"), [(10, True), (11, False)])
def test_a_text_keeps_at_most_16_events_and_one_per_chars_per_event(items, kept_them):
    text = flow_list(items)  # shorter than CHARS_PER_EVENT: 16 events at most
    kept = KeptEvents(text)
    assert values(text) == to_python(compose_documents(text, "t.yaml", kept=kept)[0], LineMap("t.yaml")).value
    assert (kept.events is not None) is kept_them
    longer = flow_list(items) + "#" * KeptEvents.CHARS_PER_EVENT  # a comment: no event
    kept = KeptEvents(longer)
    compose_documents(longer, "t.yaml", kept=kept)
    assert kept.events is not None


def test_another_texts_events_are_neither_taken_nor_kept():
    kept = KeptEvents("a: 1\n")
    compose_documents("a: 1\n", "t.yaml", kept=kept)
    events = kept.events
    assert values("a: 2\n") == to_python(compose_documents("a: 2\n", "t.yaml", kept=kept)[0], LineMap("t.yaml")).value
    assert kept.events is events and not kept.holds("a: 2\n")


class StopAtTheScalar(Exception):
    pass


def stop_at_the_first_scalar(events):
    for event in events:
        if type(event) is yaml.ScalarEvent:
            raise StopAtTheScalar


def test_a_build_that_stops_before_the_stream_ends_keeps_nothing():
    kept = KeptEvents("a: 1\n")
    with pytest.raises(StopAtTheScalar):
        composer.parse_events("a: 1\n", "t.yaml", stop_at_the_first_scalar, kept=kept)
    assert kept.events is None


def test_a_syntax_error_keeps_nothing():
    kept = KeptEvents("a: [1, 2\nb: 3\n")
    with pytest.raises(BBValuesError):
        compose_documents(kept.text, "t.yaml", kept=kept)
    assert kept.events is None


def test_the_composed_read_of_a_text_with_aliases_keeps_its_events():
    """The streaming reader stops at the alias; the reader reads the text again, composed, and that parse keeps them."""
    from bbvalues.documents.reader import read_documents

    text = "a: &x 1\nb: *x\n"
    (document,) = read_documents(text, LineMap("t.yaml"))
    assert document.kept_events.holds(text) and document.value == {"a": 1, "b": 1}


@pytest.mark.parametrize("kept", [False, True])
def test_progress_is_told_at_the_start_of_every_stretch_of_events_and_at_the_end(monkeypatch, kept):
    monkeypatch.setattr(composer, "PROGRESS_EVERY", 3)
    text = "a: [1, 2]\nb: {c: 3}\n"  # 16 events: few enough to be kept
    keeper = KeptEvents(text)
    if kept:
        composer.parse_events(text, "t.yaml", list, kept=keeper)
        monkeypatch.setattr(composer, "_EventSource", None)  # taken from the kept events, not parsed again
    told: list[int] = []
    events = composer.parse_events(text, "t.yaml", list, told.append, keeper)
    assert [type(event) for event in events] == [type(event) for event in yaml.parse(text, Loader=yaml.CSafeLoader)]
    assert told == [event.start_mark.index for event in events[::3]] + [len(text)]


READ_COMMANDS = {
    "detect": ["detect"],
    "migrate-check": ["migrate", "--check", "--to", "ambient-gateway"],
    "migrate-in-place-dry-run": ["migrate", "--to", "ambient-gateway", "--in-place", "--dry-run"],
    "lint": ["lint"],
    "review": ["review", "--to", "ambient-gateway"],
    "netpol-expand": ["netpol", "expand"],
}
_MODULES_AFTER_RUN = ("import sys\nfrom bbvalues.cli import run\nrun(sys.argv[1:])\n"
                      "print(sorted({m.split('.')[0] for m in sys.modules}))\n")


@pytest.mark.parametrize("command", READ_COMMANDS, ids=list(READ_COMMANDS))
def test_commands_that_read_values_do_not_import_ruamel(command):
    args = [*READ_COMMANDS[command], "--bigbang-version", "3.30.0", "profiles/3.30-sidecar.yaml"]
    result = subprocess.run([sys.executable, "-c", _MODULES_AFTER_RUN, *args], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    modules = result.stdout.strip().splitlines()[-1]
    assert "'yaml'" in modules and "ruamel" not in modules, result.stderr[-2000:]


def test_the_release_table_has_no_scalar_that_yaml_1_1_and_1_2_read_differently():
    """releases.yaml is read by the values reader (YAML 1.1); a `no` meant as a string would silently be False."""
    from importlib import resources

    from ruamel.yaml import YAML

    text = resources.files("bbvalues.bigbang").joinpath("releases.yaml").read_text(encoding="utf-8")
    yaml_1_2 = YAML(typ="safe", pure=True)
    yaml_1_2.version = (1, 2)
    assert values(text) == yaml_1_2.load(text)


def test_a_character_yaml_refuses_is_placed_by_characters_though_libyaml_counts_bytes(parser):
    with pytest.raises(BBValuesError) as info:
        compose_documents("a: é€😀\nb: x\x07y\n", "t.yaml")
    assert str(info.value).startswith("t.yaml:2:5: invalid YAML: character #x0007 is not allowed in YAML")
