"""The parts of verify that need no helm: reading a render, Flux's release naming, and the analyser's rules."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bbvalues.bigbang.releases import select_release
from bbvalues.documents.emit import emit_values
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_values
from bbvalues.bigbang.modes import UmbrellaView
from bbvalues.helm.merge import Effective
from bbvalues.verify.analyse import analyse, same_value
from bbvalues.verify.package import parse_package_chart_spec, parse_package_render, release_and_namespace
from bbvalues.verify.render import HelmReleaseSpec, PackageValues, UmbrellaRender, parse_umbrella_render

NEXT = select_release("next").release


def secret(name: str, texts: dict, encode: bool = False) -> str:
    field = "data" if encode else "stringData"
    body = {key: base64.b64encode(text.encode()).decode() if encode else text for key, text in texts.items()}
    return "---\n" + emit_values({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}, field: body})


def package(name: str, defaults: str = "{}", overlays: str = "{}") -> PackageValues:
    return PackageValues(name, f"bigbang-{name}-values", {"common": "{}", "defaults": defaults, "overlays": overlays})


def test_only_package_values_secrets_are_read():
    text = (secret("bigbang-monitoring-values", {"common": "a: 1\n", "defaults": "b: 2\n", "overlays": "a: 3\n"})
            + secret("bigbang-tls", {"tls.crt": "x"}) + secret("bigbang-partial-values", {"common": "{}"})
            + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x-values}\ndata: {common: '{}'}\n")
    render = parse_umbrella_render(text)
    assert list(render.packages) == ["monitoring"]
    assert render.packages["monitoring"].merged == {"a": 3, "b": 2}


def test_string_data_wins_over_data_as_in_the_api():
    text = ("---\napiVersion: v1\nkind: Secret\nmetadata: {name: bigbang-x-values}\n"
            f"data: {{common: {base64.b64encode(b'a: 1').decode()}, defaults: e30=, overlays: e30=}}\n"
            "stringData: {common: 'a: 2'}\n")
    assert parse_umbrella_render(text).packages["x"].merged == {"a": 2}


def test_bad_base64_is_an_error_naming_the_secret():
    text = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: bigbang-x-values}\ndata: {common: '%%%'}\n"
    with pytest.raises(BBValuesError, match="Secret bigbang-x-values: data.common is not base64"):
        parse_umbrella_render(text)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["", "on", "yes", "null", "a: b",
                                                                                      "0777", "true", "x"]))
_values = st.recursive(_scalars, lambda inner: st.dictionaries(st.sampled_from(["a", "b", "labels", "c.d"]), inner,
                                                               max_size=3), max_leaves=8)
_layers = st.lists(st.dictionaries(st.sampled_from(["a", "b", "labels"]), _values, max_size=3), min_size=3, max_size=3)


@settings(max_examples=40, deadline=None)
@given(_layers)
def test_both_encodings_decode_to_the_flux_merge_of_the_layers(layers):
    texts = dict(zip(("common", "defaults", "overlays"), (emit_values(layer) for layer in layers)))
    plain = parse_umbrella_render(secret("bigbang-p-values", texts)).packages["p"]
    encoded = parse_umbrella_render(secret("bigbang-p-values", texts, encode=True)).packages["p"]
    assert plain.texts == encoded.texts == texts
    assert same_value(plain.merged, merge_values(layers))


def test_flux_names_the_package_release_after_its_target_namespace():
    text = ("---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: monitoring, namespace: bigbang}\n"
            "spec:\n  targetNamespace: monitoring\n  valuesFrom:\n  - {kind: Secret, name: bigbang-monitoring-values, "
            "valuesKey: common}\n"
            "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: public-ingressgateway}\n"
            "spec:\n  releaseName: public\n  targetNamespace: istio-gateway\n  valuesFrom:\n"
            "  - {kind: Secret, name: bigbang-istio-public-gateway-values}\n")
    render = parse_umbrella_render(text)
    assert release_and_namespace("monitoring", render) == ("monitoring-monitoring", "monitoring")
    assert release_and_namespace("istio-public-gateway", render) == ("public", "istio-gateway")
    assert release_and_namespace("thanos", render) == ("thanos", "thanos")  # no HelmRelease: the release table


def test_package_chart_spec():
    assert parse_package_chart_spec("monitoring=./chart=x") == ("monitoring", "./chart=x")
    for bad in ("monitoring", "=./chart", "monitoring="):
        with pytest.raises(BBValuesError, match="expected NAME=PATH"):
            parse_package_chart_spec(bad)


def test_package_render_keeps_services_and_policies():
    render = parse_package_render(
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: p, namespace: m, labels: {a: null, b: c}}\n"
        "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: z, namespace: m}\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: m}\n", "t")
    assert [(s.name, s.null_labels) for s in render.services] == [("p", ["a"])]
    assert render.policies == ["AuthorizationPolicy m/z", "NetworkPolicy m/np"]


MONITORING_SSO = {"istio": {"ambient": {"enabled": True}}, "monitoring": {"enabled": True, "sso": {"enabled": True}},
                  "addons": {"authservice": {"enabled": True}}}


def view(version: str = "next", values: dict | None = None) -> UmbrellaView:
    """The user's after values verify judges a render with (default: ambient, monitoring SSO)."""
    return UmbrellaView(Effective(MONITORING_SSO if values is None else values), select_release(version).release)


GATEWAY_SSO = merge_values([MONITORING_SSO, {"addons": {"authservice": {"values": {"waypoint": {"enabled": False}}}},
                                              "monitoring": {"values": {"routes": {"inbound": {
                                                  "monitoring-prometheus": {"authservice": {"enabled": False}},
                                                  "monitoring-alertmanager": {"authservice": {"enabled": False}}}}}}}])


def ambient_render(monitoring_labels: str, authservice_overlays: str = "{}", releases=("ztunnel", "istio-cni",
                                                                                         "gateway-api")) -> UmbrellaRender:
    ambient = "istio: {ambient: {enabled: true}}\n"
    return UmbrellaRender(
        packages={"monitoring": package("monitoring", ambient + "upstream: {prometheus: {service: {labels: "
                                        + monitoring_labels + "}}}\n"),
                  "authservice": package("authservice", ambient, authservice_overlays),
                  "istio-public-gateway": package("istio-public-gateway", "upstream: {labels: {protect: keycloak}}")},
        helm_releases={name: HelmReleaseSpec(name, "bigbang") for name in releases},
        namespaces={"monitoring": {"istio.io/dataplane-mode": "ambient"}})


def test_a_label_routing_to_a_disabled_waypoint_blocks():
    labels = "{istio.io/use-waypoint: authservice-waypoint, istio.io/use-waypoint-namespace: authservice}"
    before = ambient_render(labels)
    after = ambient_render(labels, authservice_overlays="waypoint: {enabled: false}")
    analysis = analyse(before, after, view("3.29.0", GATEWAY_SSO), "ambient-gateway")
    absent, = [f for f in analysis.findings if f.kind == "sso-unenforced"]
    assert absent.blocks and "authservice-waypoint, which is not built" in absent.message
    assert analysis.waypoints["authservice-waypoint"].why == "authservice waypoint.enabled is false"
    assert not analysis.reached


def test_gateway_mode_flags_a_waypoint_the_release_does_not_build_without_calling_it_an_sso_hole():
    render = ambient_render("{istio.io/use-waypoint: my-own-waypoint}")
    analysis = analyse(render, render, view(values=GATEWAY_SSO), "ambient-gateway")
    unknown, = [f for f in analysis.findings if f.blocks]
    assert unknown.kind == "waypoint-labels-strip" and "does not build" in unknown.message
    assert [f.kind for f in analysis.findings if f.package == "monitoring" and f.kind.startswith("sso")] == [
        "sso-enforced"]


@pytest.mark.parametrize("mode,blocks", [("ambient-waypoint", True), ("sidecar", False)])
def test_ambient_needs_its_infrastructure(mode, blocks):
    render = ambient_render("{}", releases=("ztunnel",))
    analysis = analyse(render, render, view(values={}), mode)
    missing = {f.package for f in analysis.findings if f.kind == "ambient-infrastructure"}
    assert missing == ({"istio-cni", "gateway-api"} if blocks else set())


def test_a_protected_package_without_a_waypoint_route_is_unenforced_in_waypoint_mode():
    render = ambient_render("{istio.io/use-waypoint: none}")
    analysis = analyse(render, render, view(), "ambient-waypoint")
    unenforced, = [f for f in analysis.findings if f.kind == "sso-unenforced"]
    assert "istio.io/use-waypoint\" is 'none': the Service passes no waypoint" in unenforced.message


def test_same_value_tells_yaml_types_apart():
    assert not same_value("true", True) and not same_value(1, True) and not same_value({"a": 1}, {"a": "1"})
    assert same_value({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]})


def test_sso_is_checked_on_releases_without_waypoints_too():
    """Protected packages come from the release's protections (every release), not from its waypoint enrollments."""
    render = UmbrellaRender(
        packages={"monitoring": package("monitoring", "upstream: {prometheus: {prometheusSpec: {podMetadata: "
                                                      "{labels: {protect: keycloak}}}}, alertmanager: "
                                                      "{alertmanagerSpec: {podMetadata: {labels: {protect: keycloak}}}}}")},
        namespaces={"monitoring": {"istio-injection": "enabled"}})
    values = {"monitoring": {"enabled": True, "sso": {"enabled": True}}}
    analysis = analyse(render, render, view("3.22.0", values), "sidecar")
    assert [(f.package, f.kind) for f in analysis.findings if f.kind.startswith("sso")] == [("monitoring", "sso-enforced")]
    unlabelled = UmbrellaRender(packages={"monitoring": package("monitoring")},
                                namespaces={"monitoring": {"istio-injection": "enabled"}})
    analysis = analyse(unlabelled, unlabelled, view("3.22.0", values), "sidecar")
    assert [f.kind for f in analysis.findings if f.kind.startswith("sso")] == ["sso-unenforced"]
