"""`--package`: a package's shorthand in umbrella values expands like the package chart renders it.

The seed document (docs/reference/002) shows the authservice waypoint policies and the monitoring
side; conformance quirks 027 and 028 hold bb-common's exact output for them.
"""

from __future__ import annotations

import pytest

from bbvalues.errors import BBValuesError
from bbvalues.netpol import expand
from bbvalues.netpol.normalise import normalise, parse_stream
from bbvalues.netpol.render import NETWORK_POLICIES
from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.netpol.umbrella import package_values
from tests.netpol.netpol_cases import conformance_case

SEED_AUTHSERVICE = {
    "networkPolicies": {
        "ingress": {"to": {"authservice-waypoint:15008": {"from": {"k8s": {"istio-gateway/*": True}}}}},
        "egress": {"from": {"authservice-waypoint": {"to": {"k8s": {"monitoring/prometheus:9090": True}}}}},
    },
}
SEED_MONITORING = {
    "networkPolicies": {"ingress": {"to": {"prometheus:9090": {"from": {"k8s": {"authservice/authservice-waypoint": True}}}}}},
}


def _umbrella(ambient: bool) -> dict:
    return {"istio": {"ambient": {"enabled": ambient}},
            "addons": {"authservice": {"enabled": True, "values": SEED_AUTHSERVICE}},
            "monitoring": {"enabled": True, "values": SEED_MONITORING}}


def _expected(case: str) -> list[dict]:
    return normalise(parse_stream((conformance_case("quirks", case) / "expected.yaml").read_text()))


def _netpol_template(name: str, ambient: bool) -> list[dict]:
    package = package_values(_umbrella(ambient), name)
    return normalise(expand(package.values, release_name=package.name, namespace=package.namespace,
                            templates=[NETWORK_POLICIES]))


def test_authservice_seed_network_policies_match_bb_common() -> None:
    expected = _expected("027-seed-ambient-authservice-waypoint")
    actual = _netpol_template("authservice", ambient=True)
    assert [d for d in actual if d["kind"] == "NetworkPolicy"] == expected


def test_authservice_in_ambient_also_generates_the_gateway_authorization_policy() -> None:
    # Big Bang (3.27+) turns on generateFromNetpol in ambient, so the k8s ingress rule gets an AuthorizationPolicy
    actual = _netpol_template("authservice", ambient=True)
    names = [d["metadata"]["name"] for d in actual if d["kind"] == "AuthorizationPolicy"]
    assert names == ["allow-ingress-to-authservice-waypoint-tcp-port-15008-from-ns-istio-gateway"]


def test_monitoring_seed_matches_bb_common_including_authorization_policy() -> None:
    assert _netpol_template("monitoring", ambient=True) == _expected("028-seed-monitoring-side")


def test_sidecar_mode_has_no_hbone_no_kubelet_default_no_generated_authz() -> None:
    actual = _netpol_template("monitoring", ambient=False)
    names = {d["metadata"]["name"] for d in actual}
    assert "default-ingress-allow-ambient-kubelet" not in names
    assert all(d["kind"] == "NetworkPolicy" for d in actual)
    assert all("ambient.istio.network-policies.bigbang.dev/hbone-injected" not in d["metadata"]["labels"] for d in actual)


def test_ambient_override_beats_detection() -> None:
    assert package_values(_umbrella(False), "authservice", ambient=True).ambient
    assert not package_values(_umbrella(True), "authservice", ambient=False).ambient


def test_user_package_values_win_over_what_the_umbrella_injects() -> None:
    umbrella = _umbrella(True)
    umbrella["monitoring"]["values"] = {**SEED_MONITORING, "networkPolicies": {
        **SEED_MONITORING["networkPolicies"], "hbonePortInjection": {"enabled": False}}}
    package = package_values(umbrella, "monitoring")
    assert package.values["networkPolicies"]["hbonePortInjection"] == {"enabled": False}
    assert package.values["istio"] == release_table().newest.package_switches_for(ambient=True)["istio"]
    assert package.path == ("monitoring", "values")


def test_unknown_package_is_a_clear_error() -> None:
    with pytest.raises(BBValuesError, match="package 'nope' is not in these values: there is no 'packages.nope' block"):
        package_values(_umbrella(True), "nope")


def test_before_3_27_ambient_does_not_force_authorization_policies() -> None:
    """bigbang e112dd9ed (3.27.0) forced network and authorization policies on in ambient."""
    early = package_values(_umbrella(True), "authservice", release=select_release("3.26.0").release)
    late = package_values(_umbrella(True), "authservice", release=select_release("3.27.0").release)
    assert early.values["istio"]["authorizationPolicies"] == {"enabled": False, "generateFromNetpol": False}
    assert early.values["networkPolicies"]["hbonePortInjection"] == {"enabled": True}
    assert late.values["istio"]["authorizationPolicies"] == {"enabled": True, "generateFromNetpol": True}
