"""AuthorizationPolicy attachment follows the mode: selector <-> targetRefs, each conversion a change
with rule authz-attachment; what cannot be converted is a required manual edit."""

from __future__ import annotations

import textwrap


from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.paths import get_path
from bbvalues.helm.merge import merge_sources
from bbvalues.lint import run_lint
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration

SIDECAR = """\
monitoring:
  enabled: true
  sso: {enabled: true}
  values:
    istio:
      authorizationPolicies:
        custom:
          - name: api-paths
            spec:
              selector: {matchLabels: {app.kubernetes.io/name: prometheus}}
              action: ALLOW
              rules:
                - to: [{operation: {paths: ["/api/*"], methods: [GET]}}]
          - name: l4-only
            spec:
              selector: {matchLabels: {app: alertmanager}}
              rules:
                - from: [{source: {principals: ["cluster.local/ns/monitoring/sa/prometheus"]}}]
addons:
  authservice: {enabled: true}
"""
CUSTOM = ("monitoring", "values", "istio", "authorizationPolicies", "custom")


def write(tmp_path, text: str, name: str = "values.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def package_policy(package: str, collection: str, body: str, ambient: bool | None = None) -> str:
    """Values with one user AuthorizationPolicy `body` (YAML under `custom:`/`additionalPolicies:`)."""
    switch = "" if ambient is None else f"istio: {{ambient: {{enabled: {str(ambient).lower()}}}}}\n"
    return (switch + f"{package}:\n  values:\n    istio:\n      authorizationPolicies:\n        {collection}:\n"
            + textwrap.indent(textwrap.dedent(body), " " * 10))


def plan_for(files: list[str], target: str, version: str = "3.30.0"):
    inputs = load_inputs(files)
    return inputs, plan_migration(inputs, MigrationOptions(target), select_release(version))


def authz_changes(plan):
    return [change for change in plan.changes if change.rule == "authz-attachment"]


def authz_edits(plan):
    return [edit for edit in plan.required_edits if edit.rule == "authz-attachment"]


def test_l7_selector_policy_becomes_a_service_targetref_in_ambient(tmp_path):
    _inputs, plan = plan_for([write(tmp_path, SIDECAR)], "ambient-waypoint")
    change, = authz_changes(plan)
    assert change.path == CUSTOM
    converted, untouched = change.new
    assert converted["spec"]["targetRefs"] == [{"kind": "Service", "group": "", "name": "prometheus"}]
    assert "selector" not in converted["spec"]
    assert converted["spec"]["rules"] == change.old[0]["spec"]["rules"]
    assert untouched == change.old[1], "an L4 policy keeps its selector: ztunnel enforces it"
    assert "api-paths" in change.reason and "to.operation.paths" in change.reason
    assert (change.origin.file, change.origin.line) == (str(tmp_path / "values.yaml"), 7)
    assert any("Service prometheus (monitoring) is enrolled on monitoring-monitoring-waypoint" in c
               for c in plan.caveats)
    assert not authz_edits(plan)


def test_converted_values_no_longer_fail_lint_and_the_overlay_names_the_rule(tmp_path):
    source = write(tmp_path, SIDECAR)
    _inputs, plan = plan_for([source], "ambient-waypoint")
    overlay = render_overlay(plan)
    assert "# [authz-attachment]" in overlay
    before = run_lint(load_inputs([source, write(tmp_path, "istio: {ambient: {enabled: true}}\n", "amb.yaml")]),
                      select_release("3.30.0"))
    assert "authz-l7-selector-in-ambient" in [f.id for f in before]
    after = run_lint(load_inputs([source, write(tmp_path, overlay, "overlay.yaml")]), select_release("3.30.0"))
    assert "authz-l7-selector-in-ambient" not in [f.id for f in after]


def test_round_trip_back_to_sidecar_restores_the_selector(tmp_path):
    source = write(tmp_path, SIDECAR)
    _inputs, to_ambient = plan_for([source], "ambient-waypoint")
    overlay = write(tmp_path, render_overlay(to_ambient), "overlay.yaml")
    inputs, to_sidecar = plan_for([source, overlay], "sidecar")
    change, = authz_changes(to_sidecar)
    assert change.new == get_path(merge_sources(load_inputs([source]).sources).values, CUSTOM)
    assert "targetRefs, which sidecars ignore" in change.reason


def test_selector_that_names_no_single_service_is_a_required_manual_edit(tmp_path):
    text = SIDECAR.replace("{app.kubernetes.io/name: prometheus}",
                           "{app.kubernetes.io/name: thanos, app.kubernetes.io/component: query}")
    _inputs, plan = plan_for([write(tmp_path, text)], "ambient-waypoint")
    assert not authz_changes(plan)
    edit, = authz_edits(plan)
    assert edit.path == CUSTOM + (0,) and edit.action == "rewrite"
    assert edit.origin.line == 8 and "does not name one Service" in edit.reason
    assert plan.blocking


def test_service_the_table_cannot_enrol_needs_a_manual_label(tmp_path):
    text = package_policy("grafana", "additionalPolicies", """\
        admin:
          spec:
            selector: {matchLabels: {app: grafana}}
            rules: [{when: [{key: "request.headers[x-team]", values: [ops]}]}]
        """, ambient=False)
    _inputs, plan = plan_for([write(tmp_path, text)], "ambient-waypoint")
    changes = {change.path[-1]: change for change in authz_changes(plan)}
    base = ("grafana", "values", "istio", "authorizationPolicies", "additionalPolicies", "admin", "spec")
    assert changes["targetRefs"].path == base + ("targetRefs",)
    assert changes["targetRefs"].new == [{"kind": "Service", "group": "", "name": "grafana"}]
    assert changes["selector"].path == base + ("selector",) and changes["selector"].new is None
    edit, = authz_edits(plan)
    assert edit.action == "label" and "istio.io/use-waypoint" in edit.reason and "namespace grafana" in edit.reason


def test_gateway_mode_strips_the_umbrella_waypoint_so_the_service_needs_one(tmp_path):
    _inputs, plan = plan_for([write(tmp_path, SIDECAR)], "ambient-gateway")
    assert authz_changes(plan)
    edit, = authz_edits(plan)
    assert edit.action == "label" and "gateway mode strips" in edit.reason


def test_targetref_to_a_gateway_cannot_become_a_selector(tmp_path):
    text = package_policy("monitoring", "custom", """\
        - name: at-waypoint
          spec:
            targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: monitoring-waypoint}]
        """, ambient=True)
    _inputs, plan = plan_for([write(tmp_path, text)], "sidecar")
    edit, = authz_edits(plan)
    assert "sidecars ignore targetRefs" in edit.reason


def test_no_op_when_the_attachment_already_fits(tmp_path):
    text = SIDECAR.replace("selector: {matchLabels: {app.kubernetes.io/name: prometheus}}",
                           'targetRefs: [{kind: Service, group: "", name: prometheus}]')
    ambient = "istio: {ambient: {enabled: true}}\n" + text
    _inputs, plan = plan_for([write(tmp_path, ambient)], "ambient-waypoint")
    assert not authz_changes(plan) and not plan.required_edits
    _inputs, plan = plan_for([write(tmp_path, SIDECAR, "sidecar.yaml")], "sidecar")
    assert not authz_changes(plan)


def test_disabled_additional_policy_is_left_alone(tmp_path):
    text = package_policy("grafana", "additionalPolicies", """\
        switched-off:
          enabled: false
          spec:
            selector: {matchLabels: {app: grafana}}
            rules: [{to: [{operation: {paths: [/x]}}]}]
        """)
    _inputs, plan = plan_for([write(tmp_path, text)], "ambient-waypoint")
    assert not authz_changes(plan) and not plan.required_edits


def test_in_place_keeps_a_policy_that_awaits_a_manual_rewrite(tmp_path):
    from bbvalues.migrate.inplace import plan_in_place

    text = package_policy("grafana", "additionalPolicies", """\
        two-apps:
          spec:
            selector: {matchLabels: {app: grafana, tier: ui}}
            rules: [{to: [{operation: {paths: [/admin]}}]}]
        """)
    inputs, plan = plan_for([write(tmp_path, text)], "ambient-waypoint")
    assert [edit.action for edit in authz_edits(plan)] == ["rewrite"]
    after = plan_in_place(plan, inputs).files[0].after
    assert "two-apps:" in after
