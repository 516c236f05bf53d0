"""The streaming reader gives what composing and converting give: values, positions, duplicates, errors."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bbvalues.documents import composer
from bbvalues.documents.paths import get_path, has_path, same_values
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap, compose_documents, to_python
from bbvalues.errors import BBValuesError, Origin
from tests.conftest import shared_path
from tests.helpers import ROOT

KEYS = st.sampled_from(["a", "b", "enabled", "yes", "1", "null", "~", '"quoted"', "'single'", "x.y", "on"])
SCALARS = st.sampled_from([
    "word", "yes", "No", "on", "1", "0x1F", "012", "0o17", "1_000", "1.5", "-.inf", ".5e3", "~", "", "null",
    "'single'", '"double"', '"esc\\tape"', "!!str 5", "!custom x", "!!int 7", "é€", "- not a list", ">-\n  folded",
])
ANCHORED = st.sampled_from(["&x 1", "*x", "&m {k: v}", "<<: *m"])


def _scalar_lines(text: str, indent: int) -> tuple[str, list[str]]:
    """A scalar written after a key or dash: its first line, and its continuation lines (a block scalar's)."""
    first, *rest = text.split("\n")
    return first, [" " * (indent + 2) + line.strip() for line in rest]


def render(node, indent: int = 0) -> list[str]:
    """Block YAML lines for a ("map", entries) / ("seq", items) / ("flow", text) / ("scalar", text) tree."""
    kind, content = node
    pad = " " * indent
    lines: list[str] = []
    if kind == "map":
        for key, child in content:
            if key == "<<":  # a merge key written whole, anchor use included
                lines.append(f"{pad}<<: *m")
                continue
            lines += _entry(f"{pad}{key}:", child, indent)
    else:
        for item in content:
            lines += _entry(f"{pad}-", item, indent)
    return lines


def _entry(head: str, child, indent: int) -> list[str]:
    kind, content = child
    if kind in ("scalar", "flow"):
        first, rest = _scalar_lines(content, indent)
        return [f"{head} {first}".rstrip(), *rest]
    if not content:
        return [f"{head} {'{}' if kind == 'map' else '[]'}"]
    return [head, *render(child, indent + 2)]


def trees(with_anchors: bool):
    leaves = st.tuples(st.just("scalar"), SCALARS | (ANCHORED if with_anchors else st.nothing()))
    flows = st.tuples(st.just("flow"), st.sampled_from(["{a: 1, b: [x, yes]}", "[1, {c: d}]", "{}", "[]"]))
    return st.recursive(
        leaves | flows,
        lambda children: st.tuples(st.just("map"), st.lists(st.tuples(KEYS, children), max_size=5))
        | st.tuples(st.just("seq"), st.lists(children, max_size=4)),
        max_leaves=25)


def documents_text(roots) -> str:
    return "---\n".join("\n".join(render(root)) + "\n" if root[0] in ("map", "seq") else "x: 1\n" for root in roots)


def outcome(read, text: str):
    """What one way of reading gives, comparable across the two: per document the value, the positions of
    the keys that exist in it, and the duplicates; or the error. Positions are in the order written except
    where a key is written again: the reader moves it last, as the values do, the composer's dict does not."""
    try:
        documents = read(text)
    except BBValuesError as exc:
        return "error", str(exc)
    return [(_comparable(doc.value), _positions(doc), doc.duplicates, doc.anchored) for doc in documents]


def _positions(doc):
    existing = [(path, origin) for path, origin in doc.origins.items() if has_path(doc.value, path)]
    return dict(existing) if doc.duplicates else existing


def _comparable(value):
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, dict):
        return {key: _comparable(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def streamed(text: str, lines: LineMap | None = None):
    return read_documents(text, lines or LineMap("t.yaml"))


def composed(text: str, lines: LineMap | None = None):
    lines = lines or LineMap("t.yaml")
    return [to_python(node, lines) for node in compose_documents(text, lines.file)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(trees(with_anchors=False), min_size=1, max_size=3))
def test_streaming_equals_composing_on_generated_documents(roots):
    text = documents_text(roots)
    assert outcome(streamed, text) == outcome(composed, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(with_anchors=True))
def test_anchors_aliases_and_merge_keys_read_the_same_through_the_composer(root):
    text = documents_text([root])
    assert outcome(streamed, text) == outcome(composed, text)


@pytest.mark.parametrize("text", [
    "a: 1\nb: [1, 2\n",  # a syntax error
    "a:\n\t- 1\n",  # a tab as indentation
    "a: &x [1]\nb: *y\n",  # an undefined alias
    "? [a, b]\n: 1\n",  # a key that is not a scalar
    "a: 1\nb: 2\na: {c: 3}\nb: 4\na: 5\n",  # keys written again, replaced in place and order
    "[" * 150 + "]" * 150 + "\n",  # too deep
])
def test_the_hard_cases_read_alike(text):
    assert outcome(streamed, text) == outcome(composed, text)


def test_positions_of_embedded_values_are_moved_as_the_line_map_says():
    lines = LineMap("cm.yaml", line_offset=6, column_offset=4)
    text = "a:\n  b: 1\na: {c: [x, y]}\n"
    assert outcome(lambda t: streamed(t, lines), text) == outcome(lambda t: composed(t, lines), text)
    (doc,) = streamed(text, lines)
    assert doc.origins[("a", "c", 1)] == Origin("cm.yaml", 9, 16)
    assert doc.duplicates[0].first == Origin("cm.yaml", 7, 5)


def test_every_file_of_the_research_kit_and_the_repository_reads_alike():
    files = sorted(ROOT.glob("profiles/**/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
    shared = shared_path("corpus")
    if shared is not None:
        files += sorted(shared.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert outcome(streamed, text) == outcome(composed, text), path


def test_documents_without_anchors_are_read_without_composing(monkeypatch):
    composed_texts = []
    real = composer._Composer.documents
    monkeypatch.setattr(composer._Composer, "documents", lambda self, events: composed_texts.append(self) or real(self, events))
    text = "a:\n  - {b: 1}\n  - [2, 3]\nc: yes\n---\nd: 4\n"
    first, second = read_documents(text, LineMap("t.yaml"))
    assert (first.value, second.value, composed_texts) == ({"a": [{"b": 1}, [2, 3]], "c": True}, {"d": 4}, [])
    assert first.node.value[0][0].value == "a" and second.node.value[0][0].value == "d"
    assert len(composed_texts) == 1  # composed on the first use of a node, once for the whole text


def test_a_document_with_an_anchor_is_composed_while_read(monkeypatch):
    (doc,) = read_documents("a: &x {b: 1}\nc: *x\n", LineMap("t.yaml"))
    assert doc.value == {"a": {"b": 1}, "c": {"b": 1}} and doc.anchored[("a",)] == Origin("t.yaml", 1, 4)
    monkeypatch.setattr(composer, "compose_documents", None)  # the node is there already
    assert doc.node.value[0][0].value == "a"


SHARING = [  # (the text read, the values it may share with, the paths whose values are shared objects)
    ("a:\n  b: 1\nc: [1, {d: 2}]\n", {"a": {"b": 1}, "c": [1, {"d": 2}]}, [(), ("a",), ("c",), ("c", 1)]),
    ("a:\n  b: 1\nc: [1, {d: 3}]\n", {"a": {"b": 1}, "c": [1, {"d": 2}]}, [("a",)]),
    ("a:\n  b: true\n", {"a": {"b": 1}}, []),  # true is not 1
    ("a:\n  b: 1.0\n", {"a": {"b": 1}}, []),  # 1.0 is not 1
    ("a: {b: .nan}\n", {"a": {"b": math.nan}}, [(), ("a",)]),  # a NaN is the same as a NaN
    ("a: {b: 1, b: 2}\n", {"a": {"b": 2}}, [(), ("a",)]),  # the last of a key written twice
    ("a: {}\n", {"a": {"x": 1}}, []),
    ("a: {b: [1]}\n", {"a": {"b": [True]}}, []),  # equal to Python's ==, all the way up, but true is not 1
    ("a: [1, 1.0]\n", {"a": [1.0, 1]}, []),
    ("a: {p: 1, q: [2]}\n", {"a": {"q": [2], "p": 1}}, [(), ("a",), ("a", "q")]),  # the order of keys is no value
]


@pytest.mark.parametrize("text, share, shared", SHARING)
def test_values_read_share_what_equals_the_values_given(text, share, shared):
    (alone,) = read_documents(text, LineMap("t.yaml"))
    (sharing,) = read_documents(text, LineMap("t.yaml"), share=share)
    assert same_values(sharing.value, alone.value)
    collections = {path: value for path, value in _collections(sharing.value)}
    assert sorted(path for path, value in collections.items() if value is get_path(share, path)) == sorted(shared)


def _collections(value, path=()):
    if isinstance(value, (dict, list)):
        yield path, value
        for key, child in (value.items() if isinstance(value, dict) else enumerate(value)):
            yield from _collections(child, path + (key,))


TEXTS = st.text("ab: -#'\"\\", max_size=5)


@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), TEXTS),
                    lambda children: st.one_of(st.lists(children, max_size=3),
                                               st.dictionaries(TEXTS, children, max_size=3)),
                    max_leaves=12))
def test_the_values_alone_are_the_values_read_with_their_positions(value):
    text = json.dumps({"root": value})  # JSON is YAML: every shape, quoted keys included
    (whole,) = read_documents(text, LineMap("t.yaml"))
    (alone,) = read_documents(text, LineMap("t.yaml"), positions=False)
    assert same_values(alone.value, whole.value) and alone.origins == {} and alone.duplicates == []


def test_a_text_keeps_one_copy_of_each_key_and_short_value():
    (doc,) = read_documents("a:\n  enabled: true\n  name: keycloak\nb:\n  enabled: false\n  name: keycloak\n",
                            LineMap("t.yaml"))
    (first_key, first_name), (second_key, second_name) = (
        (next(iter(doc.value[key])), doc.value[key]["name"]) for key in ("a", "b"))
    assert first_key is second_key and first_name is second_name
