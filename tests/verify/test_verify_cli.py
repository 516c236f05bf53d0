"""`bbvalues verify` end to end: the fixture umbrella chart rendered by the real helm, before and after."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.helm_runner import helm_binary
from tests.verify.verify_cases import INPUTS, MONITORING_CHART, REPO_ROOT, UMBRELLA, run_verify

GATEWAY_NULL_CAVEAT_START = "per-key nulls on the waypoint labels: helm 4.1.4 and 3.19.x keep"
WAYPOINT_LABELS = ("istio.io/use-waypoint", "istio.io/ingress-use-waypoint")


@pytest.fixture(autouse=True)
def _from_repo_root(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)  # relative chart and input names keep reports independent of the checkout path


def verify_json(*args: str) -> tuple[int, dict]:
    result = run_verify("-o", "json", *args)
    assert result.exit_code in (0, 2), result.output
    return result.exit_code, json.loads(result.stdout)


def kinds(report: dict, package: str | None = None) -> list[str]:
    return [f["kind"] for f in report["findings"] if package is None or f["package"] == package]


def services(report: dict) -> dict[str, dict]:
    return {service["name"]: service for service in report["package_charts"][0]["after"]["services"]}


def test_per_key_null_overlay_leaves_null_labels_and_is_not_the_target_mode():
    code, report = verify_json("--to", "ambient-gateway", "--label-removal", "null",
                               "--package-chart", f"monitoring={MONITORING_CHART}", f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert code == 2 and report["reached"] is False
    null_findings = [f for f in report["findings"] if f["kind"] == "waypoint-labels-strip" and f["after"] is None]
    assert {f["path"] for f in null_findings} == {f'upstream.{component}.service.labels."{label}"'
                                                 for component in ("prometheus", "alertmanager")
                                                 for label in WAYPOINT_LABELS}
    assert all(f["blocks"] and f["caveat"].startswith(GATEWAY_NULL_CAVEAT_START) for f in null_findings)
    # The package chart proves it: its own `labels: {}` default has no such keys, so Helm keeps the nulls.
    prometheus = services(report)["monitoring-monitoring-kube-prometheus-prometheus"]
    assert sorted(prometheus["null_labels"]) == sorted(WAYPOINT_LABELS)
    assert kinds(report, "monitoring").count("null-service-label") == 2
    # Gateway enforcement itself is in place: the public gateway carries the selector.
    assert "sso-enforced" in kinds(report, "monitoring")


def test_the_default_removal_renders_services_without_waypoint_labels():
    """`--label-removal auto`: the fixture chart defaults the Service label maps (as kube-prometheus-stack does), so a
    map-level null; the package chart renders no istio.io label on any Service."""
    code, report = verify_json("--to", "ambient-gateway", "--package-chart", f"monitoring={MONITORING_CHART}",
                               f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert code == 0 and report["reached"] is True, [f for f in report["findings"] if f["blocks"]]
    for service in services(report).values():
        assert not [key for key in service["labels"] if key.startswith("istio.io/")], service


def test_none_strategy_renders_clean():
    code, report = verify_json("--to", "ambient-gateway", "--label-removal", "none",
                               "--package-chart", f"monitoring={MONITORING_CHART}", f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert code == 0 and report["reached"] is True
    assert not [f for f in report["findings"] if f["blocks"]]
    labels = services(report)["monitoring-monitoring-kube-prometheus-alertmanager"]["labels"]
    assert {key: labels[key] for key in WAYPOINT_LABELS} == {"istio.io/use-waypoint": "none",
                                                              "istio.io/ingress-use-waypoint": "false"}
    assert {w["name"]: w["created"] for w in report["waypoints"]} == {
        "monitoring-monitoring-waypoint": False, "authservice-waypoint": False}


def test_a_map_level_null_removes_the_map():
    code, report = verify_json("--to", "ambient-gateway", "--overlay", f"{INPUTS}/overlay-mapnull.yaml",
                               "--package-chart", f"monitoring={MONITORING_CHART}", f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert code == 0, report["findings"]
    assert report["after"][-1] == f"{INPUTS}/overlay-mapnull.yaml"
    removed = {f["path"] for f in report["findings"] if f["kind"] == "labels-removed"}
    assert removed == {"upstream.prometheus.service.labels", "upstream.alertmanager.service.labels"}
    for service in services(report).values():
        assert not [key for key in service["labels"] if key.startswith("istio.io/")], service


def test_sidecar_to_ambient_adds_the_infrastructure_and_relabels_namespaces():
    code, report = verify_json("--to", "ambient-waypoint", f"{INPUTS}/sidecar-sso.yaml")
    assert code == 0
    added = {f["package"] for f in report["findings"] if f["kind"] == "helmrelease-added"}
    assert added == {"ztunnel", "istio-cni", "gateway-api"}
    monitoring_ns, = [f for f in report["findings"] if f["kind"] == "namespace-labels" and f["package"] == "monitoring"]
    assert monitoring_ns["before"] == {"istio-injection": "enabled"}
    assert monitoring_ns["after"] == {"istio.io/dataplane-mode": "ambient"}
    enforced, = [f for f in report["findings"] if f["kind"] == "sso-enforced"]
    assert "monitoring-monitoring-waypoint" in enforced["message"]


def test_leaving_ambient_without_injection_would_not_be_sidecar_mode(tmp_path):
    """An overlay that turns ambient off but drops the pods' selector label loses sidecar enforcement."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("istio: {ambient: {enabled: false}}\nmonitoring:\n  values:\n    upstream:\n      prometheus:\n"
                       "        prometheusSpec: {podMetadata: {labels: null}}\n      alertmanager:\n"
                       "        alertmanagerSpec: {podMetadata: {labels: null}}\n")
    code, report = verify_json("--to", "sidecar", "--overlay", str(overlay), f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert code == 2
    unenforced, = [f for f in report["findings"] if f["kind"] == "sso-unenforced"]
    assert "through the selector label protect: keycloak" in unenforced["message"]
    assert {f["package"] for f in report["findings"] if f["kind"] == "helmrelease-removed"} == {
        "ztunnel", "istio-cni", "gateway-api"}


def test_a_packaged_chart_works_like_the_directory(tmp_path):
    subprocess.run([helm_binary(), "package", UMBRELLA, "--destination", str(tmp_path)], check=True,
                   capture_output=True)
    tgz, = tmp_path.glob("bigbang-*.tgz")
    args = ("--to", "ambient-gateway", "--label-removal", "none", "-o", "json",
            f"{INPUTS}/ambient-waypoint-sso.yaml")
    from_tgz = run_verify(*args, "--chart", str(tgz))  # the later --chart wins
    from_dir = run_verify(*args)
    assert from_tgz.exit_code == from_dir.exit_code == 0
    tgz_report, dir_report = json.loads(from_tgz.stdout), json.loads(from_dir.stdout)
    assert tgz_report["findings"] == dir_report["findings"]
    assert tgz_report["release"]["source"] == f"Chart.yaml of {tgz}"


def test_values_in_configmaps_behind_a_helmrelease():
    result = run_verify("--to", "ambient-waypoint", "-o", "json", "profiles/3.30-flux-configmap/helmrelease.yaml",
                        "profiles/3.30-flux-configmap/configmaps.yaml")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["before"][0].endswith("(ConfigMap common-bb, key values.yaml)")
    assert "sso-enforced" in kinds(report, "monitoring")


def test_missing_helm_is_one_line_and_exit_1(tmp_path, monkeypatch):
    monkeypatch.delenv("HELM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    from tests.helpers import run_cli

    result = run_cli("verify", "--chart", UMBRELLA, "--to", "ambient-gateway", f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: helm not found on PATH: install helm (https://helm.sh/docs/intro/install/)")
    assert "--helm PATH" in result.stderr


def test_helm_errors_name_the_chart_and_the_failing_template(tmp_path):
    broken = tmp_path / "values.yaml"
    broken.write_text("monitoring:\n  sso: null\n")  # deletes the chart's sso map: the template then fails
    result = run_verify("--to", "ambient-gateway", str(broken))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {UMBRELLA}: helm template failed in templates/monitoring.yaml:")
    assert "nil pointer evaluating interface {}.enabled" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_broken_overlay_is_named_as_the_user_wrote_it(tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("istio: [\n")
    result = run_verify("--to", "ambient-gateway", "--overlay", str(overlay), f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {overlay}:")


def test_unknown_package_chart_name_is_an_error():
    result = run_verify("--to", "ambient-gateway", "--package-chart", f"monitorng={MONITORING_CHART}",
                        f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert result.exit_code == 1
    assert "monitorng" in result.stderr and "monitoring" in result.stderr


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_report_snapshots(output_format, snapshot_text):
    """A blocked report (Big Bang's per-key nulls, rendered by the fixture chart) in each human format."""
    result = run_verify("--to", "ambient-gateway", "--label-removal", "null", "-o", output_format,
                        "--package-chart", f"monitoring={MONITORING_CHART}", f"{INPUTS}/ambient-waypoint-sso.yaml")
    assert result.exit_code == 2, result.output
    assert result.stdout.replace(helm_binary(), "<helm>") == snapshot_text


def test_json_report_shape():
    _code, report = verify_json("--to", "ambient-waypoint", f"{INPUTS}/sidecar-sso.yaml")
    assert set(report) == {"schema_version", "chart", "source_mode", "target_mode", "reached", "release", "helm",
                           "before", "after", "warnings", "not_modelled", "waypoints", "findings", "package_charts"}
    assert (report["source_mode"], report["target_mode"], report["chart"]) == ("sidecar", "ambient-waypoint", UMBRELLA)
    for finding in report["findings"]:
        assert {"package", "kind", "blocks", "message"} <= set(finding)
        assert ("path" in finding) == ("keys" in finding)
    changed = {f["path"]: (f.get("before"), f.get("after")) for f in report["findings"]
               if f["kind"] == "value-changed" and f["package"] == "monitoring"}
    assert changed["istio.ambient.enabled"] == (False, True)
    assert "before" not in next(f for f in report["findings"]
                                if f.get("path") == 'upstream.prometheus.service.labels."istio.io/use-waypoint"')


def test_secrets_are_redacted_unless_asked(tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("monitoring:\n  values:\n    grafana:\n      adminPassword: correct-horse-battery\n")
    args = ("--to", "ambient-waypoint", "--overlay", str(overlay), f"{INPUTS}/ambient-waypoint-sso.yaml")
    for output_format in ("text", "markdown", "json"):
        redacted = run_verify(*args, "-o", output_format)
        assert redacted.exit_code == 0, redacted.output
        assert "correct-horse-battery" not in redacted.stdout and "<redacted>" in redacted.stdout
    shown = run_verify(*args, "--show-secrets")
    assert "grafana.adminPassword: (unset) -> \"correct-horse-battery\"" in shown.stdout


def test_help_has_examples():
    from tests.helpers import run_cli

    result = run_cli("verify", "--help")
    assert result.exit_code == 0
    assert "--package-chart" in result.stdout and "Examples:" in result.stdout


def test_a_version_flag_the_chart_disagrees_with_is_a_warning():
    code, report = verify_json("--to", "ambient-waypoint", "--bigbang-version", "3.29.0", f"{INPUTS}/sidecar-sso.yaml")
    assert report["release"] == {"version": "3.29.0", "row": "3.27 - 3.29", "source": "--bigbang-version"}
    assert report["warnings"] == ["--bigbang-version 3.29.0 selects the 3.27 - 3.29 row, but the chart's Chart.yaml "
                                  "says 3.30.0"]
    # The 3.29 row expects the shared authservice-waypoint, which this 3.30-like chart does not route to.
    assert code == 2


def test_a_chart_without_values_secrets_is_not_big_bang():
    result = run_verify("--to", "ambient-waypoint", "--chart", MONITORING_CHART, "--bigbang-version", "3.30.0",
                        f"{INPUTS}/sidecar-sso.yaml")
    assert result.exit_code == 1
    assert "is this the Big Bang umbrella chart?" in result.stderr
