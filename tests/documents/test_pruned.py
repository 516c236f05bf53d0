"""The editor's tree composed along the edited paths only: it edits exactly as the whole tree does."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import given, strategies as st

from bbvalues.documents import composer, edit as edit_engine
from bbvalues.documents.composer import MappingNode, SequenceNode, compose_documents
from bbvalues.documents.edit import DeleteKey, SetValue, apply_edits
from bbvalues.documents.composer import KeptEvents, NeedsTheWholeTree
from bbvalues.documents.pruned import FULL, compose_pruned, edited_paths_trie
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap
from tests.documents.test_edit_properties import (
    KEYS, LAYOUTS, PROPERTY_SETTINGS, Writer, grouped_edits, values_trees,
)
from tests.helpers import ROOT

PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))


@contextmanager
def composing_whole():
    """The editor as it was before pruning: every text composed whole."""
    with mock.patch.object(edit_engine, "compose_pruned", side_effect=NeedsTheWholeTree):
        yield


def outcome(result) -> tuple:
    return result.text, result.warnings, [str(error) for error in result.refused], result.applied, result.values


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=5), layout=LAYOUTS, data=st.data())
def test_editing_along_the_edited_paths_writes_what_editing_the_whole_tree_writes(values, layout, data):
    text = Writer(layout, data).document(values)
    edits = grouped_edits(values, data)
    pruned = apply_edits(text, edits, file="values.yaml")
    with composing_whole():
        whole = apply_edits(text, edits, file="values.yaml")
    assert outcome(pruned) == outcome(whole)


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=5), layout=LAYOUTS, data=st.data())
def test_editing_from_the_events_the_reader_kept_writes_what_parsing_again_writes(values, layout, data):
    text = Writer(layout, data).document(values)
    edits = grouped_edits(values, data)
    with mock.patch.object(KeptEvents, "CHARS_PER_EVENT", 1):  # every text keeps its events
        (document,) = read_documents(text.lstrip("\ufeff"), LineMap("values.yaml"))
    assert document.kept_events.events is not None
    with counting_parses() as parsed_again:
        again = apply_edits(text, edits, file="values.yaml")
    with counting_parses() as parsed_from_kept:
        kept = apply_edits(text, edits, file="values.yaml", kept_events=document.kept_events)
    assert outcome(kept) == outcome(again)
    assert len(parsed_from_kept) == len(parsed_again) - 1  # the editor's first composing of the text


@contextmanager
def counting_parses():
    parsed: list[str] = []
    parser = composer._EventSource
    with mock.patch.object(composer, "_EventSource", lambda text: parsed.append(text) or parser(text)):
        yield parsed


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=5), layout=LAYOUTS, data=st.data())
def test_the_layout_counted_while_composing_is_the_whole_trees(values, layout, data):
    text = Writer(layout, data).document(values).lstrip("\ufeff")
    edits = grouped_edits(values, data)
    assert _pruned_layout(text, edits) == _whole_layout(text)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda path: path.name)
def test_a_real_files_layout_and_edits_are_the_whole_trees(profile):
    text = profile.read_text(encoding="utf-8")
    edits = [SetValue(("istio", "ambient", "enabled"), True), DeleteKey(("istioGateway",)),
             SetValue(("monitoring", "values", "grafana", "service", "labels", "protect"), "keycloak")]
    assert _pruned_layout(text, edits) == _whole_layout(text)
    with composing_whole():
        whole = apply_edits(text, edits, file=profile.name)
    assert outcome(apply_edits(text, edits, file=profile.name)) == outcome(whole)


ENDINGS = {  # what ends the last entry before an insertion: each is followed through an outlined collection
    "empty-items": "m:\n  a:\n    - x\n    -\n    -\n",
    "keep-chomped-block": "m:\n  a:\n    b:\n      c: |+\n        text\n\n",
    "block-at-the-end-without-newline": "m:\n  a:\n    b: |\n      text",
    "flow": "m:\n  a: {b: [1, 2], c: 3}   # comment\n",
    "mapping-in-a-sequence": "m:\n  a:\n  - b: 1\n    c:\n    - 2\n  # comment\n",
    "one-space-indent": "m:\n a:\n  b: 1\n c:\n - x\n",
}


@pytest.mark.parametrize("text", ENDINGS.values(), ids=ENDINGS.keys())
def test_inserting_after_an_outlined_entry_writes_what_the_whole_tree_writes(text):
    edits = [SetValue(("m", "new"), 1), SetValue(("m", "deeper", "x"), True)]
    with composing_whole():
        whole = apply_edits(text, edits, file="values.yaml")
    assert outcome(apply_edits(text, edits, file="values.yaml")) == outcome(whole)
    assert _pruned_layout(text, edits) == _whole_layout(text)


@pytest.mark.parametrize("edits", [
    [SetValue(("d",), 1)],  # nothing to do: the text is the input's
    [SetValue(("d",), 2), SetValue(("d",), 2)],  # the second waits for a parse of the first's text, then does nothing
], ids=["no-op", "last-batch-no-op"])
def test_the_values_of_a_text_the_last_edits_leave_as_it_was_are_the_whole_documents(edits):
    text = "a:\n  b: 1\n  c: 2\nd: 1\n"
    result = apply_edits(text, edits, file="values.yaml")
    with composing_whole():
        assert outcome(result) == outcome(apply_edits(text, edits, file="values.yaml"))
    assert result.values == {"a": {"b": 1, "c": 2}, "d": edits[-1].value}


def test_a_collection_off_the_edited_paths_keeps_only_the_entry_that_ends_it():
    text = ("a:\n  b: 1\n  c:\n    d: [1, 2]\n    e: |\n      block\nf:\n  - x\n  - y: 1\n    z: 2\n  -\n"
            "j:\n  - x\n  - ''\nk:\n  - x\n  - !!str\nl:\n  - x\n  - y\ng:\n  h: 1\n  i: 2\n")
    (root,), _layout = compose_pruned(text, "t.yaml", edited_paths_trie([("g", "i")]))
    entries = {key.value: value for key, value in root.value}
    assert list(entries) == ["a", "f", "j", "k", "l", "g"]  # the edited path's mapping keeps every entry
    a = entries["a"]  # off the path: its last entry, and that entry's last, down to the block scalar
    assert [key.value for key, _ in a.value] == ["c"] and [key.value for key, _ in a.value[0][1].value] == ["e"]
    f = entries["f"]  # a sequence: its last item that is not empty, and the empty one after it
    assert isinstance(f, SequenceNode) and len(f.value) == 2 and isinstance(f.value[0], MappingNode)
    assert [key.value for key, _ in f.value[0].value] == ["z"] and f.value[1].value == ""
    # an empty item that is quoted or tagged is an item like any other
    assert [(item.value, item.style) for item in entries["j"].value] == [("", "'")]
    assert [(item.value, item.tag) for item in entries["k"].value] == [("", "tag:yaml.org,2002:str")]
    assert [item.value for item in entries["l"].value] == ["y"]
    assert [key.value for key, _ in entries["g"].value] == ["h", "i"]  # the edited value's mapping, whole


def test_off_the_edited_paths_a_block_keeps_one_entry_per_level():
    text = "".join(f"package{n}:\n  values:\n    labels:\n      app: p{n}\n      tier: t\n    port: {n}\n"
                   for n in range(1000))
    (pruned,), _ = compose_pruned(text, "t.yaml", edited_paths_trie([("package7", "values", "labels", "x")]))
    (whole,) = compose_documents(text, "t.yaml")
    # whole: 12 nodes a package; pruned: the package key, `values:` and its last entry `port: N` (6 nodes),
    # but for package7, whole
    assert _count_nodes(whole) == 1 + 1000 * 12 and _count_nodes(pruned) == 1 + 999 * 6 + 12


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: {b: 1}\nc:\n  <<: {d: 2}\n", "? [a]\n: 1\n",
                                  "a: &x\n  b: 1\n"], ids=["alias", "merge-key", "complex-key", "anchor"])
def test_what_makes_the_editor_look_across_the_file_is_composed_whole(text):
    with pytest.raises(NeedsTheWholeTree):
        compose_pruned(text, "t.yaml", edited_paths_trie([("a",)]))


def test_the_trie_ends_where_an_edited_path_ends():
    trie = edited_paths_trie([("a", "b", "c"), ("a", "b"), ("a", "d"), ("e",), ("e", "f")])
    assert trie == {"a": {"b": FULL, "d": FULL}, "e": FULL}


def _pruned_layout(text: str, edits: list) -> tuple[int, bool]:
    return compose_pruned(text, "t.yaml", edited_paths_trie(edit.path for edit in edits))[1]


def _whole_layout(text: str) -> tuple[int, bool]:
    documents = compose_documents(text, "t.yaml")
    root = documents[0] if documents and isinstance(documents[0], MappingNode) else None
    return edit_engine._layout(root)


def _count_nodes(node) -> int:
    if isinstance(node, MappingNode):
        return 1 + sum(_count_nodes(key) + _count_nodes(value) for key, value in node.value)
    if isinstance(node, SequenceNode):
        return 1 + sum(map(_count_nodes, node.value))
    return 1
