"""Environments found as Flux finds them: kustomization roots (not the bases they include), directories
Flux applies as they are, and environments `.bbvalues.yaml` declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbvalues.bigbang.modes import MODES
from bbvalues.documents.kustomize import FileCache
from bbvalues.errors import BBValuesError
from bbvalues.scan.config import find_config, load_config
from bbvalues.scan.discover import discover

GITOPS = Path(__file__).resolve().parents[1] / "fixtures" / "gitops"


def names(directory: Path) -> list[str]:
    return [spec.name for spec in discover([str(directory)], MODES, FileCache()).environments]


def test_roots_are_environments_and_the_base_they_include_is_not():
    assert names(GITOPS / "fleet") == ["clusters/git", "clusters/oci", "dev", "prod", "staging"]


def test_an_environment_scanned_by_itself_is_named_after_its_folder():
    assert names(GITOPS / "fleet" / "dev") == ["dev"]


def test_declared_environments_come_from_the_repository_config():
    found = discover([str(GITOPS / "plain")], MODES, FileCache())
    declared = [(spec.name, spec.declared.files, spec.declared.bigbang_version) for spec in found.environments]
    assert [(name, [Path(file).name for file in files], version) for name, files, version in declared] == [
        ("dev", ["common.yaml", "dev.yaml"], None), ("prod", ["common.yaml", "prod.yaml"], "3.29.0")]
    assert found.configs[0].target == "ambient-gateway"
    assert found.configs[0].disabled_checks == ("waypoint-labels-in-sidecar",)


def test_the_config_is_found_from_a_subdirectory_up_to_the_repository_root(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".bbvalues.yaml").write_text("target: sidecar\n")
    (tmp_path / "clusters" / "dev").mkdir(parents=True)
    found = find_config(str(tmp_path / "clusters" / "dev"))
    assert Path(found).resolve() == (tmp_path / ".bbvalues.yaml").resolve()
    assert find_config(str(tmp_path.parent)) is None or Path(find_config(str(tmp_path.parent))).parent != tmp_path


@pytest.mark.parametrize("text, message, line", [
    ("targt: sidecar\n", "targt is not a setting bbvalues knows", 1),
    ("target: ambient\n", "target is 'ambient'; choose one of", 1),
    ("label-removal: always\n", "choose one of auto, none, null", 1),
    ("environments:\n  dev: []\n", "lists no files", 2),
    ("environments:\n  dev:\n    files: [a.yaml]\n    bigbang-version: 3.30\n", "must be a string", 4),
    ("lint:\n  disable: warning\n", "must be a list of names", 2),
])
def test_a_wrong_config_is_refused_at_its_line(tmp_path, text, message, line):
    (tmp_path / ".bbvalues.yaml").write_text(text)
    with pytest.raises(BBValuesError, match=message) as raised:
        load_config(str(tmp_path / ".bbvalues.yaml"), MODES)
    assert raised.value.origin.line == line


def test_label_removal_accepts_the_three_strategies(tmp_path):
    for strategy in ("auto", "none", "null"):
        (tmp_path / ".bbvalues.yaml").write_text(f"label-removal: {strategy}\n")
        assert load_config(str(tmp_path / ".bbvalues.yaml"), MODES).label_removal == strategy


def test_a_file_is_not_a_directory_to_scan(tmp_path):
    (tmp_path / "values.yaml").write_text("a: 1\n")
    with pytest.raises(BBValuesError, match="not a directory"):
        discover([str(tmp_path / "values.yaml")], MODES, FileCache())


def test_a_missing_directory_is_named_as_missing(tmp_path):
    with pytest.raises(BBValuesError, match="no such directory"):
        discover([str(tmp_path / "gone")], MODES, FileCache())
