"""`migrate --in-place`: the user's files get exactly the migration, safely, and a second run changes nothing."""

from __future__ import annotations

import shutil

from bbvalues.bigbang.modes import detect_inputs
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from tests.core.test_cli import bbvalues
from tests.helpers import ROOT


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
    values.write_text("off: &off\n  enabled: false\nistio:\n  ambient: *off\nmonitoring:\n  enabled: true\n")
    before = values.read_bytes()
    result = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--bigbang-version", "3.29.0", str(values))
    assert result.returncode == 1
    assert "nothing was written" in result.stderr and f"{values}:" in result.stderr
    assert values.read_bytes() == before and not (tmp_path / "anchored.yaml.bak").exists()
