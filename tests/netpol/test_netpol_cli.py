"""`bbvalues netpol expand|diff` as a user runs them: files in, YAML/text out, file:line on rejection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bbvalues.netpol.normalise import parse_stream
from tests.helpers import run_cli

SEED = """\
networkPolicies:
  enabled: true
  hbonePortInjection: {enabled: true}
  ingress:
    to:
      authservice-waypoint:15008:
        from:
          k8s:
            "istio-gateway/*": true
  egress:
    from:
      authservice-waypoint:
        to:
          k8s:
            monitoring/prometheus:9090: true
"""
UMBRELLA = """\
istio:
  ambient:
    enabled: true
monitoring:
  enabled: true
  values:
    networkPolicies:
      ingress:
        to:
          prometheus:9090:
            from:
              k8s:
                authservice/authservice-waypoint: true
"""


def run(*args: str):
    return run_cli("netpol", *args)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "values.yaml"
    path.write_text(SEED)
    return path


def _names(output: str) -> list[str]:
    return [doc["metadata"]["name"] for doc in parse_stream(output)]


def test_expand_prints_the_policies_as_a_yaml_stream(seed: Path) -> None:
    result = run("expand", "--namespace", "authservice", "--release", "authservice", str(seed))
    assert result.exit_code == 0, result.output
    documents = parse_stream(result.stdout)
    assert {doc["metadata"]["namespace"] for doc in documents} == {"authservice"}
    assert "allow-egress-from-authservice-waypoint-to-ns-monitoring-pod-prometheus-tcp-port-9090" in _names(result.stdout)
    assert result.stdout.startswith("---\napiVersion: networking.k8s.io/v1\n")


def test_later_files_win(seed: Path, tmp_path: Path) -> None:
    override = tmp_path / "override.yaml"
    override.write_text("networkPolicies:\n  egress:\n    from:\n      authservice-waypoint:\n        to:\n"
                        "          k8s:\n            monitoring/prometheus:9090: false\n")
    names = _names(run("expand", str(seed), str(override)).stdout)
    assert not any(name.startswith("allow-egress-from-authservice-waypoint") for name in names)


def test_rejected_values_name_file_line_and_bb_common_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("networkPolicies:\n  enabled: true\n  ingress:\n    to:\n      '*':\n        from: {k8s: {ns: true}}\n")
    result = run("expand", str(bad))
    assert result.exit_code == 1
    assert f"error: {bad}:5:7: bb-common rejects these values: Ingress local key '*' does not comply" in result.stderr
    assert "Traceback" not in result.output


def test_schema_rejection_points_at_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("networkPolicies:\n  enabled: 'true'\n")
    result = run("expand", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2:3:" in result.stderr and "got string, want boolean" in result.stderr


def test_package_mode_uses_the_package_namespace_and_ambient_switches(tmp_path: Path) -> None:
    umbrella = tmp_path / "umbrella.yaml"
    umbrella.write_text(UMBRELLA)
    ambient = parse_stream(run("expand", "--package", "monitoring", str(umbrella)).stdout)
    assert {doc["metadata"]["namespace"] for doc in ambient} == {"monitoring"}
    names = {doc["metadata"]["name"] for doc in ambient}
    assert {"default-ingress-allow-ambient-kubelet", "allow-ingress-to-prometheus-tcp-port-9090-from-ns-authservice"} <= names
    sidecar = _names(run("expand", "--package", "monitoring", "--no-ambient", str(umbrella)).stdout)
    assert "default-ingress-allow-ambient-kubelet" not in sidecar


def test_package_errors_point_into_the_umbrella_file(tmp_path: Path) -> None:
    umbrella = tmp_path / "umbrella.yaml"
    umbrella.write_text(UMBRELLA.replace("authservice/authservice-waypoint", "auth_service/x"))
    result = run("expand", "--package", "monitoring", str(umbrella))
    assert result.exit_code == 1
    assert f"{umbrella}:13:17: bb-common rejects these values: Ingress k8s key 'auth_service/x'" in result.stderr


def test_diff_lists_added_removed_and_changed(seed: Path, tmp_path: Path) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(SEED.replace("hbonePortInjection: {enabled: true}", "hbonePortInjection: {enabled: false}")
                     .replace("monitoring/prometheus:9090: true", "monitoring/prometheus:9090: true\n"
                                                                  "            monitoring/alertmanager:9093: true"))
    text = run("diff", "--before", str(seed), "--after", str(after))
    assert text.exit_code == 0, text.output
    assert "+ NetworkPolicy default/allow-egress-from-authservice-waypoint-to-ns-monitoring-pod-alertmanager" in text.stdout
    assert "ports: 9090/TCP, 15008/TCP -> 9090/TCP" in text.stdout
    report = json.loads(run("diff", "-o", "json", "--before", str(seed), "--after", str(after)).stdout)
    assert (len(report["added"]), len(report["removed"]), [c["aspects"] for c in report["changed"]]) == (1, 0, [["ports"]])
    markdown = run("diff", "--before", str(seed), "--after", str(after), "-o", "markdown").stdout
    assert "| change | kind | namespace/name | direction | pods | peers | ports |" in markdown
    assert run("diff", "--exit-code", "--before", str(seed), "--after", str(after)).exit_code == 2
    assert run("diff", "--exit-code", "--before", str(seed), "--after", str(seed)).exit_code == 0


def test_diff_takes_several_files_per_side(seed: Path, tmp_path: Path) -> None:
    off = tmp_path / "off.yaml"
    off.write_text("networkPolicies:\n  enabled: false\n")
    result = run("diff", "--before", str(seed), "--after", str(seed), str(off))
    assert result.exit_code == 0
    assert "0 added" in result.stdout and "0 changed" in result.stdout and "removed" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["diff", "x.yaml"], "comes before --before/--after"),
    (["diff", "--before", "x.yaml"], "--after needs at least one file"),
])
def test_diff_usage_errors(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1 and message in result.stderr


@pytest.mark.parametrize("command", ["expand", "diff"])
def test_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.stdout and "bbvalues netpol " + command in result.stdout


def test_importing_the_cli_does_not_load_the_engine() -> None:
    code = "import sys, bbvalues.cli.netpol; print('bbvalues.netpol.render' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_reachable_as_bbvalues_netpol(seed: Path) -> None:
    from tests.helpers import run_cli

    result = run_cli("netpol", "expand", "--namespace", "ns", str(seed))
    assert result.exit_code == 0 and "namespace: ns" in result.stdout


def test_umbrella_values_without_package_get_a_warning(tmp_path: Path) -> None:
    umbrella = tmp_path / "umbrella.yaml"
    umbrella.write_text(UMBRELLA + "addons:\n  authservice:\n    enabled: true\n")
    result = run("expand", str(umbrella))
    assert result.exit_code == 0 and "you probably want --package NAME" in result.stderr
