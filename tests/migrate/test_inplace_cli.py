"""`migrate --in-place`: the user's files get exactly the migration, safely, and a second run changes nothing."""

from __future__ import annotations

import copy
import shutil

import pytest
from hypothesis import given, strategies as st

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.edit import DeleteKey, SetValue
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.paths import delete_path, nest
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_into, merge_sources
from bbvalues.migrate.inplace import apply_in_place, expected_values, plan_in_place
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.views import effective_after
from tests.helpers import ROOT, RecordedProgress, bbvalues, run_cli


def copy_profile(tmp_path, name: str):
    target = tmp_path / name
    shutil.copy(ROOT / "profiles" / name, target)
    return target


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path):
    values = copy_profile(tmp_path, "3.29-sidecar.yaml")
    before = values.read_bytes()
    result = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--dry-run", "--bigbang-version", "3.29.0",
                      str(values))
    assert result.returncode == 0
    assert result.stdout.startswith("--- a/") and "+            protect: keycloak" in result.stdout
    assert values.read_bytes() == before and not (tmp_path / "3.29-sidecar.yaml.bak").exists()


def test_in_place_reaches_the_target_keeps_a_backup_and_is_idempotent(tmp_path):
    values = copy_profile(tmp_path, "3.29-ambient-gateway.yaml")
    original = values.read_bytes()
    args = ["migrate", "--to", "ambient-waypoint", "--in-place", "--bigbang-version", "3.29.0", str(values)]
    result = bbvalues(*args)
    assert result.returncode == 0, result.stderr
    assert f"edited {values}" in result.stderr
    assert (tmp_path / "3.29-ambient-gateway.yaml.bak").read_bytes() == original
    detection = detect_inputs(load_inputs([str(values)]), select_release("3.29.0"))
    assert (detection.mode, detection.problems) == ("ambient-waypoint", [])

    edited = values.read_bytes()
    mtime = values.stat().st_mtime_ns
    again = bbvalues(*args)
    assert again.returncode == 0 and "nothing to do" in again.stderr
    assert values.read_bytes() == edited and values.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_a_byte_order_mark_is_kept_and_the_text_migrated_after_it(tmp_path, bom):
    values = copy_profile(tmp_path, "3.29-sidecar.yaml")
    values.write_bytes(bom + values.read_bytes())
    result = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--no-backup", "--bigbang-version", "3.29.0",
                      str(values))
    assert result.returncode == 0, result.stderr
    edited = values.read_bytes()
    assert edited.startswith(bom) and not edited[len(bom):].startswith(b"\xef\xbb\xbf")
    detection = detect_inputs(load_inputs([str(values)]), select_release("3.29.0"))
    assert (detection.mode, detection.problems) == ("ambient-gateway", [])


@pytest.mark.parametrize(("profile", "target"), [
    ("3.29-ambient-gateway.yaml", "sidecar"),  # deletes every waypoint label of three Services
    ("3.29-ambient-waypoint.yaml", "ambient-gateway"),  # writes new keys under new parents
])
def test_in_place_parses_the_file_to_read_it_to_edit_it_and_once_after_editing(tmp_path, monkeypatch, profile,
                                                                               target):
    """Parsing is most of the work on a big file: the reader reads it (values, no nodes), the editor
    composes it along the edited paths and makes a plan's groups of edits on that one parse, and the
    check that the new text reads back as planned reads it (read, not composed: nothing edits it further)."""
    import bbvalues.documents.composer as composer

    values = copy_profile(tmp_path, profile)
    before = values.read_text()
    composed, event_source = [], composer._EventSource
    monkeypatch.setattr(composer, "_EventSource", lambda text: composed.append(text) or event_source(text))
    result = run_cli("migrate", "--to", target, "--in-place", "--bigbang-version", "3.29.0", str(values))
    assert result.exit_code == 0, result.output
    after = values.read_text()
    assert after != before and composed == [before.encode(), before, after]  # the reader reads the file's bytes


def test_a_file_that_is_mostly_one_big_scalar_is_scanned_once(tmp_path, monkeypatch):
    """libyaml scans every character of a scalar at each parse; a text whose events are few for its size
    keeps them from the reading, the editor composes from them (documents.composer.KeptEvents), and the
    new text is read back with the middle of the scalar cut out (documents.cutshort)."""
    import bbvalues.documents.composer as composer

    values = copy_profile(tmp_path, "3.29-ambient-waypoint.yaml")
    bundle = "A" * 1_000_000
    values.write_text(values.read_text() + f"packages:\n  certs:\n    values:\n      caBundle: {bundle}\n")
    before = values.read_text()
    parsed, event_source = [], composer._EventSource
    monkeypatch.setattr(composer, "_EventSource", lambda text: parsed.append(text) or event_source(text))
    result = run_cli("migrate", "--to", "ambient-gateway", "--in-place", "--bigbang-version", "3.29.0", str(values))
    assert result.exit_code == 0, result.output
    after = values.read_text()
    assert after != before and parsed[0] == before.encode() and len(parsed) == 2
    assert len(parsed[1]) < len(after) - len(bundle) + 100  # the read-back: no megabyte of the scalar
    detection = detect_inputs(load_inputs([str(values)]), select_release("3.29.0"))
    assert (detection.mode, detection.problems) == ("ambient-gateway", [])


def test_existing_backup_is_not_overwritten_without_force(tmp_path):
    values = copy_profile(tmp_path, "3.29-sidecar.yaml")
    (tmp_path / "3.29-sidecar.yaml.bak").write_text("precious\n")
    before = values.read_bytes()
    args = ["migrate", "--to", "ambient-gateway", "--in-place", "--bigbang-version", "3.29.0", str(values)]
    refused = bbvalues(*args)
    assert refused.returncode == 1 and values.read_bytes() == before
    assert (tmp_path / "3.29-sidecar.yaml.bak").read_text() == "precious\n"
    assert bbvalues(*args, "--force").returncode == 0
    assert values.read_bytes() != before


def test_new_keys_go_to_the_target_file_and_deletions_to_the_file_that_holds_them(tmp_path):
    base = copy_profile(tmp_path, "3.29-ambient-gateway.yaml")
    env = tmp_path / "env.yaml"
    env.write_text("# environment overrides\ndomain: prod.example.mil\n")
    result = bbvalues("migrate", "--to", "sidecar", "--in-place", "--no-backup", "--bigbang-version", "3.29.0",
                      str(base), str(env))
    assert result.returncode == 0, result.stderr
    assert env.read_text().startswith("# environment overrides\ndomain: prod.example.mil\n")
    assert "enabled: false" in env.read_text()
    assert "            protect: keycloak" not in base.read_text()
    detection = detect_inputs(load_inputs([str(base), str(env)]), select_release("3.29.0"))
    assert (detection.mode, detection.problems) == ("sidecar", [])


def test_configmap_embedded_values_are_edited_inside_the_block(tmp_path):
    shutil.copytree(ROOT / "profiles" / "3.30-flux-configmap", tmp_path / "flux")
    files = sorted(str(p) for p in (tmp_path / "flux").glob("*.yaml"))
    result = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--no-backup", *files)
    assert result.returncode == 0, result.stderr
    inputs = load_inputs(files)
    detection = detect_inputs(inputs, select_release("3.30.0"))
    assert (detection.mode, detection.problems) == ("ambient-gateway", [])
    text = (tmp_path / "flux" / "configmaps.yaml").read_text()
    assert text.startswith("# Environment values as Flux reads them")
    assert "    istio:\n      ambient:\n        enabled: true\n" in text


def test_a_refused_change_writes_nothing_at_all(tmp_path):
    values = tmp_path / "anchored.yaml"
    values.write_text("ztunnel: &off\n  enabled: false\nistio:\n  ambient: *off\nmonitoring:\n  enabled: true\n")
    before = values.read_bytes()
    result = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--bigbang-version", "3.29.0", str(values))
    assert result.returncode == 1
    assert "nothing was written" in result.stderr and f"{values}:" in result.stderr
    assert values.read_bytes() == before and not (tmp_path / "anchored.yaml.bak").exists()


# -- several -f layers: the edited files give exactly the planned values ------------------------------------

@pytest.mark.parametrize(("layers", "first_after"), [
    pytest.param(["addons:\n  authservice:\n    enabled: null\n", "addons:\n  authservice: null\n"],
                 "addons: {}\n", id="target-null-hides-an-earlier-map"),
    pytest.param(["addons:\n  authservice:\n    enabled: true\n    values: {x: 1}\nmonitoring: {enabled: true}\n",
                  "addons:\n  authservice: ~  # not here\n"],
                 "addons: {}\nmonitoring: {enabled: true}\n", id="target-tilde-hides-an-earlier-map-with-more-keys"),
    pytest.param(["addons:\n  authservice:\n    enabled: true\n", "addons:\n  authservice: null\n",
                  "addons:\n  authservice: null\n"],
                 "addons:\n  authservice:\n    enabled: true\n", id="already-hidden-by-a-layer-before-the-target"),
    pytest.param(["addons:\n  authservice:\n    enabled: true\n", "addons:\n  authservice:\n    enabled: true\n"],
                 "addons:\n  authservice:\n    enabled: true\n", id="nothing-hidden"),
])
def test_in_place_over_layers_gives_the_planned_values(tmp_path, layers, first_after):
    paths = []
    for index, text in enumerate(layers):
        paths.append(tmp_path / f"layer{index}.yaml")
        paths[-1].write_text(text)
    names = [str(path) for path in paths]
    release = select_release("3.30.0")
    inputs = load_inputs(names)
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), release)
    result = plan_in_place(plan, inputs)
    assert result.refused == []
    apply_in_place(result, backup=False)
    assert paths[0].read_text() == first_after
    assert merge_sources(load_inputs(names).sources).values == effective_after(plan, merge_sources(inputs.sources))


def test_in_place_with_no_values_document_names_the_files(tmp_path):
    release_file = tmp_path / "helmrelease.yaml"
    release_file.write_text("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: bigbang}\n"
                            "spec:\n  chart:\n    spec: {version: 3.30.0}\n")
    inputs = load_inputs([str(release_file)])
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), select_release("3.30.0"))
    with pytest.raises(BBValuesError, match="nothing to edit in place") as info:
        plan_in_place(plan, inputs)
    assert info.value.file == str(release_file) and "--target" in info.value.hint


def test_editing_reports_the_text_composed_and_the_edited_text_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr(RecordedProgress, "steps", [])
    values = copy_profile(tmp_path, "3.29-ambient-waypoint.yaml")  # its edits are made on one parse
    inputs = load_inputs([str(values)])
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), select_release("3.29.0"))
    result = plan_in_place(plan, inputs, progress=RecordedProgress)
    (step,) = RecordedProgress.steps
    after = result.files[0].after
    before = result.files[0].before
    assert (step.label, step.total, step.closed) == (f"editing {values}", 2 * len(before), True)
    assert sum(n for n, detail in step.advances if detail == "composing") == len(before)  # along the edited paths
    assert sum(n for n, detail in step.advances if detail == "reading values") == len(after)  # only read


def test_a_ten_megabyte_scalar_is_migrated_in_place_and_kept_byte_for_byte(tmp_path):
    """The reader takes scalars up to 16 Mi characters (documents.composer.MAX_SCALAR_CHARS): Helm
    reads `-f` files of any size; every stage after the reader is linear in a scalar's length."""
    values = copy_profile(tmp_path, "3.29-sidecar.yaml")
    bundle = "".join(f"{n:07d}MIIDdzCCAl+gAwIBAgIE" for n in range(10_000_000 // 27))
    values.write_text(values.read_text() + f"packages:\n  certs:\n    values:\n      caBundle: {bundle}\n")
    inputs = load_inputs([str(values)])
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), select_release("3.29.0"))
    result = plan_in_place(plan, inputs)
    assert not result.refused and result.files[0].changed
    assert f"\n      caBundle: {bundle}\n" in result.files[0].after


KEYS = st.sampled_from(["a", "b", "c"])
VALUES = st.recursive(st.one_of(st.none(), st.integers(0, 3), st.text("xy", max_size=2)),
                      lambda children: st.dictionaries(KEYS, children, max_size=3), max_leaves=12)
EDITS = st.lists(st.one_of(
    st.builds(SetValue, st.lists(KEYS, min_size=1, max_size=3).map(tuple), VALUES),
    st.builds(DeleteKey, st.lists(KEYS, min_size=1, max_size=3).map(tuple))), max_size=4)


@given(values=st.dictionaries(KEYS, VALUES, max_size=3), edits=EDITS)
def test_the_expected_values_of_an_edit_leave_the_input_as_it_was(values, edits):
    """expected_values copies only the mappings on the edited paths: the input must not change, and
    the result must be what the edits give on a copy of the whole."""
    before = copy.deepcopy(values)
    whole = copy.deepcopy(values)
    for edit in edits:
        if isinstance(edit, DeleteKey):
            delete_path(whole, edit.path)
        else:
            merge_into(whole, nest(edit.path, edit.value))
    assert expected_values(values, edits) == whole
    assert values == before


def test_a_null_gateway_labels_map_is_deleted_before_the_selector_label_is_written(tmp_path):
    """The required delete of a broken parent (`labels: null`) and the change that sets a key under it: the
    delete goes first, or it takes the new label with it and a second run finds the change still to do
    (found by the fuzz suite)."""
    values = tmp_path / "values.yaml"
    values.write_text("istioGateway:\n  values:\n    gateways:\n      main:\n        upstream:\n          labels: null\n")
    args = ("migrate", "--to", "ambient-gateway", "--gateway", "main", "--bigbang-version", "3.30.0", str(values))
    result = run_cli(*args, "--in-place", "--no-backup")
    assert result.exit_code == 0, result.output
    labels = load_inputs([str(values)]).sources[0].values["istioGateway"]["values"]["gateways"]["main"]["upstream"]
    assert labels == {"labels": {"protect": "keycloak"}}
    assert run_cli(*args, "--check").exit_code == 0
