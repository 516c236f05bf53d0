"""`bbvalues scan`: one line per environment in text and markdown, the JSON its schema describes, and the
exit codes of --check; on the fixture fleet and on the customer template layout itself."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import shared_path
from tests.helpers import ROOT, run_cli
from tests.report.test_json_schemas import validator

FLEET = "tests/fixtures/gitops/fleet"
PLAIN = "tests/fixtures/gitops/plain"
SCHEMA = validator("scan")


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch):
    monkeypatch.chdir(ROOT)  # environment paths in the output are relative to it


def scan_json(*args: str) -> tuple[dict, int]:
    result = run_cli("scan", "-o", "json", *args)
    data = json.loads(result.stdout)
    SCHEMA.validate(data)
    return data, result.exit_code


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_the_fleet_report_reads_as_its_snapshot(snapshot_text, output):
    result = run_cli("scan", "--to", "ambient-gateway", "-o", output, FLEET)
    assert result.exit_code == 2
    assert result.stdout == snapshot_text


def test_the_json_report_has_the_documented_shape():
    data, code = scan_json("--to", "ambient-gateway", FLEET)
    assert code == 2 and data["schema_version"] == 1
    by_name = {env["name"]: env for env in data["environments"]}
    assert list(by_name) == ["clusters/git", "clusters/oci", "dev", "prod", "staging"]
    assert set(by_name["dev"]) == {"name", "path", "files", "release", "mode", "partial", "problems", "changes",
                                   "required_edits", "findings"}
    assert by_name["dev"]["release"] == {"version": "3.30.0", "row": "3.30",
                                         "source": "HelmRelease spec.chart.spec.version"}
    assert by_name["dev"]["partial"] and not by_name["prod"]["partial"]
    assert by_name["prod"]["mode"] == "ambient-gateway" and by_name["prod"]["changes"] == []
    assert by_name["staging"]["mode"] == "inconsistent"
    assert by_name["dev"]["changes"] and by_name["dev"]["required_edits"] == []
    assert data["summary"]["environments"] == 5 and data["summary"]["with_changes"] == 4


def test_secrets_of_each_environment_stay_out_of_the_report():
    result = run_cli("scan", "--to", "sidecar", "-o", "json", FLEET)
    assert "prod-registry-password-1234" not in result.stdout
    shown = run_cli("scan", "--to", "sidecar", "-o", "json", "--show-secrets", FLEET)
    assert shown.exit_code == result.exit_code


def test_an_environment_already_in_the_target_mode_exits_0():
    _data, code = scan_json("--to", "ambient-gateway", f"{FLEET}/prod")
    assert code == 0


def test_without_a_target_changes_are_empty_and_findings_decide():
    data, code = scan_json(f"{FLEET}/prod")
    assert data["target"] is None and data["environments"][0]["changes"] == [] and code == 0


def test_an_inline_comment_silences_one_finding():
    data, _code = scan_json(f"{FLEET}/staging")
    lines = {(finding["rule"], finding["line"]) for finding in data["environments"][0]["findings"]}
    assert ("null-waypoint-label", 15) in lines and ("null-waypoint-label", 11) not in lines


def test_declared_environments_use_the_config_target_and_disabled_checks():
    data, code = scan_json(PLAIN)
    assert data["target"] == "ambient-gateway" and code == 2
    assert [(env["name"], env["release"]["version"]) for env in data["environments"]] == [("dev", None),
                                                                                           ("prod", "3.29.0")]
    assert all(finding["rule"] != "waypoint-labels-in-sidecar" for env in data["environments"]
               for finding in env["findings"])


def test_an_unreadable_environment_is_an_error_of_its_own_and_the_others_are_still_checked(tmp_path):
    shutil.copytree(ROOT / FLEET, tmp_path / "fleet")
    (tmp_path / "fleet" / "staging" / "staging-values.yaml").write_text("istio: [\n")
    data, code = scan_json(str(tmp_path / "fleet"))
    assert code == 1
    failed = [env for env in data["environments"] if any(p["kind"] == "error" for p in env["problems"])]
    assert [env["name"] for env in failed] == ["staging"] and failed[0]["mode"] is None
    assert failed[0]["problems"][0]["file"].endswith("staging-values.yaml")
    assert data["summary"]["environments"] == 5


def test_a_directory_without_big_bang_says_so(tmp_path):
    result = run_cli("scan", str(tmp_path))
    assert result.exit_code == 0 and "no Big Bang environment found" in result.stdout


def test_the_customer_template_layout_is_three_partial_environments():
    template = shared_path("corpus", "realworld", "template-helmRepo")
    data, code = scan_json(os.path.relpath(template, ROOT))
    envs = data["environments"]
    assert [env["name"] for env in envs] == ["dev", "prod", "staging"] and code == 0
    for env in envs:
        assert env["partial"] and env["mode"] == "sidecar"
        unreadable = [p["message"] for p in env["problems"] if p["kind"] == "unreadable"]
        assert len(unreadable) == 2 and all(".enc.yaml" in message for message in unreadable)
        assert any(file.endswith(f"{env['name']}/configmap.yaml") for file in env["files"])
