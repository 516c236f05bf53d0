"""The edit engine, pyupgrade-style: (source, edits, expected) pairs, no-op cases included."""

from __future__ import annotations

import pytest

from bbvalues.documents.edit import DeleteKey, SetValue, apply_edits, apply_edits_embedded
from bbvalues.documents.inputs import load_inputs
from bbvalues.errors import BBValuesError
from bbvalues.documents.scalars import format_scalar

AMBIENT = ("istio", "ambient", "enabled")
PROTECT = ("istioGateway", "values", "gateways", "public", "upstream", "labels", "protect")
USE_WAYPOINT = ("monitoring", "values", "upstream", "prometheus", "service", "labels", "istio.io/use-waypoint")


def edit(source: str, *edits) -> str:
    result = apply_edits(source, list(edits), file="values.yaml")
    assert result.refused == []
    return result.text


# -- no-ops: the text comes back as the same bytes ---------------------------------------------------

@pytest.mark.parametrize(("source", "edits"), [
    pytest.param("istio:\n  ambient:\n    enabled: true\n", [SetValue(AMBIENT, True)], id="already-set"),
    pytest.param("istio:\n  ambient:\n    enabled: yes # YAML 1.1\n", [SetValue(AMBIENT, True)], id="yes-is-true"),
    pytest.param("istio: {ambient: {enabled: on}}", [SetValue(AMBIENT, True)], id="flow-on-is-true"),
    pytest.param('a: "1"\r\n', [SetValue(("a",), "1")], id="quoted-string-crlf"),
    pytest.param("a:\n  b: 1\n", [SetValue(("a",), {"b": 1})], id="mapping-already-contained"),
    pytest.param("a:\n  b: 1\n", [SetValue(("a",), {})], id="empty-mapping-merges-to-nothing"),
    pytest.param("a: ~\n", [SetValue(("a",), None)], id="null-tilde"),
    pytest.param("a:\n", [SetValue(("a",), None)], id="null-empty"),
    pytest.param("\ufeffa: 1", [SetValue(("a",), 1)], id="bom-no-final-newline"),
    pytest.param("a: 1\n", [DeleteKey(("b", "c"))], id="delete-absent"),
    pytest.param("a:\n- x\n- z\n", [SetValue(("a",), ["x", "z"])], id="list-equal"),
    pytest.param("a:\n- x\n- y\n", [SetValue(("a",), ["x", True])], id="list-yaml11-bool-equal"),
    pytest.param("a: &x {p: 1}\nb: *x\n", [SetValue(("b", "p"), 1)], id="alias-no-op-is-fine"),
])
def test_no_op_returns_the_same_text(source, edits):
    result = apply_edits(source, edits, file="values.yaml")
    assert result.text == source
    assert result.refused == []


def test_no_edits_at_all_on_an_empty_file():
    assert apply_edits("", [], file="values.yaml").text == ""


# -- setting values ----------------------------------------------------------------------------------

CASES = [
    pytest.param(
        "# Big Bang values\nistio:\n  enabled: true  # keep me\n\n# -- monitoring\nmonitoring:\n  enabled: true\n",
        [SetValue(AMBIENT, True)],
        "# Big Bang values\nistio:\n  enabled: true  # keep me\n  ambient:\n    enabled: true\n\n"
        "# -- monitoring\nmonitoring:\n  enabled: true\n",
        id="new-key-inside-parent-before-next-section-comment"),
    pytest.param(
        "istio:\n  ambient:\n    enabled: false   # was off\n",
        [SetValue(AMBIENT, True)],
        "istio:\n  ambient:\n    enabled: true   # was off\n",
        id="replace-scalar-keeps-eol-comment"),
    pytest.param(
        "istio:\r\n  enabled: true\r\n",
        [SetValue(AMBIENT, True)],
        "istio:\r\n  enabled: true\r\n  ambient:\r\n    enabled: true\r\n",
        id="crlf"),
    pytest.param(
        "\ufeffistio:\n  enabled: true\n",
        [SetValue(AMBIENT, True)],
        "\ufeffistio:\n  enabled: true\n  ambient:\n    enabled: true\n",
        id="bom"),
    # Lines ending with a lone CR (old Mac), NEL, LS or PS are lines to libyaml and Helm too.
    pytest.param(
        "istio:\r  enabled: true\r",
        [SetValue(AMBIENT, True)],
        "istio:\r  enabled: true\r  ambient:\r    enabled: true\r",
        id="lone-cr"),
    pytest.param(
        "addons:\r  authservice:\r    values:\ristio:\r  ambient:\r    enabled: true\r",
        [SetValue(("addons", "authservice", "values", "waypoint", "enabled"), False)],
        "addons:\r  authservice:\r    values:\r      waypoint:\r        enabled: false\ristio:\r  ambient:\r"
        "    enabled: true\r",
        id="lone-cr-null-parent-becomes-mapping"),
    pytest.param(
        "monitoring:\r  sso:\r    enabled: true\rkyverno:\r",
        [SetValue(("monitoring", "sso", "x"), 1), SetValue(("kyverno", "enabled"), True)],
        "monitoring:\r  sso:\r    enabled: true\r    x: 1\rkyverno:\r  enabled: true\r",
        id="lone-cr-several-edits"),
    pytest.param(
        "a: 1\x85b:\n  c: 1\n",
        [SetValue(("b", "d"), 2)],
        "a: 1\x85b:\n  c: 1\n  d: 2\n",
        id="a-nel-among-lf-lines-new-lines-get-lf"),
    pytest.param(
        "a:\u2028  b: 1\u2028",
        [SetValue(("a", "c"), 2)],
        "a:\u2028  b: 1\u2028  c: 2\u2028",
        id="line-separator-file"),
    pytest.param(
        "a:\r\n  b: 1\r\n  c: 1\n  d: 1\n  e: 1\n",
        [SetValue(("a", "f"), 2)],
        "a:\r\n  b: 1\r\n  c: 1\n  d: 1\n  e: 1\n  f: 2\n",
        id="mixed-endings-new-lines-get-the-most-common"),
    pytest.param(
        "istio:\n  enabled: true",
        [SetValue(AMBIENT, True)],
        "istio:\n  enabled: true\n  ambient:\n    enabled: true",
        id="no-final-newline-stays-missing"),
    pytest.param(
        "monitoring:\n    enabled: true\n",
        [SetValue(AMBIENT, True)],
        "monitoring:\n    enabled: true\nistio:\n    ambient:\n        enabled: true\n",
        id="four-space-file-gets-four-space-parents"),
    pytest.param(
        "list:\n- a\nkeys:\n  x: 1\n",
        [SetValue(("keys", "z"), ["b", "c"])],
        "list:\n- a\nkeys:\n  x: 1\n  z:\n  - b\n  - c\n",
        id="indentless-file-gets-indentless-lists"),
    pytest.param(
        "list:\n  - a\nkeys:\n  x: 1\n",
        [SetValue(("keys", "z"), [{"name": "b", "port": 80}])],
        "list:\n  - a\nkeys:\n  x: 1\n  z:\n    - name: b\n      port: 80\n",
        id="indented-lists-and-list-of-maps"),
    pytest.param(
        "labels: {app: web}\n",
        [SetValue(("labels", "protect"), "keycloak")],
        "labels: {app: web, protect: keycloak}\n",
        id="flow-map-gets-the-key-inside-it"),
    pytest.param(
        "labels: {}\n",
        [SetValue(("labels", "protect"), "keycloak")],
        "labels: {protect: keycloak}\n",
        id="empty-flow-map"),
    pytest.param(
        "labels: {app: web}\n",
        [SetValue(("labels", "x", "y"), "on")],
        'labels: {app: web, x: {"y": "on"}}\n',
        id="flow-map-nested-quotes-yaml11-bool"),
    pytest.param(
        "upstream:\n",
        [SetValue(("upstream", "labels", "protect"), "keycloak")],
        "upstream:\n  labels:\n    protect: keycloak\n",
        id="null-parent-becomes-mapping"),
    pytest.param(
        "upstream: null  # set later\nnext: 1\n",
        [SetValue(("upstream", "labels", "protect"), "keycloak")],
        "upstream:  # set later\n  labels:\n    protect: keycloak\nnext: 1\n",
        id="explicit-null-parent-keeps-comment"),
    pytest.param(
        'a: "old"\nb: \'old\'\nc: old\n',
        [SetValue(("a",), "new"), SetValue(("b",), "it's"), SetValue(("c",), "true")],
        'a: "new"\nb: \'it\'\'s\'\nc: "true"\n',
        id="quote-style-kept-and-yaml11-strings-quoted"),
    pytest.param(
        "a: x\n",
        [SetValue(("a",), "0777"), SetValue(("b",), "y"), SetValue(("c",), "1e3"), SetValue(("d",), None)],
        'a: "0777"\nb: "y"\nc: "1e3"\nd: null\n',
        id="helm-would-read-numbers-and-bools"),
    pytest.param(
        "cert: |\n  line1\n  line2\n\nother: 1\n",
        [SetValue(("cert",), "short")],
        "cert: short\n\nother: 1\n",
        id="block-scalar-replaced"),
    pytest.param(
        "a:\n  key: |\n    text",
        [SetValue(("a", "new"), 1)],
        "a:\n  new: 1\n  key: |\n    text",
        id="block-scalar-at-unterminated-end-keeps-its-value"),
    pytest.param(
        "a: 1\n",
        [SetValue(("b",), "x", comment="bbvalues: ambient-switch")],
        "a: 1\nb: x  # bbvalues: ambient-switch\n",
        id="comment-on-new-key"),
    pytest.param(
        "long: " + "x" * 300 + "\n",
        [SetValue(("short",), 1)],
        "long: " + "x" * 300 + "\nshort: 1\n",
        id="long-line-not-wrapped"),
    pytest.param(
        "# before the marker\n---\n# header\na: 1\n...\n",
        [SetValue(("b",), 2)],
        "# before the marker\n---\n# header\na: 1\nb: 2\n...\n",
        id="document-markers-and-the-comments-around-them"),
    pytest.param(
        "# before the marker\n---\n",
        [SetValue(("b",), 2)],
        "# before the marker\n---\nb: 2\n",
        id="empty-document-after-marker"),
    pytest.param(
        "# only a comment\n",
        [SetValue(("a", "b"), True)],
        "# only a comment\na:\n  b: true\n",
        id="comment-only-file"),
    pytest.param(
        "",
        [SetValue(("a",), "b")],
        "a: b\n",
        id="empty-file"),
    pytest.param(
        "a:\n  b: 1\n",
        [SetValue(("a",), {"b": 1, "c": {"d": [1, 2]}})],
        "a:\n  b: 1\n  c:\n    d:\n      - 1\n      - 2\n",
        id="mapping-merges-key-by-key"),
    pytest.param(
        "a: scalar\n",
        [SetValue(("a", "b"), 1)],
        "a:\n  b: 1\n",
        id="scalar-parent-replaced-like-an-overlay-would"),
    pytest.param(
        '? "x"\n: 1\nz: 2\n',
        [SetValue(("b",), 1)],
        '? "x"\n: 1\nz: 2\nb: 1\n',
        id="new-key-beside-an-explicit-key-at-the-question-mark-column"),
    pytest.param(
        "a:\n  ? x\n  : 1\n  b: 2\n",
        [SetValue(("a", "c"), True)],
        "a:\n  ? x\n  : 1\n  b: 2\n  c: true\n",
        id="explicit-first-key-nested"),
    pytest.param(
        "istio:\n  ambient:\n    enabled: !!null",
        [SetValue(AMBIENT, True)],
        "istio:\n  ambient:\n    enabled: true",
        id="tagged-empty-value-is-replaced-tag-and-all"),
    pytest.param(
        "a: !!null   # later\nc: 1\n",
        [SetValue(("a", "b"), 1)],
        "a:   # later\n  b: 1\nc: 1\n",
        id="tagged-empty-parent-becomes-mapping"),
    pytest.param(
        "m:\n  l:\n  - 1\n  - 2\n  k: v\n",
        [SetValue(("m", "l"), [3])],
        "m:\n  l:\n  - 3\n  k: v\n",
        id="block-list-replaced-at-its-own-indentation"),
    pytest.param(
        'labels:\n  "istio.io/use-waypoint": x\n',
        [SetValue(("labels", "istio.io/use-waypoint"), None)],
        'labels:\n  "istio.io/use-waypoint": null\n',
        id="dotted-quoted-key-set-to-null"),
    pytest.param(
        "a:\n  b: 1\n  b: 2\n",
        [SetValue(("a", "b"), 3)],
        "a:\n  b: 1\n  b: 3\n",
        id="duplicate-key-last-occurrence-edited"),
]


@pytest.mark.parametrize(("source", "edits", "expected"), CASES)
def test_set(source, edits, expected):
    assert edit(source, *edits) == expected


def test_real_paths_with_dots_in_keys():
    source = "monitoring:\n  values:\n    upstream:\n      prometheus:\n        service:\n          labels: {}\n"
    assert edit(source, SetValue(USE_WAYPOINT, None), SetValue(PROTECT, "keycloak")) == (
        "monitoring:\n  values:\n    upstream:\n      prometheus:\n        service:\n"
        "          labels: {istio.io/use-waypoint: null}\n"
        "istioGateway:\n  values:\n    gateways:\n      public:\n        upstream:\n          labels:\n"
        "            protect: keycloak\n")


# -- deleting keys -----------------------------------------------------------------------------------

DELETE_CASES = [
    pytest.param(
        "labels:\n  # the waypoint\n  istio.io/use-waypoint: x  # set by hand\n  app: web\n# after\n",
        [DeleteKey(("labels", "istio.io/use-waypoint"))],
        "labels:\n  # the waypoint\n  app: web\n# after\n",
        id="removes-exactly-its-lines-keeps-neighbour-comments"),
    pytest.param(
        "a:\n  b:\n    c: 1\n    # inside\n    d: 2\n\n  e: 3\n",
        [DeleteKey(("a", "b"))],
        "a:\n\n  e: 3\n",
        id="nested-block-with-interior-comment"),
    pytest.param(
        "gw:\n  upstream:\n    labels:\n      protect: keycloak\n  other: 1\n",
        [DeleteKey(("gw", "upstream", "labels", "protect"))],
        "gw:\n  upstream:\n    labels: {}\n  other: 1\n",
        id="emptied-mapping-becomes-empty-not-null"),
    pytest.param(
        "a: 1\nb: 2",
        [DeleteKey(("b",))],
        "a: 1\n",
        id="last-line-without-newline"),
    pytest.param(
        "a: |\n  x\nb: 2",
        [DeleteKey(("b",))],
        "a: |\n  x\n",
        id="block-scalar-before-deleted-last-line-keeps-its-newline"),
    pytest.param(
        "labels: {app: web, protect: keycloak, x: 1}\n",
        [DeleteKey(("labels", "protect"))],
        "labels: {app: web, x: 1}\n",
        id="flow-middle"),
    pytest.param(
        "labels: {app: web, protect: keycloak}\n",
        [DeleteKey(("labels", "protect")), DeleteKey(("labels", "app"))],
        "labels: {}\n",
        id="flow-last-then-only"),
    pytest.param(
        "a:\r\n  b: 1\r\n  c: 2\r\n",
        [DeleteKey(("a", "b"))],
        "a:\r\n  c: 2\r\n",
        id="crlf"),
    pytest.param(
        "a:\r  b: 1\r  c: 2\r",
        [DeleteKey(("a", "b"))],
        "a:\r  c: 2\r",
        id="lone-cr"),
    pytest.param(
        "a:\r  b: 1\r  c: 2",
        [DeleteKey(("a", "c"))],
        "a:\r  b: 1\r",
        id="lone-cr-last-line-without-newline"),
    pytest.param(
        "a:\n  b:\n    x: 1\x85  c: 2\n",
        [DeleteKey(("a", "b"))],
        "a:\n  c: 2\n",
        id="nel-inside-the-deleted-entry"),
    pytest.param(
        "a:\n  b: 1\n  c: 2\n  b: 3\n",
        [DeleteKey(("a", "b"))],
        "a:\n  c: 2\n",
        id="duplicate-deletes-every-occurrence"),
    pytest.param(
        "a:\n  list:\n  - x\n  - y\n  keep: 1\n",
        [DeleteKey(("a", "list"))],
        "a:\n  keep: 1\n",
        id="indentless-list-value"),
]


SEQUENCES = [
    pytest.param(
        "a:\n  b: 1\n  c: 2\nz: 1\n",
        [DeleteKey(("a", "b")), DeleteKey(("a", "c"))],
        "a: {}\nz: 1\n",
        id="deleting-every-sibling-one-by-one-still-leaves-empty-not-null"),
    pytest.param(
        "z: 1\n",
        [SetValue(("a", "b", "c"), 1), SetValue(("a", "b", "d"), 2), SetValue(("a", "e"), 3)],
        "z: 1\na:\n  b:\n    c: 1\n    d: 2\n  e: 3\n",
        id="keys-under-one-new-parent-share-it-in-edit-order"),
    pytest.param(
        "l: {x: 1, y: 2}\n",
        [DeleteKey(("l", "x")), SetValue(("l", "w"), 3)],
        "l: {y: 2, w: 3}\n",
        id="flow-delete-then-add"),
    pytest.param(
        "a:\n  b: 1\n",
        [SetValue(("a", "b"), 2), SetValue(("a", "c"), 3), DeleteKey(("a", "b"))],
        "a:\n  c: 3\n",
        id="later-edit-sees-earlier-ones"),


    pytest.param(
        "z: 1\n",
        [SetValue(("b",), 1), SetValue(("a", "x"), 2), SetValue(("c",), 3)],
        "z: 1\nb: 1\na:\n  x: 2\nc: 3\n",
        id="new-keys-appended-to-one-mapping-keep-edit-order"),
    pytest.param(
        "a:\n  key: |\n    text",
        [SetValue(("a", "n2"), 2), SetValue(("a", "n1"), 1)],
        "a:\n  n2: 2\n  n1: 1\n  key: |\n    text",
        id="new-keys-before-a-final-block-scalar-keep-edit-order"),
    pytest.param(
        "a:\n  b: 1\n",
        [SetValue(("a", "c"), 1), SetValue(("d",), 2)],
        "a:\n  b: 1\n  c: 1\nd: 2\n",
        id="appends-to-a-nested-and-the-root-mapping-at-one-point"),
    pytest.param(
        "a:\n  b: 1\n",
        [SetValue(("d",), 2), SetValue(("a", "c"), 1)],
        "a:\n  b: 1\n  c: 1\nd: 2\n",
        id="appends-to-the-root-then-a-nested-mapping-at-one-point"),
    pytest.param(
        "l: {}\n",
        [SetValue(("l", "p"), 1), SetValue(("l", "q"), 2)],
        "l: {p: 1, q: 2}\n",
        id="several-keys-into-an-empty-flow-mapping"),
]


@pytest.mark.parametrize(("source", "edits", "expected"), SEQUENCES)
def test_edits_apply_in_order(source, edits, expected):
    assert edit(source, *edits) == expected


def test_new_keys_for_one_mapping_need_one_parse_of_the_edited_text(monkeypatch):
    """Parsing is the slow part on a large file: appends to one mapping share a parse, and the text the
    last edits produce is only read (for the check that it gives the planned values), not composed."""
    import bbvalues.documents.composer as composer

    real, parsed = composer._EventSource, []
    monkeypatch.setattr(composer, "_EventSource", lambda text: parsed.append(text) or real(text))
    edits = [SetValue((f"key{n}", "enabled"), True) for n in range(5)]
    result = apply_edits("a: 1\n", edits, file="values.yaml")
    assert result.text == "a: 1\n" + "".join(f"key{n}:\n  enabled: true\n" for n in range(5))
    assert parsed == ["a: 1\n", result.text]  # the input composed, then the result read once
    assert result.values == {"a": 1, **{f"key{n}": {"enabled": True} for n in range(5)}}


def test_edits_that_wait_for_a_new_parse_compose_the_text_between(monkeypatch):
    import bbvalues.documents.edit as engine

    real, composed = engine.compose_pruned, []
    monkeypatch.setattr(engine, "compose_pruned", lambda text, file, keep, progress=None, kept=None:
                        composed.append(text) or real(text, file, keep, progress, kept))
    result = apply_edits("a:\n  b: 1\n", [SetValue(("a",), {"b": 2}), DeleteKey(("a", "b"))], file="values.yaml")
    assert result.values == {"a": {}} and len(composed) == 2  # the input, then the text between the two


@pytest.mark.parametrize(("source", "edits", "expected"), DELETE_CASES)
def test_delete(source, edits, expected):
    assert edit(source, *edits) == expected


def test_duplicate_key_warns_with_both_lines():
    result = apply_edits("a:\n  b: 1\n  b: 2\n", [SetValue(("a", "b"), 3)], file="values.yaml")
    assert result.warnings == ["values.yaml:3:3: a.b is set 2 times (lines 2, 3); Helm uses the last one, "
                               "line 3, so that is the one edited"]


# -- anchors, aliases and merge keys: refused with file and line, the rest applied -------------------------

ANCHORED = "tls: &tls\n  cert: x\ngw:\n  public:\n    tls: *tls\nother: 1\n"


@pytest.mark.parametrize(("edits", "line", "words"), [
    pytest.param([SetValue(("gw", "public", "tls", "cert"), "y")], 5, "alias (*tls)", id="through-alias"),
    pytest.param([SetValue(("tls", "cert"), "y")], 1, "anchored (&tls)", id="inside-anchor"),
    pytest.param([DeleteKey(("tls",))], 1, "holds the anchor &tls", id="delete-anchor-definition"),
    pytest.param([SetValue(("tls", "key"), "k")], 1, "anchored (&tls)", id="add-into-anchor"),
])
def test_anchor_refusals_name_path_and_line_and_keep_other_edits(edits, line, words):
    result = apply_edits(ANCHORED, edits + [SetValue(("other",), 2)], file="values.yaml")
    assert len(result.refused) == 1
    error = result.refused[0]
    assert isinstance(error, BBValuesError)
    assert error.origin.file == "values.yaml" and error.origin.line == line
    assert words in error.message
    assert result.text == ANCHORED.replace("other: 1", "other: 2")


def test_deleting_an_alias_use_is_fine():
    assert edit(ANCHORED, DeleteKey(("gw", "public", "tls"))) == "tls: &tls\n  cert: x\ngw:\n  public: {}\nother: 1\n"


def test_merge_key_scalar_override_is_written_but_a_merged_mapping_is_refused():
    source = "base: &b\n  labels: {a: 1}\n  size: 1\nuse:\n  <<: *b\n"
    assert edit(source, SetValue(("use", "size"), 2)) == source + "  size: 2\n"
    result = apply_edits(source, [SetValue(("use", "labels", "c"), 3)], file="values.yaml")
    assert result.text == source
    assert "merge key" in result.refused[0].message and result.refused[0].origin.line == 5


# -- embedded values (ConfigMap/Secret `values.yaml: |`) ------------------------------------------------

CONFIGMAP = """## Set all sourceType to helmRepo
apiVersion: v1
kind: ConfigMap
metadata:
  name: dev-bb
data:
  values.yaml: |
    istiod:
      enabled: true   # core

    istioGateway:
      values:
        gateways:
          passthrough:
            upstream:"""


def _embedded(text: str, *edits):
    path = "/dev/null/never-read"
    inputs = load_inputs(["-"], stdin_text=text)
    source = inputs.sources[0]
    return apply_edits_embedded(text, source.embedding, list(edits), file=path)


def test_embedded_values_edited_at_the_block_indentation():
    result = _embedded(CONFIGMAP, SetValue(PROTECT, "keycloak"), SetValue(AMBIENT, True))
    assert result.text == CONFIGMAP.replace("          passthrough:\n            upstream:", (
        "          passthrough:\n            upstream:\n"
        "          public:\n            upstream:\n              labels:\n                protect: keycloak\n"
        "    istio:\n      ambient:\n        enabled: true"))


def test_embedded_block_followed_by_other_manifest_keys():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  values.yaml: |\n"
            "    istio:\n      enabled: true\n\n  other.yaml: |\n    x: 1\n")
    result = _embedded(text, SetValue(AMBIENT, True), SetValue(("z",), 1))
    assert result.text == text.replace("      enabled: true\n", "      enabled: true\n      ambient:\n"
                                       "        enabled: true\n    z: 1\n")


def test_embedded_no_op_is_byte_identical():
    assert _embedded(CONFIGMAP, SetValue(("istiod", "enabled"), True)).text == CONFIGMAP


def test_embedded_line_numbers_are_the_manifest_lines():
    text = CONFIGMAP.replace("    istiod:\n", "    istiod: &i\n")
    result = _embedded(text, SetValue(("istiod", "enabled"), False))
    assert result.refused[0].origin.line == 8


def test_embedded_secret_with_four_space_manifest_and_crlf():
    text = ("\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n    name: s\r\nstringData:\r\n"
            "    values.yaml:  |\r\n      networkPolicies:\r\n        enabled: false")
    result = _embedded(text, SetValue(AMBIENT, True))
    assert result.text == text + "\r\n      istio:\r\n        ambient:\r\n          enabled: true"


def test_one_line_embedded_block_in_a_crlf_manifest_gets_crlf():
    text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: c\r\ndata:\r\n  values.yaml: |\r\n    a: 1"
    assert _embedded(text, SetValue(("b",), 2)).text == text + "\r\n    b: 2"


@pytest.mark.parametrize(("manifest", "edits", "expected"), [
    pytest.param(
        "apiVersion: v1\rkind: ConfigMap\rdata:\r  values.yaml: |\r    istio:\r      enabled: true\r",
        [SetValue(AMBIENT, True)],
        "apiVersion: v1\rkind: ConfigMap\rdata:\r  values.yaml: |\r    istio:\r      enabled: true\r"
        "      ambient:\r        enabled: true\r",
        id="lone-cr-manifest"),
    pytest.param(
        "apiVersion: v1\rkind: ConfigMap\rdata:\r  values.yaml: |\r",
        [SetValue(("a",), 1)],
        "apiVersion: v1\rkind: ConfigMap\rdata:\r  values.yaml: |\r    a: 1\r",
        id="lone-cr-empty-block"),
    pytest.param(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  values.yaml: |\n    a:\r      b: 1\r    c: 2\n",
        [DeleteKey(("a", "b"))],
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  values.yaml: |\n    a: {}\r    c: 2\n",
        id="lone-cr-inside-the-block-only"),
])
def test_embedded_values_with_other_line_endings(manifest, edits, expected):
    assert _embedded(manifest, *edits).text == expected


STRIPPED = "apiVersion: v1\nkind: Secret\nstringData:\n  values.yaml: |-\n"


@pytest.mark.parametrize(("manifest", "edits", "expected"), [
    pytest.param(STRIPPED + "    key: |\n      abc\n", [SetValue(("b",), 1)],
                 STRIPPED + "    b: 1\n    key: |\n      abc\n", id="inner-block-scalar-keeps-its-value"),
    pytest.param(STRIPPED + "    a: 1\n\n", [SetValue(("b",), 1)],
                 STRIPPED + "    a: 1\n    b: 1\n\n", id="trailing-blank-line-stays-last"),
    pytest.param(STRIPPED + "    a: 1\n    b: 2\n", [DeleteKey(("b",))],
                 STRIPPED + "    a: 1\n", id="delete-the-last-entry"),
    pytest.param(STRIPPED + "    a: 1\n    b: 2\n\ntype: Opaque\n", [DeleteKey(("b",))],
                 STRIPPED + "    a: 1\n\ntype: Opaque\n", id="delete-the-last-entry-before-more-manifest"),
    pytest.param(STRIPPED + "    a: 1\n\n    b: 2\n", [DeleteKey(("b",))],
                 STRIPPED + "    a: 1\n\n", id="delete-the-last-entry-after-a-blank-line"),
    pytest.param(STRIPPED + "    a: 1\n\n    b: 2", [DeleteKey(("b",))],
                 STRIPPED + "    a: 1\n\n", id="delete-the-last-entry-after-a-blank-line-at-the-end-of-the-file"),
])
def test_embedded_values_in_a_stripped_block(manifest, edits, expected):
    """`|-` strips the values text's final line break: a block scalar ending the values has none."""
    assert _embedded(manifest, *edits).text == expected


def test_a_stripped_block_whose_values_would_end_with_a_block_scalar_is_refused():
    with pytest.raises(BBValuesError, match="would strip its final line break"):
        _embedded(STRIPPED + "    key: |\n      abc\n    b: 2\n", DeleteKey(("b",)))


def test_a_second_byte_order_mark_is_refused_as_helm_refuses_it():
    with pytest.raises(BBValuesError, match="two byte-order marks") as caught:
        apply_edits("\ufeff\ufeff# c\nistio: {}\n", [SetValue(AMBIENT, True)], file="values.yaml")
    assert str(caught.value.origin) == "values.yaml:1:1"


def test_quoted_embedding_is_refused_clearly():
    text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  values.yaml: "a: 1"\n'
    with pytest.raises(BBValuesError, match="only inside a block scalar") as caught:
        _embedded(text, SetValue(("a",), 2))
    assert "values.yaml: |" in caught.value.hint


# -- what the engine refuses to touch --------------------------------------------------------------------

def test_several_documents_are_refused():
    with pytest.raises(BBValuesError, match="several YAML documents"):
        apply_edits("a: 1\n---\nb: 2\n", [SetValue(("a",), 2)], file="values.yaml")


def test_a_value_yaml_cannot_hold_is_a_programming_error():
    with pytest.raises(TypeError):
        apply_edits("a: 1\n", [SetValue(("a",), object())], file="values.yaml")


@pytest.mark.parametrize(("value", "text"), [
    ("true", '"true"'), ("on", '"on"'), ("y", '"y"'), ("No", '"No"'), ("0777", '"0777"'), ("1e3", '"1e3"'),
    ("~", '"~"'), ("", '""'), ("keycloak", "keycloak"), ("istio.io/use-waypoint", "istio.io/use-waypoint"),
    ("a: b", '"a: b"'), ("line\nbreak", '"line\\nbreak"'), (None, "null"), (False, "false"), (8080, "8080"),
    ("3.30.0", '"3.30.0"'), ("none", "none"), (".inf", '".inf"'), ("2024-01-01", '"2024-01-01"'),
])
def test_format_scalar_is_yaml11_safe(value, text):
    assert format_scalar(value) == text


@pytest.mark.parametrize(("value", "text"), [
    ("https://login.dso.mil", '"https://login.dso.mil"'), ("a,b", '"a,b"'), ("{x}", '"{x}"'), ("plain", "plain"),
])
def test_format_scalar_in_flow_context_quotes_what_go_yaml_rejects(value, text):
    assert format_scalar(value, flow=True) == text


def test_url_added_to_a_flow_map_is_quoted():
    assert edit("sso: {client: x}\n", SetValue(("sso", "url"), "https://login.dso.mil")) == (
        'sso: {client: x, url: "https://login.dso.mil"}\n')


def test_a_new_key_too_long_for_key_colon_value_is_refused_and_the_rest_applied():
    long_key = "k" * 1100
    result = apply_edits("a: 1\n", [SetValue(("labels", long_key), "x"), SetValue(("b",), 2)], file="values.yaml")
    assert result.text == "a: 1\nb: 2\n"
    assert len(result.refused) == 1 and "`? key` form" in result.refused[0].message
