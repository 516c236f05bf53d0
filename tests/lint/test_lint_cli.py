"""`bbvalues lint` on the command line: exit codes, formats, stdout/stderr, colour."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT, run_cli

GATEWAY_NULLS = str(ROOT / "profiles" / "3.29-ambient-gateway-per-key-nulls.yaml")  # 9 null-waypoint-label errors
GATEWAY_OPT_OUT = str(ROOT / "profiles" / "3.30-ambient-gateway.yaml")
CLEAN = str(ROOT / "profiles" / "3.30-ambient-gateway.yaml")


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("istio:\n  ambient:\n    enabled: true\nmonitoring:\n  enabled: true\n  sso:\n    enabled: true\n"
                    "addons:\n  authservice:\n    enabled: true\n    values:\n      waypoint:\n        enabled: false\n")
    return str(path)


def test_clean_values_exit_0():
    result = run_cli("lint", "--bigbang-version", "3.30.0", CLEAN)
    assert result.exit_code == 0, result.output
    assert result.stdout == "no findings\n"


def test_per_key_nulls_are_errors_because_helm_renders_them():
    result = run_cli("lint", "--bigbang-version", "3.29.0", GATEWAY_NULLS)
    assert result.exit_code == 2
    assert "9 findings: 9 errors" in result.stdout and result.stdout.count("[null-waypoint-label]") == 9


def test_warnings_pass_by_default_and_fail_with_fail_on_warning(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("istio: {ambient: {enabled: true}}\nztunnel: {enabled: false}\n")
    assert run_cli("lint", "--bigbang-version", "3.30.0", str(values)).exit_code == 0
    result = run_cli("lint", "--bigbang-version", "3.30.0", "--fail-on", "warning", str(values))
    assert result.exit_code == 2
    assert "1 finding: 1 warning" in result.stdout


def test_errors_exit_2_with_file_line_and_fix(broken):
    result = run_cli("lint", "--bigbang-version", "3.30.0", broken)
    assert result.exit_code == 2
    assert f"{broken}:13:" in result.stdout and "[waypoint-labels-without-waypoint]" in result.stdout
    assert "[gateway-label-missing]" in result.stdout and "  fix: " in result.stdout


def test_disable_skips_a_check(broken):
    result = run_cli("lint", "--bigbang-version", "3.30.0", "--disable", "gateway-label-missing",
                     "--disable", "waypoint-labels-without-waypoint", "--disable", "route-authservice-in-gateway-mode",
                     "--disable", "sso-enforcement-point", broken)
    assert result.exit_code == 0, result.stdout


def test_unknown_check_and_missing_file_exit_1(tmp_path):
    assert run_cli("lint", "--disable", "no-such-check", CLEAN).exit_code == 1
    result = run_cli("lint", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "Traceback" not in result.output


def test_data_on_stdout_diagnostics_on_stderr(broken):
    result = run_cli("lint", "-o", "json", broken)  # no --bigbang-version: a warning on stderr
    document = json.loads(result.stdout)
    assert document["summary"]["error"] >= 2
    assert "warning: no Big Bang version given" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "gitlab-codequality", "sarif"])
def test_json_formats_parse(fmt, broken):
    result = run_cli("lint", "--bigbang-version", "3.30.0", "-o", fmt, broken)
    assert result.exit_code == 2
    json.loads(result.stdout)


def test_github_format_annotates(broken):
    out = run_cli("lint", "--bigbang-version", "3.30.0", "-o", "github", broken).stdout
    assert out.startswith(f"::error file={broken},line=13,")


def test_output_file_writes_the_report(broken, tmp_path):
    target = tmp_path / "gl-code-quality-report.json"
    result = run_cli("lint", "--bigbang-version", "3.30.0", "-o", "gitlab-codequality",
                     "--output-file", str(target), broken)
    assert result.exit_code == 2 and result.stdout == ""
    assert json.loads(target.read_text())[0]["check_name"]


def test_colour_follows_the_options(broken, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in run_cli("lint", broken).stdout  # not a terminal
    assert "\x1b[" in run_cli("--color", "always", "lint", broken).stdout
    assert "\x1b[" in run_cli("lint", "--color", "always", broken).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli("lint", broken).stdout
    assert "\x1b[" not in run_cli("--color", "never", "lint", broken).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("lint", broken).stdout
    assert run_cli("--color", "sometimes", "lint", broken).exit_code != 0


def test_verbose_and_quiet(broken):
    verbose = run_cli("-v", "lint", "--bigbang-version", "3.30.0", broken)
    assert "linted 1 values source(s) on Big Bang 3.30.0" in verbose.stderr
    quiet = run_cli("-q", "lint", broken)
    assert quiet.stderr == "" and quiet.exit_code == 2


FIXTURE = "tests/lint/fixtures/many-findings-3.30.yaml"


@pytest.mark.parametrize("fmt", ["text", "gitlab-codequality", "sarif"])
def test_lint_output_snapshot(fmt, snapshot_text, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli("lint", "--bigbang-version", "3.30.0", "-o", fmt, FIXTURE)
    assert result.exit_code == 2
    assert result.stdout == snapshot_text


def test_lint_text_snapshot_on_a_profile(snapshot_text, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli("lint", "--bigbang-version", "3.29.0", "profiles/3.29-ambient-gateway-per-key-nulls.yaml")
    assert result.stdout == snapshot_text


def test_fixture_exercises_most_checks(monkeypatch):
    monkeypatch.chdir(ROOT)
    document = json.loads(run_cli("lint", "--bigbang-version", "3.30.0", "-o", "json", FIXTURE).stdout)
    assert len({finding["rule"] for finding in document["findings"]}) >= 12
