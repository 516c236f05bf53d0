"""`migrate --in-place DIR`: each environment edited in its own files, a shared layer only when every
environment reading it needs the same change, all or nothing per environment, then a summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import ROOT, run_cli

FLEET = ROOT / "tests" / "fixtures" / "gitops" / "fleet"


def modes(directory: Path) -> dict:
    result = run_cli("scan", "-o", "json", str(directory))
    return {env["name"]: env["mode"] for env in json.loads(result.stdout)["environments"]}


def snapshot(directory: Path) -> dict:
    return {path.relative_to(directory): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def test_each_environment_is_edited_in_its_own_files(tmp_path):
    fleet = tmp_path / "fleet"
    shutil.copytree(FLEET, fleet)
    before = snapshot(fleet)
    result = run_cli("migrate", "--to", "ambient-gateway", "--in-place", "--no-backup", str(fleet))
    after = snapshot(fleet)
    changed = sorted(str(path) for path in after if before.get(path) != after[path])
    assert changed == ["dev/values.yaml", "staging/staging-values.yaml"]
    assert result.exit_code == 1  # clusters/oci (base64 Secret) and clusters/git (inline values) are refused
    assert "error: clusters/oci: nothing written" in result.stderr
    assert "dev: edited 7 change(s) for ambient-gateway" in result.stderr  # a map-level null per Service
    assert "prod: nothing to do for ambient-gateway" in result.stderr
    migrated = modes(fleet)
    assert migrated["dev"] == migrated["staging"] == migrated["prod"] == "ambient-gateway"
    assert migrated["clusters/oci"] == "sidecar"


def test_a_dry_run_writes_nothing_and_prints_the_diffs(tmp_path):
    fleet = tmp_path / "fleet"
    shutil.copytree(FLEET, fleet)
    before = snapshot(fleet)
    result = run_cli("migrate", "--to", "ambient-gateway", "--in-place", "--dry-run", str(fleet / "dev"))
    assert snapshot(fleet) == before
    assert result.exit_code == 0 and "+                protect: keycloak" in result.stdout
    assert "dev: would edit 7 change(s)" in result.stderr


def _two_environments(root: Path, base_values: str) -> Path:
    (root / "base").mkdir(parents=True)
    (root / "base" / "kustomization.yaml").write_text("resources: [release.yaml, common.yaml]\n")
    (root / "base" / "release.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bigbang\n  namespace: bigbang\n"
        "spec:\n  chart:\n    spec:\n      chart: bigbang\n      version: 3.30.0\n  valuesFrom:\n"
        "    - kind: ConfigMap\n      name: common\n")
    (root / "base" / "common.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\n  namespace: bigbang\ndata:\n  values.yaml: |\n"
        + "".join(f"    {line}\n" for line in base_values.splitlines()))
    for name in ("a", "b"):
        (root / name).mkdir()
        (root / name / "kustomization.yaml").write_text(
            "resources: [../base, values.yaml]\npatches:\n- target:\n    kind: HelmRelease\n  patch: |-\n"
            f"    - op: add\n      path: /spec/valuesFrom/-\n      value:\n        kind: ConfigMap\n        name: {name}\n")
        (root / name / "values.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: bigbang\ndata:\n"
            f"  values.yaml: |\n    domain: {name}.example.mil\n")
    return root


def test_a_change_every_environment_needs_is_made_once_in_the_shared_layer(tmp_path):
    root = _two_environments(tmp_path / "repo", "istio:\n  ambient:\n    enabled: true\n")
    before = snapshot(root)
    result = run_cli("migrate", "--to", "sidecar", "--in-place", "--no-backup", str(root))
    after = snapshot(root)
    assert result.exit_code == 0, result.stderr
    assert sorted(str(path) for path in after if before[path] != after[path]) == ["base/common.yaml"]
    assert "a: edited 1 change(s) for sidecar (shared with b)" in result.stderr
    assert modes(root) == {"a": "sidecar", "b": "sidecar"}


def test_a_change_only_some_environments_need_overrides_the_shared_value_in_their_own_files(tmp_path):
    root = _two_environments(tmp_path / "repo", "istio:\n  ambient:\n    enabled: true\n")
    (root / "b" / "values.yaml").write_text((root / "b" / "values.yaml").read_text()
                                            + "    istio:\n      ambient:\n        enabled: false\n")
    before = snapshot(root)
    result = run_cli("migrate", "--to", "sidecar", "--in-place", "--no-backup", str(root))
    after = snapshot(root)
    assert result.exit_code == 0, result.stderr
    assert sorted(str(path) for path in after if before[path] != after[path]) == ["a/values.yaml"]
    assert modes(root) == {"a": "sidecar", "b": "sidecar"}


def test_a_directory_is_not_a_values_file_without_in_place():
    result = run_cli("migrate", "--to", "sidecar", str(FLEET))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_in_place_takes_directories_or_files_not_both():
    result = run_cli("migrate", "--to", "sidecar", "--in-place", str(FLEET), "profiles/3.30-sidecar.yaml")
    assert result.exit_code == 1 and "a file beside directories" in result.stderr


def test_a_delete_in_a_shared_layer_that_not_every_environment_needs_is_refused_and_nothing_written(tmp_path):
    labelled = ("addons:\n  authservice:\n    enabled: true\nmonitoring:\n  sso:\n    enabled: true\n"
                "istioGateway:\n  values:\n    gateways:\n      public:\n        upstream:\n          labels:\n"
                "            protect: keycloak\n")
    root = _two_environments(tmp_path / "repo", labelled)
    (root / "b" / "values.yaml").write_text((root / "b" / "values.yaml").read_text() + "".join(
        f"    {line}\n" for line in "istioGateway:\n  values:\n    gateways:\n      public:\n        upstream:\n"
                                  "          labels:\n            protect: other\n".splitlines()))
    before = snapshot(root)
    result = run_cli("migrate", "--to", "sidecar", "--in-place", "--no-backup", str(root))
    assert snapshot(root) == before
    assert result.exit_code == 1
    assert "error: a: nothing written" in result.stderr and "which b also read" in result.stderr
