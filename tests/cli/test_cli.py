"""The command line as a user meets it: exit codes, stdout/stderr split, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import ROOT, bbvalues, run_cli

SIDECAR_329 = str(ROOT / "profiles/3.29-sidecar.yaml")
GATEWAY_329 = str(ROOT / "profiles/3.29-ambient-gateway.yaml")


def test_version_is_fast_path():
    result = bbvalues("--version")
    assert result.returncode == 0 and result.stdout.startswith("bbvalues ")


def test_version_does_not_import_the_library():
    code = ("import sys; from bbvalues.__main__ import main; main(['--version']); "
            "print(sorted(m for m in sys.modules if m.startswith(('ruamel', 'typer', 'jsonpatch', 'deepmerge'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]")


def test_help_does_not_import_yaml_libraries():
    code = ("import sys; from bbvalues.__main__ import main; main(['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith(('ruamel', 'jsonpatch', 'deepmerge'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]")


@pytest.mark.parametrize("command", ["detect", "migrate", "explain", "lint", "review", "netpol expand", "netpol diff"])
def test_every_command_has_examples_in_help(command):
    result = run_cli(*command.split(), "--help")
    assert result.exit_code == 0 and "Examples:" in result.output


def test_migrate_prints_overlay_and_caveats_on_stderr():
    result = bbvalues("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.29.0", SIDECAR_329)
    assert result.returncode == 0
    assert "protect: keycloak" in result.stdout and "ztunnel is L4 only" not in result.stdout
    assert "caveat: ztunnel is L4 only" in result.stderr


def test_leaving_gateway_mode_is_blocking_with_required_edits():
    result = bbvalues("migrate", "--to", "ambient-waypoint", "--bigbang-version", "3.29.0", GATEWAY_329)
    assert result.returncode == 3
    assert "required edit: " in result.stderr and "3.29-ambient-gateway.yaml:34:13: delete istioGateway" in result.stderr
    assert "enabled: true" in result.stdout


@pytest.mark.parametrize("profile, target, code", [
    (SIDECAR_329, "sidecar", 0), (SIDECAR_329, "ambient-gateway", 2), (GATEWAY_329, "ambient-gateway", 0),
])
def test_check_exit_codes(profile, target, code):
    result = bbvalues("migrate", "--check", "--to", target, "--bigbang-version", "3.29.0", profile)
    assert (result.returncode, result.stdout) == (code, "")


def test_errors_are_one_line_with_position_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("monitoring:\n  enabled: [true\n")
    result = bbvalues("detect", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {bad}:3:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["detect"], ["migrate", "--to", "nowhere", SIDECAR_329], ["explain", "nope"],
                                  ["detect", "missing.yaml"], ["bogus"]])
def test_usage_errors_exit_1(args):
    result = bbvalues(*args)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_ambient_refused_before_3_23():
    result = bbvalues("migrate", "--to", "ambient-waypoint", "--bigbang-version", "3.22.1", SIDECAR_329)
    assert result.returncode == 1
    assert "3.22" in result.stderr and "3.23.0 or later" in result.stderr


def test_newest_release_is_assumed_with_a_warning():
    result = bbvalues("detect", SIDECAR_329)
    assert result.returncode == 0 and "warning: no Big Bang version given" in result.stderr


def test_jsonpatch_escapes_pointers():
    result = bbvalues("migrate", "--to", "ambient-waypoint", "-o", "jsonpatch", "--bigbang-version", "3.30.0",
                      str(ROOT / "profiles/3.30-ambient-gateway.yaml"))
    patch = json.loads(result.stdout)
    assert {"op": "replace", "path": "/monitoring/values/upstream/prometheus/service/labels/istio.io~1use-waypoint",
            "value": "monitoring-monitoring-waypoint"} in patch
    assert {"op": "remove", "path": "/istioGateway/values/gateways/public/upstream/labels/protect"} in patch


def test_diff_output_is_a_unified_diff_of_effective_values():
    result = bbvalues("migrate", "--to", "ambient-gateway", "-o", "diff", "--bigbang-version", "3.29.0", SIDECAR_329)
    assert result.stdout.startswith("--- effective values (before)")
    assert "+    enabled: true" in result.stdout


def test_label_removal_none_and_gateway_override():
    result = bbvalues("migrate", "--to", "ambient-gateway", "--label-removal", "none", "--gateway", "sso",
                      "--gateway", "public", "--bigbang-version", "3.29.0", SIDECAR_329)
    assert 'istio.io/ingress-use-waypoint: "false"' in result.stdout
    assert "istio.io/use-waypoint: none" in result.stdout and "null" not in result.stdout.split("\n", 7)[-1]
    assert "      sso:\n        upstream:" in result.stdout


def test_gateway_choice_that_leaves_a_serving_gateway_unlabelled_is_refused():
    result = bbvalues("migrate", "--to", "ambient-gateway", "--gateway", "sso", "--bigbang-version", "3.29.0",
                      SIDECAR_329)
    assert result.returncode == 1 and result.stdout == ""
    assert "leaves out gateway public" in result.stderr and "--gateway public" in result.stderr


def test_gateway_shared_is_refused():
    result = bbvalues("migrate", "--to", "ambient-gateway", "--gateway", "shared", SIDECAR_329)
    assert result.returncode == 1 and "passthrough" in result.stderr


def test_emit_configmap_wraps_the_overlay(tmp_path):
    result = bbvalues("migrate", "--to", "ambient-gateway", "--emit", "configmap", "--name", "bb-ambient",
                      "--bigbang-version", "3.29.0", SIDECAR_329)
    from bbvalues.documents.inputs import load_inputs

    out = tmp_path / "cm.yaml"
    out.write_text(result.stdout)
    (source,) = load_inputs([str(out)]).sources
    assert source.embedding.name == "bb-ambient"
    assert source.values["istio"] == {"ambient": {"enabled": True}}


def test_emit_configmap_needs_a_name():
    result = bbvalues("migrate", "--to", "ambient-gateway", "--emit", "configmap", SIDECAR_329)
    assert result.returncode == 1 and "--name" in result.stderr


def test_output_file_and_refusing_to_overwrite_an_input(tmp_path):
    out = tmp_path / "overlay.yaml"
    result = bbvalues("migrate", "--to", "ambient-gateway", "--output-file", str(out), "--bigbang-version", "3.29.0",
                      SIDECAR_329)
    assert result.returncode == 0 and result.stdout == "" and "protect: keycloak" in out.read_text()
    result = bbvalues("migrate", "--to", "ambient-gateway", "--output-file", SIDECAR_329, SIDECAR_329)
    assert result.returncode == 1 and "one of the inputs" in result.stderr


def test_stdin_input():
    text = (ROOT / "profiles/3.29-sidecar.yaml").read_text()
    result = bbvalues("detect", "--bigbang-version", "3.29.0", "-", stdin=text)
    assert result.returncode == 0 and result.stdout.startswith("mode: sidecar")


def test_detect_json_shape_and_inconsistent_exit_code(tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text(textwrap.dedent("""\
        istio: {ambient: {enabled: true}}
        istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: keycloak}}}}}}
        """))
    result = bbvalues("detect", "-o", "json", "--bigbang-version", "3.29.0", str(values))
    data = json.loads(result.stdout)
    assert result.returncode == 2
    assert set(data) == {"schema_version", "mode", "closest_mode", "release", "evidence", "problems"}
    assert data["release"] == {"version": "3.29.0", "row": "3.27 - 3.29", "source": "--bigbang-version"}
    assert data["mode"] == "inconsistent" and "enforce it twice" in data["problems"][0]["message"]
    assert data["problems"][0]["rule"] == "gateway-selector-label"
    assert {"path", "file", "line"} <= set(data["evidence"][0])


def test_explain_lists_and_explains_rules():
    listing = run_cli("explain")
    assert "waypoint-labels-strip" in listing.stdout
    detail = run_cli("explain", "waypoint-labels-strip")
    assert "Releases:" in detail.stdout and "null" in detail.stdout


def test_duplicate_key_warning_names_both_lines(tmp_path):
    values = tmp_path / "dup.yaml"
    values.write_text("istio:\n  ambient:\n    enabled: false\n    enabled: true\n")
    result = bbvalues("migrate", "--to", "ambient-waypoint", "--bigbang-version", "3.29.0", str(values))
    assert f"{values}:4:5: duplicate key istio.ambient.enabled (also at line 3)" in result.stderr


# -- states that look done but do not render (issue: migrations that render right) --------------------------

PER_KEY_NULLS = str(ROOT / "profiles/3.29-ambient-gateway-per-key-nulls.yaml")


def test_big_bangs_per_key_nulls_are_a_broken_state_that_check_reports_and_migrate_repairs(tmp_path):
    detected = bbvalues("detect", "--bigbang-version", "3.29.0", PER_KEY_NULLS)
    assert detected.returncode == 2 and detected.stdout.startswith("mode: inconsistent\n")
    assert "per-key null" in detected.stdout and "closest mode: ambient-gateway" in detected.stdout
    assert bbvalues("migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.29.0",
                    PER_KEY_NULLS).returncode == 2
    copy = tmp_path / "values.yaml"
    copy.write_text((ROOT / "profiles/3.29-ambient-gateway-per-key-nulls.yaml").read_text())
    repaired = bbvalues("migrate", "--to", "ambient-gateway", "--in-place", "--no-backup", "--bigbang-version",
                        "3.29.0", str(copy))
    assert repaired.returncode == 0, repaired.stderr
    values = [line for line in copy.read_text().splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in values if "istio.io/" in line] and values.count("          labels: null") == 2
    again = bbvalues("migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.29.0", str(copy))
    assert again.returncode == 0, again.stderr


def test_keeping_the_per_key_nulls_on_purpose_is_nothing_to_do_with_the_caveat():
    result = bbvalues("migrate", "--check", "--to", "ambient-gateway", "--label-removal", "null",
                      "--bigbang-version", "3.29.0", PER_KEY_NULLS)
    assert result.returncode == 0, result.stderr


def test_values_that_are_not_umbrella_values_are_refused_naming_the_keys(tmp_path):
    chart_values = tmp_path / "values.yaml"
    chart_values.write_text("upstream:\n  prometheus: {}\nnetworkPolicies: {enabled: true}\nbbtests: {}\n")
    result = bbvalues("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", str(chart_values))
    assert result.returncode == 1 and result.stdout == ""
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith(f"error: {chart_values}:1:1: not Big Bang umbrella values")
    assert "`upstream`, `bbtests`" in first_line and "Traceback" not in result.stderr


def test_without_sso_there_is_nothing_to_enforce_at_a_gateway(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("monitoring: {enabled: true}\n")
    result = bbvalues("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", str(values))
    assert result.returncode == 0
    assert "gateways:" not in result.stdout and "gateway-selector-label" not in result.stdout
    assert "no SSO-protected package found" in result.stderr
    assert "ztunnel is L4 only" not in result.stderr


def test_a_key_set_inline_in_the_helmrelease_is_a_required_edit(tmp_path):
    """Flux merges spec.values after every valuesFrom entry: the overlay cannot win there."""
    release = tmp_path / "helmrelease.yaml"
    release.write_text(textwrap.dedent("""\
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: bigbang, namespace: bigbang}
        spec:
          chart: {spec: {chart: bigbang, version: 3.30.0}}
          values:
            monitoring: {enabled: true, sso: {enabled: true}}
            istio:
              ambient:
                enabled: false
        """))
    result = bbvalues("migrate", "--to", "ambient-waypoint", str(release))
    assert result.returncode == 3, result.stderr
    assert f"required edit: {release}:10:9: delete istio.ambient.enabled" in result.stderr
    assert "Flux merges spec.values after every valuesFrom entry" in result.stderr


def test_detect_warns_about_duplicate_keys_too(tmp_path):
    values = tmp_path / "dup.yaml"
    values.write_text("istio:\n  ambient:\n    enabled: false\n    enabled: true\n")
    result = run_cli("detect", "--bigbang-version", "3.29.0", str(values))
    assert f"warning: {values}:4:5: duplicate key istio.ambient.enabled (also at line 3)" in result.stderr


def test_mode_caveats_come_with_work_not_with_nothing_to_do():
    gateway = str(ROOT / "profiles/3.30-ambient-gateway.yaml")
    done = run_cli("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", gateway)
    assert done.exit_code == 0 and "caveat:" not in done.stderr
    moving = run_cli("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0",
                     str(ROOT / "profiles/3.30-sidecar.yaml"))
    assert moving.exit_code == 0 and moving.stderr.count("caveat:") >= 3


def test_in_place_on_a_helmrelease_already_in_the_mode_has_nothing_to_do(tmp_path):
    release = tmp_path / "helmrelease.yaml"
    release.write_text("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bigbang\nspec:\n"
                       "  chart:\n    spec:\n      chart: bigbang\n      version: 3.30.0\n")
    before = release.read_bytes()
    result = run_cli("migrate", "--to", "sidecar", "--in-place", str(release))
    assert (result.exit_code, result.stderr) == (0, "nothing to do: the files already match the target mode\n")
    assert release.read_bytes() == before and not list(tmp_path.glob("*.bak"))


def test_a_tab_in_indentation_is_named_with_its_position(tmp_path):
    values = tmp_path / "tabs.yaml"
    values.write_text("istio:\n\tambient:\n    enabled: true\n")
    result = run_cli("detect", str(values))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {values}:2:1: invalid YAML: a tab where YAML expects indentation")
