"""Properties over generated values documents: comments, quoting styles, flow collections,
indentation widths, indentless sequences, CRLF and lone-CR line ends, BOM and missing final newlines.

For every document and every batch of edits: (a) a no-op is byte-identical, (b) the diff has no
noise lines, (c) Helm reads the result as the input with the edits applied as an overlay would.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from bbvalues.documents import edit as edit_engine
from bbvalues.documents.edit import DeleteKey, SetValue, apply_edits
from bbvalues.documents.linebreaks import has_break, split_lines
from bbvalues.documents.yamltree import LineMap, compose_documents, to_python
from bbvalues.documents.scalars import double_quoted, format_key, format_scalar, is_plain_safe, single_quoted
from tests.fidelity_helpers import expected_after, leaf_paths, mapping_paths, noise_lines, same_values

KEYS = st.sampled_from(["enabled", "values", "labels", "upstream", "istio", "monitoring", "gateways", "public",
                        "protect", "istio.io/use-waypoint", "app.kubernetes.io/name", "port", "on", "y", "x-y"])
STRINGS = st.sampled_from(["keycloak", "true", "on", "no", "0777", "1e3", "", "a: b", "x # y", "with space",
                           "3.30.0", "~", "null", "-dash", "https://login.dso.mil/auth", "{{ .Values.x }}",
                           "multi\nline", "it's", 'say "hi"'])
SCALARS = st.one_of(STRINGS, st.booleans(), st.none(), st.integers(-5, 70000), st.sampled_from([1.5, 0.25]))


def values_trees(depth: int = 3):
    items = st.one_of(SCALARS, st.dictionaries(KEYS, SCALARS, min_size=1, max_size=2))
    leaf = st.one_of(SCALARS, st.lists(items, max_size=3), st.builds(dict))
    if depth == 0:
        return leaf
    return st.one_of(leaf, st.dictionaries(KEYS, values_trees(depth - 1), min_size=1, max_size=4))


@dataclass(frozen=True)
class Layout:
    """How a generated document is written; every choice is one a real values file makes."""

    step: int
    indentless: bool
    newline: str
    bom: bool
    final_newline: bool
    flow_maps: bool
    comments: bool
    quote: str  # "plain", "double", "single", "mixed"


LAYOUTS = st.builds(Layout, step=st.sampled_from([2, 4]), indentless=st.booleans(),
                    newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans(), final_newline=st.booleans(),
                    flow_maps=st.booleans(), comments=st.booleans(),
                    quote=st.sampled_from(["plain", "double", "single", "mixed"]))


class Writer:
    """Writes values in the given layout (independently of the engine under test)."""

    def __init__(self, layout: Layout, choices: st.DataObject):
        self.layout = layout
        self.choices = choices
        self.counter = 0

    def document(self, values: dict) -> str:
        lines = self.mapping(values, 0) if values else []
        if self.layout.comments:
            lines = ["# generated values", ""] + lines + ["# trailing comment"]
        text = self.layout.newline.join(lines)
        if lines and self.layout.final_newline:
            text += self.layout.newline
        return ("\ufeff" if self.layout.bom else "") + text

    def scalar(self, value, flow: bool = False) -> str:
        if not isinstance(value, str):
            return format_scalar(value)
        style = self.layout.quote if self.layout.quote != "mixed" else self.draw(st.sampled_from(["plain", "double",
                                                                                                 "single"]))
        if style == "plain" and is_plain_safe(value, flow=flow):
            return value
        if style == "single" and single_quoted(value):
            return single_quoted(value)
        return double_quoted(value)

    def flow(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{format_key(k, flow=True)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, flow=True)

    def mapping(self, values: dict, column: int) -> list[str]:
        lines = []
        pad = " " * column
        for key, value in values.items():
            if self.layout.comments and self.draw(st.booleans()):
                lines.append(f"{pad}# about {key}")
            head = f"{pad}{format_key(key)}:"
            eol = f"  # note {self.next()}" if self.layout.comments and self.draw(st.booleans()) else ""
            if isinstance(value, dict) and value and not (self.layout.flow_maps and self.draw(st.booleans())):
                lines.append(head + eol)
                lines.extend(self.mapping(value, column + self.layout.step))
            elif isinstance(value, list) and value:
                lines.append(head + eol)
                item_column = column if self.layout.indentless else column + self.layout.step
                for item in value:
                    lines.extend(self.item(item, item_column))
            else:
                lines.append(f"{head} {self.flow(value) if isinstance(value, (dict, list)) else self.scalar(value)}{eol}")
            if column == 0 and self.layout.comments and self.draw(st.booleans()):
                lines.append("")
        return lines

    def item(self, item, column: int) -> list[str]:
        if not isinstance(item, dict):
            return [f"{' ' * column}- {self.scalar(item)}"]
        lines = [line for line in self.mapping(item, column + 2) if line.strip() and not line.lstrip().startswith("#")]
        lines[0] = " " * column + "- " + lines[0][column + 2:]
        return lines

    def draw(self, strategy):
        return self.choices.draw(strategy)

    def next(self) -> int:
        self.counter += 1
        return self.counter


def helm_view(text: str) -> dict:
    nodes = compose_documents(text.removeprefix("\ufeff"), "generated.yaml")
    value = to_python(nodes[0] if nodes else None, LineMap("generated.yaml")).value
    return value if value is not None else {}


# What edits write is drawn apart from what documents hold: a deleted `- on` and a new `- on` for
# another key, one under the other, would be two real changes that read like one moved line.
NEW_KEYS = st.sampled_from(["new-a", "new-b", "new-c", "newKey", "new.dotted/key"])
NEW_ITEMS = st.sampled_from(["item-a", "item-b", "item-c"])


def new_values(depth: int = 1):
    leaf = st.one_of(SCALARS, st.lists(NEW_ITEMS, max_size=2, unique=True), st.builds(dict))
    if depth == 0:
        return leaf
    return st.one_of(leaf, st.dictionaries(NEW_KEYS, new_values(depth - 1), min_size=1, max_size=2))


def edits_for(values: dict, data: st.DataObject) -> list:
    leaves = leaf_paths(values)
    parents = mapping_paths(values)
    kinds = ["new-key", "new-chain"] + (["change-leaf", "same-leaf", "delete", "scalar-to-map"] if leaves else [])
    edits: list = []
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(kinds))
        if kind == "new-key":
            parent = data.draw(st.sampled_from(parents))
            edits.append(SetValue(parent + (data.draw(NEW_KEYS),), data.draw(new_values())))
        elif kind == "new-chain":
            edits.append(SetValue(tuple(data.draw(st.lists(NEW_KEYS, min_size=1, max_size=3))), data.draw(SCALARS)))
        elif kind == "change-leaf":
            edits.append(SetValue(data.draw(st.sampled_from(leaves)), data.draw(new_values())))
        elif kind == "same-leaf":
            path = data.draw(st.sampled_from(leaves))
            edits.append(SetValue(path, _get(values, path)))
        elif kind == "delete":
            edits.append(DeleteKey(data.draw(st.sampled_from(leaves + [p for p in parents if p]))))
        else:
            edits.append(SetValue(data.draw(st.sampled_from(leaves)) + (data.draw(NEW_KEYS),), data.draw(SCALARS)))
        if any(_overlap(edits[-1].path, earlier.path) for earlier in edits[:-1]):
            edits.pop()  # a plan never touches one key twice (deleting and re-adding a key moves it)
    return edits


def _overlap(a: tuple, b: tuple) -> bool:
    return a[:len(b)] == b or b[:len(a)] == a


def _get(values, path):
    for key in path:
        values = values[key]
    return values


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), max_size=5), layout=LAYOUTS, data=st.data())
def test_generated_documents_no_op_noise_and_values(values, layout, data):
    text = Writer(layout, data).document(values)
    assert same_values(helm_view(text), values), "the test writer produced a document Helm reads differently"

    # (a) no-op: nothing to do, or every key set to what it already is
    assert apply_edits(text, [], file="generated.yaml").text == text
    same = [SetValue(path, _get(values, path)) for path in leaf_paths(values)]
    assert apply_edits(text, same, file="generated.yaml").text == text

    edits = edits_for(values, data)
    result = apply_edits(text, edits, file="generated.yaml")
    assert result.refused == []
    # (b) only lines that carry a change
    assert noise_lines(*as_git_lines(layout, text, result.text)) == []
    # (c) Helm reads input + edits
    assert same_values(helm_view(result.text), expected_after(values, edits))
    # and the file keeps its own conventions
    body = text.removeprefix("\ufeff")
    assert result.text.startswith("\ufeff") == layout.bom
    if has_break(body):  # new lines get the file's own line ending (a lone CR too)
        assert {line[len(line.rstrip("\r\n")):] for line in split_lines(result.text)[:-1]} <= {layout.newline}
    if body and not body.endswith("\n") and not any(isinstance(edit, DeleteKey) for edit in edits):
        assert not result.text.endswith("\n")  # deleting the last line keeps the line above intact


def as_git_lines(layout: Layout, *texts: str) -> list[str]:
    """Git sees a lone-CR file as one line; the noise measure counts the lines YAML (and the user) sees."""
    return [text.replace("\r", "\n") if layout.newline == "\r" else text for text in texts]


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=5), layout=LAYOUTS, data=st.data())
def test_applying_the_same_edits_twice_changes_nothing_the_second_time(values, layout, data):
    text = Writer(layout, data).document(values)
    edits = [edit for edit in edits_for(values, data) if isinstance(edit, SetValue)]
    once = apply_edits(text, edits, file="generated.yaml").text
    assert apply_edits(once, edits, file="generated.yaml").text == once


def grouped_edits(values: dict, data: st.DataObject) -> list:
    """Edits as a plan makes them, in groups: chains of keys under one new key of a mapping (labels
    under a `values:` that is not there yet), and deletes of several keys of one mapping (all of its
    waypoint labels), mixed with the edits above."""
    edits: list = []
    siblings = [path for path in leaf_paths(values) if len(path) > 1]
    if siblings:
        holder = data.draw(st.sampled_from(siblings))[:-1]
        keys = list(_get(values, holder))
        edits += [DeleteKey(holder + (key,)) for key in data.draw(st.lists(st.sampled_from(keys), unique=True))]
    parent = data.draw(st.sampled_from(mapping_paths(values)))
    new_key = data.draw(NEW_KEYS.filter(lambda key: key not in _get(values, parent)))
    tails = data.draw(st.lists(st.lists(NEW_KEYS, max_size=2).map(tuple), min_size=1, max_size=4))
    edits += [SetValue(parent + (new_key,) + tail, data.draw(SCALARS)) for tail in tails]
    edits += edits_for(values, data)
    return [edit for index, edit in enumerate(edits)
            if not any(_overlap(edit.path, earlier.path) for earlier in edits[:index])]


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=5), layout=LAYOUTS, data=st.data())
def test_edits_done_together_write_what_one_edit_after_the_other_writes(values, layout, data):
    """The engine plans edits that cannot see each other on one parse, and groups (new keys under one
    new key, deletes in one mapping) as one change: the text must be the same as one at a time."""
    text = Writer(layout, data).document(values)
    edits = grouped_edits(values, data)
    one_at_a_time = [text]
    for edit in edits:
        one_at_a_time.append(apply_edits(one_at_a_time[-1], [edit], file="generated.yaml").text)
    # New entries follow the indentation the file had before the edits; one call per edit finds it again
    # each time, and in a small document one deleted entry can change the majority.
    assume(len({written_layout(step) for step in one_at_a_time}) == 1)
    # A text an edit leaves without a line break says nothing of the file's line ending: one call per edit
    # falls back to LF there, the engine keeps the one the text had when it started.
    assume(layout.newline == "\n" or all(has_break(step) for step in one_at_a_time[:-1]))
    assert apply_edits(text, edits, file="generated.yaml").text == one_at_a_time[-1]


def written_layout(text: str) -> tuple[int, bool]:
    nodes = compose_documents(text.removeprefix("\ufeff"), "generated.yaml")
    return edit_engine._layout(nodes[0] if nodes else None)


def as_configmap(values_text: str, newline: str, indent: int) -> str:
    """The generated values as a Flux ConfigMap's `values.yaml: |` block, the way GitOps repos hold them."""
    body = values_text.removeprefix("\ufeff")
    lines = body.split(newline) if body else []
    block = newline.join(" " * indent + line if line else "" for line in lines)
    head = newline.join(["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: bb-values", "data:",
                         "  values.yaml: |"])
    return ("\ufeff" if values_text.startswith("\ufeff") else "") + head + newline + block


@PROPERTY_SETTINGS
@given(values=st.dictionaries(KEYS, values_trees(), min_size=1, max_size=4), layout=LAYOUTS, data=st.data(),
       indent=st.sampled_from([4, 6]))
def test_embedded_values_edit_without_noise(values, layout, data, indent):
    from bbvalues.documents.edit import apply_edits_embedded
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.migrate.inplace import read_back

    manifest = as_configmap(Writer(layout, data).document(values), layout.newline, indent)
    source = load_inputs(["-"], stdin_text=manifest.removeprefix("\ufeff")).sources[0]
    assert same_values(source.values, values)
    edits = edits_for(values, data)
    result = apply_edits_embedded(manifest, source.embedding, edits, file="configmap.yaml")
    assert result.refused == []
    assert noise_lines(*as_git_lines(layout, manifest, result.text)) == []
    assert result.text.split(layout.newline)[:6] == manifest.split(layout.newline)[:6]
    assert same_values(read_back(result.text, source, "configmap.yaml"), expected_after(values, edits))


# -- the measure itself: it must see the noise a re-printing tool makes ------------------------------------

@pytest.mark.parametrize(("before", "after", "kinds"), [
    pytest.param("a: 1\n# about b\nb: 2\n", "a: 1\nb: 2\n", ["removed-comment"], id="dropped-comment"),
    pytest.param("a: 1\n\nb: 2\n", "a: 1\nb: 2\n", ["removed-blank"], id="dropped-blank-line"),
    pytest.param("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n", ["re-added", "re-added"], id="crlf-to-lf"),
    pytest.param("a: 1\nb: 2", "a: 1\nb: 2\n", ["re-added"], id="final-newline-added"),
    pytest.param("a:\n- k\nb:\n- k", "a:\n- k\n", [], id="last-entry-deleted-the-line-above-reads-alike"),
    pytest.param("x: 0\np:\n  a: 1\nq:\n  c: 1\n  d: 2\n", "x: 0\nq:\n  c: 1\n  d: 2\np:\n  a: 1\n",
                 ["re-added", "re-added"], id="block-moved"),
    pytest.param("a: 1\nb: 2", "a: 1\nb: 2\nc: 3", [], id="append-after-unterminated-line"),
    pytest.param("k:\n  x: 1\n  # inside\n  y: 2\nz: 1\n", "z: 1\n", [], id="comment-inside-deleted-key"),
    pytest.param("e:\n  - kc\nv:", "e: null\nv:\n  - kc", [], id="same-text-for-another-key"),
    pytest.param("a:\n  on: false\n\nb:\n  x: 1\n  on: true\n\nc: 1\n", "a:\n  on: true\n\nb:\n  x: 1\n\nc: 1\n", [],
                 id="same-text-before-a-blank-line"),
])
def test_noise_measure(before, after, kinds):
    assert [line.kind for line in noise_lines(before, after)] == kinds


def test_a_plain_ruamel_round_trip_is_noisy_by_this_measure():
    import io

    from ruamel.yaml import YAML

    source = "# header\nlist:\n- a   # first\n\n\nlong: " + "word " * 30 + "\nflow: {a: 1}\r\n"
    yaml = YAML(typ="rt")
    out = io.StringIO()
    yaml.dump(yaml.load(source), out)
    assert noise_lines(source, out.getvalue()) != []


def test_a_crlf_document_left_as_one_unterminated_line_is_no_noise():
    """Found by hypothesis: deleting the first of two CRLF lines leaves `values: null` without a line break."""
    before = "enabled: keycloak\r\nvalues: null"
    after = apply_edits(before, [DeleteKey(("enabled",))], file="x.yaml").text
    assert after == "values: null" and noise_lines(before, after) == []
