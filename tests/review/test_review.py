"""`bbvalues review`: one report per migration, the same facts in text, markdown and json."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.errors import Origin
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit
from bbvalues.migrate.planner import MigrationOptions
from bbvalues.report.review_markdown import render_review_markdown
from bbvalues.review import Review, build_review
from bbvalues.review.policies import entry_present, expand_entry
from tests.helpers import ROOT, run_cli

PROFILES = ROOT / "profiles"


def review_of(profile: str, target: str, version: str):
    inputs = load_inputs([str(PROFILES / profile)])
    return build_review(inputs, MigrationOptions(target), select_release(version))


def test_sidecar_to_waypoint_on_3_29_adds_the_shared_waypoint_policies():
    review = review_of("3.29-sidecar.yaml", "ambient-waypoint", "3.29.0")
    assert (review.source_mode, review.target_mode) == ("sidecar", "ambient-waypoint")
    appeared = {item.entry.id: item for item in review.umbrella_policies}
    assert {item.change for item in appeared.values()} == {"appears"}
    assert "NetworkPolicy allow-egress-from-authservice-waypoint-to-ns-monitoring-pod-prometheus-tcp-port-9090" \
        in appeared["authservice-waypoint-egress-monitoring"].names
    monitoring = {item.package: item for item in review.package_policies}["monitoring"]
    added = {summary.ref for summary in monitoring.diff.added}
    assert "NetworkPolicy monitoring/allow-ingress-to-prometheus-tcp-port-9090-from-ns-authservice-pod-authservice-waypoint" \
        in added
    assert "NetworkPolicy monitoring/default-ingress-allow-ambient-kubelet" in added


def test_leaving_ambient_makes_the_umbrella_policies_disappear():
    review = review_of("3.30-ambient-waypoint.yaml", "sidecar", "3.30.0")
    changes = {item.entry.id: item.change for item in review.umbrella_policies}
    assert changes["authservice-ingress-from-monitoring-waypoint"] == "disappears"
    assert all(change == "disappears" for change in changes.values())


def test_waypoint_to_gateway_keeps_the_helper_computed_policies():
    """The umbrella does not read waypoint.enabled: gateway mode renders the same entries (modes §1.4)."""
    review = review_of("3.30-ambient-waypoint.yaml", "ambient-gateway", "3.30.0")
    assert review.umbrella_policies == []


def test_alloy_entry_needs_alloy_metrics():
    release = select_release("3.30.0").release
    entry, = [e for e in release.policies if e.id == "alloy-egress-to-monitoring-waypoint"]
    base = {"istio": {"ambient": {"enabled": True}}, "monitoring": {"sso": {"enabled": True}}}
    assert not entry_present(entry, release, base)
    assert entry_present(entry, release, {**base, "alloy": {"enabled": True, "alloyMetrics": {"enabled": True}}})
    assert [doc["metadata"]["name"] for doc in expand_entry(entry, release)] == [
        "allow-egress-from-alloy-metrics-to-ns-monitoring-pod-waypoint-tcp-port-15008"]


@pytest.mark.parametrize("release", release_table().releases, ids=lambda r: r.name)
def test_every_umbrella_entry_expands(release):
    for entry in release.policies:
        assert expand_entry(entry, release), entry.id


def test_cli_formats_carry_the_same_changes():
    args = ("review", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", str(PROFILES / "3.30-sidecar.yaml"))
    text = run_cli(*args)
    markdown = run_cli(*args, "-o", "markdown")
    data = run_cli(*args, "-o", "json")
    assert text.exit_code == markdown.exit_code == data.exit_code == 0
    document = json.loads(data.stdout)
    assert document["source_mode"] == "sidecar" and document["target_mode"] == "ambient-gateway"
    for change in document["plan"]["changes"]:
        assert change["rule"] in text.stdout and change["rule"] in markdown.stdout
    assert "\x1b[" not in text.stdout
    assert "Required manual edits (0)" in text.stdout


def test_cli_review_errors_without_traceback(tmp_path):
    result = run_cli("review", "--to", "ambient-gateway", "--bigbang-version", "3.21.0",
                     str(PROFILES / "3.30-sidecar.yaml"))
    assert result.exit_code == 1
    assert "cannot migrate to ambient-gateway" in result.stderr and "Traceback" not in result.output


def test_required_edits_show_what_to_do_and_where():
    review = review_of("3.30-ambient-gateway.yaml", "sidecar", "3.30.0")
    markdown = render_review_markdown(review)
    assert "- [ ] **delete** `istioGateway.values.gateways.public.upstream.labels.protect` at profiles/" in markdown \
        or "- [ ] **delete** `istioGateway.values.gateways.public.upstream.labels.protect` at /" in markdown


def _review_with(reason: str, path_key: str) -> Review:
    plan = MigrationPlan(inputs=["a.yaml"], source_mode="sidecar", target_mode="ambient-gateway", release="3.30.0")
    plan.changes.append(Change(("monitoring", path_key), None, reason, "ambient-switch", reason, Origin("a.yaml", 3)))
    plan.required_edits.append(RequiredEdit(("x", path_key), "authz-attachment", reason, None, action="rewrite"))
    plan.caveats.append(reason)
    return Review(["a.yaml"], "sidecar", "ambient-gateway", select_release("3.30.0"), "model", plan)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(min_size=1, max_size=20))
def test_markdown_tables_survive_any_text(reason, key):
    markdown = render_review_markdown(_review_with(reason, key))
    header = "| Rule | Key | Old | New | Where | Reason |"
    lines = markdown.split("\n")
    row = lines[lines.index(header) + 2]
    # Six cells: no unescaped pipe or newline from the text splits the row.
    assert len([cell for cell in _split_cells(row)]) == 6
    assert "<script" not in markdown.lower()


def _split_cells(row: str) -> list[str]:
    cells, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return cells + [current]


@pytest.mark.parametrize("profile,target,version", [
    ("3.29-sidecar.yaml", "ambient-waypoint", "3.29.0"),
    ("3.30-sidecar.yaml", "ambient-gateway", "3.30.0"),
    ("3.30-ambient-gateway.yaml", "sidecar", "3.30.0"),
])
def test_review_markdown_snapshot(profile, target, version, snapshot_text, monkeypatch):
    monkeypatch.chdir(ROOT)  # relative input names keep the snapshot independent of the checkout path
    result = run_cli("review", "--to", target, "--bigbang-version", version, "-o", "markdown",
                     f"profiles/{profile}")
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot_text


def test_a_policy_awaiting_a_manual_rewrite_is_not_shown_as_deleted(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text(
        "monitoring:\n  enabled: true\n  sso: {enabled: true}\n  values:\n    istio:\n      authorizationPolicies:\n"
        "        additionalPolicies:\n          query-paths:\n            spec:\n"
        "              selector: {matchLabels: {app.kubernetes.io/name: thanos, app.kubernetes.io/component: query}}\n"
        "              rules: [{to: [{operation: {paths: [/api]}}]}]\n"
        "addons: {authservice: {enabled: true}}\n")
    review = build_review(load_inputs([str(values)]), MigrationOptions("ambient-waypoint"), select_release("3.30.0"))
    assert [edit.action for edit in review.plan.required_edits] == ["rewrite"]
    monitoring = {item.package: item for item in review.package_policies}["monitoring"]
    # Ambient turns AuthorizationPolicies on: the policy appears as written, awaiting the rewrite.
    assert "AuthorizationPolicy monitoring/query-paths" in {summary.ref for summary in monitoring.diff.added}
    markdown = render_review_markdown(review)
    assert "**rewrite**" in markdown
    # Until someone rewrites it, lint after the migration still reports the policy.
    assert [finding.id for finding in review.remaining] == ["authz-l7-selector-in-ambient"]
    assert "#### Lint after the migration (1)" in markdown


def test_review_text_snapshot_and_colour(snapshot_text, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    args = ("review", "--to", "ambient-waypoint", "--bigbang-version", "3.29.0", "profiles/3.29-ambient-gateway.yaml")
    plain = run_cli(*args)
    assert plain.exit_code == 0 and plain.stdout == snapshot_text
    assert "- - " not in plain.stdout and "- + " not in plain.stdout  # one bullet per item
    coloured = run_cli("--color", "always", *args)
    assert "\x1b[1m" in coloured.stdout
    assert run_cli(*args, "--color", "never").stdout == plain.stdout


def test_review_verbose_goes_to_stderr(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli("-v", "review", "--to", "sidecar", "--bigbang-version", "3.30.0", "-o", "json",
                     "profiles/3.30-ambient-gateway.yaml")
    assert "reviewed 1 values source(s)" in result.stderr
    json.loads(result.stdout)


def test_text_lists_policies_that_come_and_go_with_one_bullet_each(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = run_cli("review", "--to", "sidecar", "--bigbang-version", "3.30.0", "profiles/3.30-ambient-gateway.yaml").stdout
    assert "  - disappears: authservice-waypoint-ingress (authservice): " in text
    assert "- - " not in text and "- + " not in text
