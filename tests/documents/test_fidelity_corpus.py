"""In-place edits of every real-world file in ../shared/corpus/realworld: byte-identical no-ops,
zero noise lines, and the same effective values as input + edits (and as input + the real overlay)."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bbvalues.bigbang.releases import select_release
from bbvalues.documents.edit import DeleteKey, SetValue, apply_edits
from bbvalues.documents.inputs import InputSet, load_inputs
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import get_path
from bbvalues.helm.merge import Effective, merge_values
from bbvalues.migrate.inplace import apply_in_place, plan_in_place, read_back
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.views import effective_after
from tests.conftest import shared_folder_marks, shared_params
from tests.documents.test_pruned import composing_whole, outcome
from tests.helpers import is_umbrella_values
from tests.fidelity_helpers import (
    CORPUS, CORPUS_PARTS, MODES, changed_line_counts, corpus_edits, corpus_files, edit_source, expected_after,
    leaf_paths, mapping_paths, noise_lines, read_raw, same_values,
)

FILES = corpus_files()
pytestmark = shared_folder_marks(*CORPUS_PARTS)
RELEASE = select_release("3.30.0")


@lru_cache(maxsize=None)
def _loaded(path: Path):
    """Inputs are only read by the tests (expectations deep-copy), so one parse per file is enough."""
    try:
        return load_inputs([str(path)])
    except BBValuesError as exc:
        if "no Big Bang values here" not in exc.message:
            raise
        return InputSet(sources=[])  # a Kustomization, a HelmRepository, a cosign Secret: nothing to edit


VALUES_FILES = [path for path in FILES if _loaded(path).sources]


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def _source(path: Path):
    inputs = _loaded(path)
    assert len(inputs.sources) == 1
    return inputs, inputs.sources[0]


@pytest.mark.parametrize("path", shared_params(CORPUS_PARTS, lambda _corpus: FILES), ids=_id)
def test_no_op_round_trip_is_byte_identical(path):
    text = read_raw(path)
    inputs = _loaded(path)
    for source in inputs.sources:
        # Setting every key to the value it already has must not touch a byte.
        edits = [SetValue(leaf, get_path(source.values, leaf)) for leaf in leaf_paths(source.values)]
        result = edit_source(text, source, edits, _id(path))
        assert result.text == text
        assert not result.refused
    if not inputs.sources and text.count("\n---") == 0 and not text.startswith("---"):
        assert apply_edits(text, [], file=_id(path)).text == text


@pytest.mark.parametrize("deletions", [False, True], ids=["mode-edits", "mode-edits+deletions"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", shared_params(CORPUS_PARTS, lambda _corpus: VALUES_FILES), ids=_id)
def test_edits_change_only_the_lines_that_carry_them(path, mode, deletions):
    text = read_raw(path)
    _inputs, source = _source(path)
    edits = corpus_edits(source, mode, deletions)
    result = edit_source(text, source, edits, _id(path))
    assert [str(error) for error in result.refused] == []
    assert noise_lines(text, result.text) == []
    if not deletions:
        # each edit rewrites at most one existing line (a value, or a `parent:` that gains a child or
        # `{}`); one more when lines are appended after a last line that has no newline
        removed, _added = changed_line_counts(text, result.text)
        assert removed <= len(result.applied) + 1
    assert same_values(read_back(result.text, source, _id(path)), expected_after(source.values, edits))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", shared_params(CORPUS_PARTS, lambda _corpus: VALUES_FILES), ids=_id)
def test_edits_along_the_edited_paths_write_what_edits_of_the_whole_tree_write(path, mode):
    text = read_raw(path)
    _inputs, source = _source(path)
    edits = corpus_edits(source, mode)
    pruned = edit_source(text, source, edits, _id(path))
    with composing_whole():
        whole = edit_source(text, source, edits, _id(path))
    assert outcome(pruned) == outcome(whole)


def test_anchored_block_is_refused_with_path_and_line_and_the_rest_applied():
    path = CORPUS / "bigbang" / "chart-ingress-certs.yaml"
    text = read_raw(path)
    _inputs, source = _source(path)
    anchored = sorted(source.document.anchored)
    assert anchored, "the corpus file defines &publicTLS"
    inside = anchored[0] + ("extra",)
    result = edit_source(text, source, [SetValue(inside, "x"), SetValue(("istio", "ambient", "enabled"), True)],
                         _id(path))
    assert len(result.refused) == 1
    error = result.refused[0]
    assert error.origin is not None and error.origin.line > 0
    assert "&publicTLS" in error.message or "*publicTLS" in error.message
    assert "istio:\n  ambient:\n    enabled: true\n" in result.text
    assert noise_lines(text, result.text) == []


def test_duplicate_key_edits_the_occurrence_helm_uses_and_warns():
    path = CORPUS / "quick-start" / "bigbang-values.yaml"
    text = read_raw(path)
    _inputs, source = _source(path)
    duplicate = source.document.duplicates[0]
    result = edit_source(text, source, [SetValue(duplicate.path + ("limits",), {"cpu": "2"})], _id(path))
    assert any("Helm uses the last one" in warning for warning in result.warnings)
    changed_line = next(i for i, (a, b) in enumerate(zip(text.split("\n"), result.text.split("\n"))) if a != b)
    assert changed_line + 1 >= duplicate.last.line
    assert noise_lines(text, result.text) == []


# -- the real planner and overlay: in-place == input + overlay - required edits ------------------------

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", shared_params(CORPUS_PARTS, lambda _corpus: [
    path for path in VALUES_FILES if is_umbrella_values(path)]), ids=_id)
def test_in_place_gives_the_same_values_as_the_overlay(path, mode):
    inputs, source = _source(path)
    plan = plan_migration(inputs, MigrationOptions(mode), RELEASE)
    result = plan_in_place(plan, inputs)
    assert [str(error) for error in result.refused] == []
    for file in result.files:
        assert noise_lines(file.before, file.after) == []
    after = result.files[0].after if result.files else read_raw(path)
    assert same_values(read_back(after, source, _id(path)), effective_after(plan, Effective(source.values)))


def _template_dev(root: Path) -> list[str]:
    # copyfile: a working copy like a git checkout, not the read-only modes of the shared corpus
    # (bbvalues refuses to replace a file or fill a directory nobody may write to)
    shutil.copytree(CORPUS / "template-helmRepo", root / "template-helmRepo", copy_function=shutil.copyfile)
    for directory in [root / "template-helmRepo", *(root / "template-helmRepo").rglob("*")]:
        if directory.is_dir():
            directory.chmod(0o755)
    names = ["base/helmrelease.yaml", "base/configmap.yaml", "base/common-bb-secret.yaml", "dev/configmap.yaml",
             "dev/secrets/dev-bb-secret.yaml"]
    return [f"template-helmRepo/{name}" for name in names]


@pytest.mark.parametrize("mode", ["ambient-gateway", "ambient-waypoint"])
def test_flux_layout_written_in_place_merges_like_input_plus_overlay(tmp_path, monkeypatch, mode):
    monkeypatch.chdir(tmp_path)
    names = _template_dev(tmp_path)
    inputs = load_inputs(names)
    before = {name: Path(name).read_bytes() for name in names}
    plan = plan_migration(inputs, MigrationOptions(mode), select_release("3.30.0"))
    result = plan_in_place(plan, inputs)
    assert [file.name for file in result.changed_files] == [names[-1]]  # the last valuesFrom entry
    assert result.diff.startswith(f"--- a/{names[-1]}\n+++ b/{names[-1]}\n")
    report = apply_in_place(result)
    assert report.written == [names[-1]]
    assert Path(names[-1] + ".bak").read_bytes() == before[names[-1]]
    for name in names[:-1]:
        assert Path(name).read_bytes() == before[name]
    wanted = effective_after(plan, Effective(merge_values(source.values for source in inputs.sources)))
    merged = merge_values(source.values for source in load_inputs(names).sources)
    assert same_values(merged, wanted)
    # running again is a no-op: nothing left to change, nothing rewritten
    again = plan_in_place(plan_migration(load_inputs(names), MigrationOptions(mode), select_release("3.30.0")),
                          load_inputs(names))
    assert again.changed_files == []


# -- in place with the real planner: a hand-written gateway-mode file next to a real SSO file ------------

GATEWAY_FILE = (
    "# gateway mode, set by hand\r\n"
    "istio:\r\n  ambient:\r\n    enabled: true\r\n"
    "addons:\r\n  authservice:\r\n    values:\r\n      waypoint:\r\n        enabled: false  # gateway enforcement\r\n"
    "istioGateway:\r\n  values:\r\n    gateways:\r\n      public:\r\n        upstream:\r\n          labels:\r\n"
    "            protect: keycloak\r\n"
)


@pytest.fixture
def sso_and_gateway(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(CORPUS / "bigbang" / "docs-example-dev-sso-values.yaml", tmp_path / "sso.yaml")
    (tmp_path / "gateway.yaml").write_bytes(GATEWAY_FILE.encode())
    return ["sso.yaml", "gateway.yaml"]


def _migrate(names: list[str], mode: str, target: str | None = None):
    inputs = load_inputs(names)
    plan = plan_migration(inputs, MigrationOptions(mode), RELEASE)
    return plan, plan_in_place(plan, inputs, target=target)


def test_to_sidecar_deletes_the_gateway_label_where_it_is_set_and_flips_ambient(sso_and_gateway):
    plan, result = _migrate(sso_and_gateway, "sidecar")
    assert [edit.origin.line for edit in plan.required_edits] == [16]
    assert result.diff == (
        "--- a/gateway.yaml\n+++ b/gateway.yaml\n"
        "@@ -1,7 +1,7 @@\n # gateway mode, set by hand\r\n istio:\r\n   ambient:\r\n-    enabled: true\r\n"
        "+    enabled: false\r\n addons:\r\n   authservice:\r\n     values:\r\n"
        "@@ -12,5 +12,4 @@\n     gateways:\r\n       public:\r\n         upstream:\r\n-          labels:\r\n"
        "-            protect: keycloak\r\n+          labels: {}\r\n")
    apply_in_place(result)
    assert Path("sso.yaml").read_bytes() == (CORPUS / "bigbang" / "docs-example-dev-sso-values.yaml").read_bytes()
    assert Path("gateway.yaml.bak").read_bytes() == GATEWAY_FILE.encode()
    assert b"\n" not in Path("gateway.yaml").read_bytes().replace(b"\r\n", b"")
    # the result is what the planner wanted: running again finds nothing to do
    plan_again, again = _migrate(sso_and_gateway, "sidecar")
    assert not plan_again.has_work and again.changed_files == []


def test_target_sends_new_keys_to_another_input(sso_and_gateway):
    _plan, result = _migrate(sso_and_gateway, "ambient-gateway", target="sso.yaml")
    assert [file.name for file in result.changed_files] == ["sso.yaml"]
    assert noise_lines(result.files[0].before, result.files[0].after) == []
    assert "+          labels: null\n" in result.diff  # the map-level null kube-prometheus-stack's {} default makes safe


def test_already_in_target_mode_writes_nothing(sso_and_gateway):
    _plan, first = _migrate(sso_and_gateway, "ambient-gateway", target="gateway.yaml")
    assert apply_in_place(first).written == ["gateway.yaml"]
    stamp = Path("gateway.yaml").stat().st_mtime_ns, Path("gateway.yaml").stat().st_ino
    _plan, again = _migrate(sso_and_gateway, "ambient-gateway", target="gateway.yaml")
    assert again.changed_files == [] and again.diff == ""
    assert apply_in_place(again).written == []
    assert (Path("gateway.yaml").stat().st_mtime_ns, Path("gateway.yaml").stat().st_ino) == stamp


def test_a_file_edited_behind_our_back_is_not_overwritten(sso_and_gateway):
    _plan, result = _migrate(sso_and_gateway, "sidecar")
    Path("gateway.yaml").write_text("istio: {}\n")
    with pytest.raises(BBValuesError, match="changed since bbvalues read it"):
        apply_in_place(result)
    assert Path("gateway.yaml").read_text() == "istio: {}\n"


def test_standard_input_cannot_be_edited_in_place():
    inputs = load_inputs(["-"], stdin_text="istio:\n  ambient:\n    enabled: true\n")
    plan = plan_migration(inputs, MigrationOptions("sidecar"), RELEASE)
    with pytest.raises(BBValuesError, match="standard input"):
        plan_in_place(plan, inputs)


def test_target_before_an_input_that_overrides_the_key_is_refused_with_its_line(sso_and_gateway):
    Path("later.yaml").write_text("# last word\nistio:\n  ambient:\n    enabled: true\n")
    _plan, result = _migrate(sso_and_gateway + ["later.yaml"], "sidecar", target="gateway.yaml")
    assert [(error.origin.file, error.origin.line) for error in result.refused] == [("later.yaml", 4)]
    assert "would win" in result.refused[0].message


def test_annotate_names_the_rule_on_each_new_key(sso_and_gateway):
    inputs = load_inputs(sso_and_gateway)
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), RELEASE)
    result = plan_in_place(plan, inputs, target="sso.yaml", annotate=True)
    added = [line for line in result.diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    leaves = [line for line in added if not line.rstrip().endswith(":")]
    assert leaves and all("  # bbvalues: " in line for line in leaves)
    assert {change.rule for change in plan.changes} <= {line.rsplit("# bbvalues: ", 1)[1] for line in leaves}


# -- random edit batches on the real files ----------------------------------------------------------------

NEW_KEYS = st.sampled_from(["new-a", "new-b", "newKey", "new.dotted/key"])
NEW_VALUES = st.sampled_from([True, False, None, "on", "0777", "https://login.dso.mil", "plain", 5, {"new-c": 1},
                              ["item-a"], {}, []])


def _outside_anchors(source, paths: list[tuple]) -> list[tuple]:
    anchored = source.document.anchored
    return [path for path in paths if not any(path[:len(a)] == a or a[:len(path)] == path for a in anchored)]


@st.composite
def corpus_batches(draw):
    path = draw(st.sampled_from(VALUES_FILES))
    _inputs, source = _source(path)
    leaves = _outside_anchors(source, leaf_paths(source.values))
    parents = _outside_anchors(source, mapping_paths(source.values)) or [()]
    edits: list = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["set", "new", "delete", "chain"] if leaves else ["new", "chain"]))
        if kind == "set":
            edit = SetValue(draw(st.sampled_from(leaves)), draw(NEW_VALUES))
        elif kind == "new":
            edit = SetValue(draw(st.sampled_from(parents)) + (draw(NEW_KEYS),), draw(NEW_VALUES))
        elif kind == "delete":
            edit = DeleteKey(draw(st.sampled_from(leaves + [p for p in parents if p])))
        else:
            edit = SetValue(tuple(draw(st.lists(NEW_KEYS, min_size=1, max_size=3))), draw(NEW_VALUES))
        if not any(edit.path[:len(o.path)] == o.path or o.path[:len(edit.path)] == edit.path for o in edits):
            edits.append(edit)
    return path, source, edits


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=corpus_batches())
def test_random_edit_batches_on_real_files(batch):
    path, source, edits = batch
    text = read_raw(path)
    result = edit_source(text, source, edits, _id(path))
    assert [str(error) for error in result.refused] == []
    assert noise_lines(text, result.text) == []
    assert same_values(read_back(result.text, source, _id(path)), expected_after(source.values, edits))
