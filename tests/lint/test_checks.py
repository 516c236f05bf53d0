"""Each lint check on a values snippet that must fail it and one that must pass it (pyupgrade-style pairs)."""

from __future__ import annotations

import pytest

from tests.lint.lint_helpers import ids, lint_yaml

AMBIENT_SSO = """
istio: {ambient: {enabled: true}}
monitoring: {enabled: true, sso: {enabled: true}}
addons: {authservice: {enabled: true}}
"""
GATEWAY_MODE = """
istio: {ambient: {enabled: true}}
monitoring:
  enabled: true
  sso: {enabled: true}
  values:
    upstream:
      prometheus: {service: {labels: {istio.io/use-waypoint: none, istio.io/ingress-use-waypoint: "false"}}}
      alertmanager: {service: {labels: {istio.io/use-waypoint: none, istio.io/ingress-use-waypoint: "false"}}}
    routes:
      inbound:
        monitoring-prometheus: {authservice: {enabled: false}}
        monitoring-alertmanager: {authservice: {enabled: false}}
istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: keycloak}}}}}}
addons: {authservice: {enabled: true, values: {waypoint: {enabled: false}}}}
"""
SIDECAR_SSO = """
monitoring: {enabled: true, sso: {enabled: true}}
addons: {authservice: {enabled: true}}
"""


def policy(spec: str, mode: str = AMBIENT_SSO, collection: str = "custom") -> str:
    body = (f"        custom:\n          - name: p\n            spec: {spec}\n" if collection == "custom"
            else f"        additionalPolicies:\n          p:\n            spec: {spec}\n")
    return mode + "grafana:\n  values:\n    istio:\n      authorizationPolicies:\n" + body


L7_SELECTOR = '{selector: {matchLabels: {app.kubernetes.io/name: grafana}}, rules: [{to: [{operation: {paths: ["/admin"]}}]}]}'
L4_SELECTOR = '{selector: {matchLabels: {app: grafana}}, rules: [{from: [{source: {principals: ["cluster.local/ns/a/sa/b"]}}]}]}'
TARGETREFS = '{targetRefs: [{kind: Service, group: "", name: grafana}], rules: [{to: [{operation: {methods: [GET]}}]}]}'

CASES = {
    "waypoint-labels-without-waypoint": (
        AMBIENT_SSO.replace("enabled: true}}\n", "enabled: true, values: {waypoint: {enabled: false}}}}\n"),
        GATEWAY_MODE, "3.30.0"),
    "waypoint-labels-in-sidecar": (
        SIDECAR_SSO.replace("sso: {enabled: true}}", "sso: {enabled: true}, values: {upstream: {prometheus: {service: "
                            "{labels: {istio.io/use-waypoint: x}}}}}}"), SIDECAR_SSO, "3.30.0"),
    "null-waypoint-label": (
        GATEWAY_MODE.replace("istio.io/use-waypoint: none, istio.io/ingress", "istio.io/use-waypoint: null, istio.io/ingress"),
        GATEWAY_MODE, "3.30.0"),
    "route-authservice-in-gateway-mode": (
        GATEWAY_MODE.replace("monitoring-prometheus: {authservice: {enabled: false}}",
                             "monitoring-prometheus: {authservice: {enabled: true}}"), GATEWAY_MODE, "3.30.0"),
    "gateway-label-missing": (GATEWAY_MODE.replace("protect: keycloak", "other: x"), GATEWAY_MODE, "3.30.0"),
    "gateway-label-double-enforcement": (
        SIDECAR_SSO + "istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: keycloak}}}}}}\n",
        SIDECAR_SSO + 'istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: "none"}}}}}}\n', "3.30.0"),
    "gateway-label-on-shared": (
        GATEWAY_MODE.replace("istioGateway: {values: {gateways:",
                             "istioGateway: {values: {shared: {upstream: {labels: {protect: keycloak}}}, gateways:"),
        GATEWAY_MODE, "3.30.0"),
    "null-gateway-label": (
        GATEWAY_MODE.replace("protect: keycloak", "protect: null"), GATEWAY_MODE, "3.30.0"),
    "ambient-infrastructure-toggle": (AMBIENT_SSO + "ztunnel: {enabled: false}\n",
                                      SIDECAR_SSO + "ztunnel: {enabled: false}\n", "3.30.0"),
    "istio-key-before-3.22": ("istio: {ambient: {enabled: false}}\n", "monitoring: {enabled: true}\n", "3.21.0"),
    "ambient-before-3.23": ("istio: {ambient: {enabled: true}}\n", "istio: {ambient: {enabled: false}}\n", "3.22.0"),
    "authz-l7-selector-in-ambient": (policy(L7_SELECTOR), policy(L4_SELECTOR), "3.30.0"),
    "authz-targetrefs-in-sidecar": (policy(TARGETREFS, SIDECAR_SSO), policy(TARGETREFS), "3.30.0"),
    "authz-targetref-core-group": (policy("{targetRefs: [{kind: Service, name: grafana}]}"), policy(TARGETREFS),
                                   "3.30.0"),
    "authz-principal-format": (
        policy('{rules: [{from: [{source: {principals: ["spiffe://cluster.local/ns/a/sa/b"]}}]}]}'),
        policy('{rules: [{from: [{source: {principals: ["cluster.local/ns/a/sa/b", "cluster.local/ns/a/sa/*", '
               '"*/sa/b", "*"]}}]}]}'), "3.30.0"),
    "netpol-missing-hbone": (
        AMBIENT_SSO.replace("sso: {enabled: true}}", "sso: {enabled: true}, values: {networkPolicies: "
                                                     "{hbonePortInjection: {enabled: false}}}}"),
        AMBIENT_SSO, "3.30.0"),
    "migration-bridge-left": (
        policy("{rules: [{}]}", AMBIENT_SSO) + "      mtls: {mode: PERMISSIVE}\n",
        policy("{rules: [{}]}", AMBIENT_SSO) + "      mtls: {mode: STRICT}\n", "3.30.0"),
    "hostnetwork-dataplane-mode": (
        AMBIENT_SSO + "loki: {values: {daemonset: {hostNetwork: true}}}\n",
        AMBIENT_SSO + "loki: {values: {daemonset: {hostNetwork: true, podLabels: {istio.io/dataplane-mode: none}}}}\n",
        "3.30.0"),
    "duplicate-key": ("monitoring:\n  enabled: true\n  enabled: false\n", "monitoring:\n  enabled: true\n", "3.30.0"),
    "yaml11-label-value": (
        "grafana: {values: {podLabels: {team: yes}}}\n", 'grafana: {values: {podLabels: {team: "yes"}}}\n', "3.30.0"),
    "sso-enforcement-point": (  # 3.30 monitoring still pointed at the shared waypoint, which no longer serves it
        AMBIENT_SSO.replace("sso: {enabled: true}}", "sso: {enabled: true}, values: {upstream: {prometheus: {service: "
                            "{labels: {istio.io/use-waypoint: authservice-waypoint, "
                            "istio.io/use-waypoint-namespace: authservice}}}}}}"),
        AMBIENT_SSO, "3.30.0"),
    "anchor-on-edited-path": (
        "istioGateway:\n  values:\n    gateways:\n      public: &gw\n        upstream: {labels: {a: b}}\n"
        "      internal: *gw\n",
        "sso: &sso {url: x}\ngrafana: {values: {sso: *sso}}\n", "3.30.0"),
}


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_fail_case_is_found(check_id):
    failing, _passing, version = CASES[check_id]
    assert check_id in ids(lint_yaml(failing, version))


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_pass_case_is_clean(check_id):
    _failing, passing, version = CASES[check_id]
    assert check_id not in ids(lint_yaml(passing, version))


def test_every_check_has_a_case():
    from bbvalues.lint.rules import BY_ID

    assert set(BY_ID) == set(CASES)


def test_gateway_labels_map_null_explains_the_render_failure():
    findings = lint_yaml(GATEWAY_MODE.replace("{labels: {protect: keycloak}}", "{labels: null}"))
    messages = [f.message for f in findings if f.id == "null-gateway-label"]
    assert len(messages) == 1 and "dig" in messages[0] and "render fails" in messages[0]


def test_duplicate_key_points_at_the_second_occurrence():
    finding, = [f for f in lint_yaml("domain: x\nmonitoring:\n  enabled: true\n  enabled: false\n")
                if f.id == "duplicate-key"]
    assert (finding.file, finding.line, finding.column) == ("<stdin>", 4, 3)
    assert "first at line 3" in finding.message


def test_yaml11_label_value_quotes_what_was_written():
    finding, = lint_yaml("grafana:\n  values:\n    podLabels:\n      team: on\n")
    assert finding.line == 4
    assert "team: on is read by Helm (YAML 1.1) as the boolean true" in finding.message
    assert "YAML 1.2" in finding.message
    assert finding.fix == 'quote it: team: "on"'


def test_yaml11_label_value_on_a_plain_boolean_does_not_claim_yaml12_differs():
    finding, = [f for f in lint_yaml("grafana: {values: {podLabels: {istio.io/ingress-use-waypoint: false}}}\n")
                if f.id == "yaml11-label-value"]
    assert "boolean false" in finding.message and "YAML 1.2" not in finding.message


def test_l7_selector_fix_names_the_service_when_the_selector_names_one():
    finding, = [f for f in lint_yaml(policy(L7_SELECTOR)) if f.id == "authz-l7-selector-in-ambient"]
    assert "name: grafana" in finding.fix and "to.operation.paths" in finding.message


def test_additional_policies_are_checked_too():
    found = ids(lint_yaml(policy(L7_SELECTOR, collection="additionalPolicies")))
    assert "authz-l7-selector-in-ambient" in found


def test_disabled_additional_policy_is_ignored():
    text = policy(L7_SELECTOR, collection="additionalPolicies").replace("          p:\n", "          p:\n            enabled: false\n")
    assert "authz-l7-selector-in-ambient" not in ids(lint_yaml(text))


def test_hbone_missing_in_additional_policies_of_an_enrolled_package():
    rule = "{from: [{podSelector: {}}], ports: [{port: 9090, protocol: TCP}]}"
    text = AMBIENT_SSO.replace("monitoring: {enabled: true, sso: {enabled: true}}", "") + (
        "monitoring:\n  enabled: true\n  sso: {enabled: true}\n  values:\n    networkPolicies:\n"
        f"      additionalPolicies:\n        - name: x\n          spec: {{ingress: [{rule}]}}\n")
    assert "netpol-missing-hbone" in ids(lint_yaml(text))
    with_hbone = text.replace("ports: [{port: 9090, protocol: TCP}]", "ports: [{port: 9090}, {port: 15008, protocol: TCP}]")
    assert "netpol-missing-hbone" not in ids(lint_yaml(with_hbone))


def test_findings_are_sorted_and_unique():
    findings = lint_yaml(GATEWAY_MODE.replace("protect: keycloak", "protect: null")
                         .replace("istio.io/use-waypoint: none, istio.io/ingress", "istio.io/use-waypoint: null, istio.io/ingress"))
    assert findings == sorted(set(findings))


def test_every_finding_names_a_file_line_and_fix_on_the_profiles():
    from tests.helpers import profiles

    from bbvalues.bigbang.releases import select_release
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.lint import run_lint

    for profile in profiles():
        version = profile.version_args[1] if profile.version_args else None
        for finding in run_lint(load_inputs(list(profile.files)), select_release(version)):
            assert finding.line >= 1 and finding.column >= 1 and finding.fix
            assert finding.file in profile.files


def test_a_3_29_label_kept_on_3_30_in_gateway_mode_is_one_finding_of_the_waypoint_labels_check():
    """One contract: detect and lint agree that the 3.29 shared-waypoint label routes 3.30 monitoring nowhere."""
    values = GATEWAY_MODE.replace(
        "prometheus: {service: {labels: {istio.io/use-waypoint: none, istio.io/ingress-use-waypoint: \"false\"}}}",
        "prometheus: {service: {labels: {istio.io/use-waypoint: authservice-waypoint, "
        "istio.io/use-waypoint-namespace: authservice}}}")
    findings = [f for f in lint_yaml(values, "3.30.0") if f.severity == "error"]
    assert [f.id for f in findings] == ["waypoint-labels-without-waypoint"]
    assert "authservice/authservice-waypoint, which is not built" in findings[0].message


def test_one_missing_gateway_label_is_one_finding():
    findings = lint_yaml(GATEWAY_MODE.replace("protect: keycloak", "team: ops"), "3.30.0")
    assert [f.id for f in findings] == ["gateway-label-missing"]
