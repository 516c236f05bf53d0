"""What keeps one command-line call cheap: a CI job may run `migrate --check` for a thousand environments,
and start-up is most of each call (docs/benchmarks.md). Speed itself is measured by bench/, never here;
these tests hold the structure that the measured speed depends on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bbvalues.bigbang import releases
from bbvalues.cli import COMMANDS
from tests.helpers import ROOT, run_cli

_CHECK = ["migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", "profiles/3.30-sidecar.yaml"]
_MODULES_AFTER_CHECK = ("import json, sys\nfrom bbvalues.cli import run\ncode = run(sys.argv[1:])\n"
                        "print(code, json.dumps(sorted(sys.modules)))\n")


def modules_after_check() -> tuple[int, list[str]]:
    result = subprocess.run([sys.executable, "-c", _MODULES_AFTER_CHECK, *_CHECK], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    code, modules = result.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(code), json.loads(modules)


def test_migrate_check_builds_only_its_own_command_and_no_pydantic():
    code, modules = modules_after_check()
    assert code == 2  # the sidecar profile needs work: the check really ran
    assert "bbvalues.cli.migrate" in modules
    loaded_commands = {name for name, (module, _app) in COMMANDS.items() if module in modules}
    assert loaded_commands == {"migrate"}
    assert not [module for module in modules if module.split(".")[0] in ("pydantic", "pydantic_core", "rich")]
    assert "importlib.resources" not in modules  # the release table is read beside its module


def test_help_lists_every_command_in_order_and_typos_get_suggestions():
    result = run_cli("--help")
    commands = result.output.split("Commands:")[1].split("\n\n")[0]
    listed = [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line[2] != " "]
    assert result.exit_code == 0 and listed == list(COMMANDS)
    typo = run_cli("migrat", "--check")
    assert typo.exit_code != 0 and "Did you mean 'migrate'?" in typo.output


def test_the_compiled_release_table_is_current():
    assert releases.COMPILED_TABLE_FILE.read_text(encoding="utf-8") == releases.compiled_table_text(), (
        "releases.json is stale: run `python -m bbvalues.bigbang.releases` after editing releases.yaml")


def test_the_compiled_release_table_holds_what_the_yaml_says():
    assert releases.table_data() == releases.parse_table(releases.TABLE_FILE.read_text(encoding="utf-8"))


def _edited_table(tmp_path, monkeypatch, compiled_text: str | None):
    """releases.yaml with one default changed, beside a compiled copy of the unedited table (or `compiled_text`)."""
    text = releases.TABLE_FILE.read_text(encoding="utf-8")
    edited = text.replace("  monitoring.enabled: true\n", "  monitoring.enabled: false\n", 1)
    assert edited != text
    table, compiled = tmp_path / "releases.yaml", tmp_path / "releases.json"
    table.write_text(edited, encoding="utf-8")
    original = releases.COMPILED_TABLE_FILE.read_text(encoding="utf-8")
    compiled.write_text(original if compiled_text is None else compiled_text, encoding="utf-8")
    monkeypatch.setattr(releases, "TABLE_FILE", table)
    monkeypatch.setattr(releases, "COMPILED_TABLE_FILE", compiled)


@pytest.mark.parametrize("compiled_text", [None, "", "{not json", "[]", '{"table": {}}'],
                         ids=["stale", "empty", "broken", "not-a-mapping", "without-checksum"])
def test_an_edit_to_releases_yaml_takes_effect_without_the_compiled_copy(tmp_path, monkeypatch, compiled_text):
    _edited_table(tmp_path, monkeypatch, compiled_text)
    assert releases.table_data()["defaults"]["monitoring.enabled"] is False


def test_a_missing_compiled_copy_falls_back_to_the_yaml(tmp_path, monkeypatch):
    _edited_table(tmp_path, monkeypatch, None)
    releases.COMPILED_TABLE_FILE.unlink()
    assert releases.table_data()["defaults"]["monitoring.enabled"] is False


def test_every_step_of_the_benchmarked_start_up_breakdown_runs():
    """bench/bench_cli.py times each step as a process; a step that no longer imports would time a crash."""
    from bench import bench_cli

    for _label, code in bench_cli.STARTUP_STEPS:
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (code, result.stderr[-2000:])
