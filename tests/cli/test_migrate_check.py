"""`migrate --check` says on stderr what it would change, one `file:line: rule: key: old -> new` line each."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, run_cli

SIDECAR = "profiles/3.30-sidecar.yaml"
GATEWAY = "profiles/3.29-ambient-gateway.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_each_needed_change_is_one_line_with_its_position():
    result = run_cli("migrate", "--to", "ambient-gateway", "--check", "--bigbang-version", "3.30.0", SIDECAR)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{SIDECAR}: ambient-switch: istio.ambient.enabled: (unset) -> true" in lines
    assert f"{SIDECAR}: waypoint-labels-strip: monitoring.values.upstream.prometheus.service.labels: (unset) -> null" in lines
    assert lines[-1] == "8 change(s) and 0 required edit(s) to reach ambient-gateway"


def test_a_key_set_in_a_file_is_named_by_its_line_and_required_edits_say_what_to_do():
    result = run_cli("migrate", "--to", "sidecar", "--check", "--bigbang-version", "3.29.0", GATEWAY)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    assert any(line.startswith(f"{GATEWAY}:") and line.split(":")[1].isdigit() and "-> " in line for line in lines)
    assert any(line.endswith(": delete (an edit of your own file; an overlay cannot do it)") for line in lines)


def test_nothing_to_do_is_silent_and_quiet_silences_the_lines():
    done = run_cli("migrate", "--to", "ambient-gateway", "--check", "--bigbang-version", "3.30.0",
                   "profiles/3.30-ambient-gateway.yaml")
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    quiet = run_cli("migrate", "--to", "ambient-gateway", "--check", "-q", "--bigbang-version", "3.30.0", SIDECAR)
    assert (quiet.exit_code, quiet.stderr) == (2, "")


def test_secrets_in_the_lines_are_redacted(tmp_path):
    """A URL password is a secret whatever its key (bbvalues/report/redact.py), here the old value of a label."""
    values = tmp_path / "values.yaml"
    gateway = (ROOT / "profiles" / "3.30-ambient-gateway.yaml").read_text()
    values.write_text(gateway.replace("istio.io/use-waypoint: none", "istio.io/use-waypoint: https://a:hunter2pw@x", 1))
    args = ("migrate", "--to", "ambient-waypoint", "--check", "--bigbang-version", "3.30.0", str(values))
    result = run_cli(*args)
    assert result.exit_code == 2 and "hunter2pw" not in result.stderr
    assert '"https://a:<redacted>@x" -> "monitoring-monitoring-waypoint"' in result.stderr
    assert "hunter2pw" in run_cli(*args, "--show-secrets").stderr
