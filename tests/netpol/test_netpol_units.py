"""The building blocks, one behaviour each, with bb-common's quirks spelled out."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bbvalues.netpol import NetpolError, dump_manifests, expand
from bbvalues.netpol import goyaml
from bbvalues.netpol.cidr import contains
from bbvalues.netpol.dedupe import content_key, dedupe
from bbvalues.netpol.gotypes import format_float, merge, sprig_int
from bbvalues.netpol.grammar import PortSpec, name_ports, parse_egress_cidr, parse_egress_k8s, parse_ingress_local, parse_ports
from bbvalues.netpol.templating import ChartContext, render_text


@pytest.mark.parametrize("spec, ports", [
    ("80", (80,)), ("[80,443]", (80, 443)), ("80,443", (80, 443)), ("[80", (80,)), ("443]", (443,)),
    ("[443,80,80]", (443, 80, 80)), ("8000-8003", (8000, 8001, 8002, 8003)), ("8080-8080", (8080,)),
    ("9000-8990", tuple(range(9000, 8991, -1))[:9]), ("9000-8999", ()), ("010", (8,)), ("0443", (291,)), ("080", (0,)),
])
def test_port_specs_parse_like_sprig(spec: str, ports: tuple) -> None:
    assert parse_ports(spec) == ports


@pytest.mark.parametrize("entries, is_range, name", [
    ([], False, "any-port"), ([{"port": 80}], False, "port-80"), ([{"port": 80}, {"port": 443}], False, "ports-80-443"),
    ([{"port": 8080, "endPort": 8090}], True, "ports-8080-thru-8090"), ([{"port": 1234567}], False, "port-1.234567e+06"),
])
def test_port_names(entries: list, is_range: bool, name: str) -> None:
    assert name_ports(entries, is_range) == name


def test_local_and_remote_keys() -> None:
    local = parse_ingress_local("udp://syslog:514", ())
    assert (local.pod, local.ports) == ("syslog", PortSpec("UDP", (514,), False))
    remote = parse_egress_k8s("tcp://monitoring/prometheus:9090-9092", ())
    assert (remote.namespace, remote.pod, remote.ports.entries()) == (
        "monitoring", "prometheus", [{"port": 9090, "endPort": 9092, "protocol": "TCP"}])
    assert parse_egress_cidr("10.0.0.0/8:80-81", ()).ports.entries() == [
        {"port": 80, "protocol": "TCP"}, {"port": 81, "protocol": "TCP"}]


@pytest.mark.parametrize("key", ["*", "app.x", "app:http", "ａpp", "app:80\n"])
def test_ingress_local_key_rejections_use_bb_common_text(key: str) -> None:
    with pytest.raises(NetpolError, match="(?s)^Ingress local key '.*' does not comply with expected format: "
                                          r"\[<udp\|tcp>://\]<pod-name>"):
        parse_ingress_local(key, ("networkPolicies", "ingress", "to", key))


def test_go_number_and_conversion_semantics() -> None:
    assert [format_float(v) for v in (80.0, 123456.0, 1e6, 0.5)] == ["80", "123456", "1e+06", "0.5"]
    assert [sprig_int(t) for t in ("010", "08", "99999999999999999999", "7")] == [8, 0, 0, 7]
    assert merge({"a": "", "b": "x", "c": {"d": 1}}, {"a": "filled", "b": "ignored", "c": {"e": 2}}) == {
        "a": "filled", "b": "x", "c": {"d": 1, "e": 2}}


@pytest.mark.parametrize("outer, inner, inside", [
    ("0.0.0.0/0", "169.254.169.254/32", True), ("10.1.2.3/8", "10.0.8.4/32", True),
    ("10.0.0.0/16", "10.1.0.0/24", False), ("10.0.0.0/24", "10.0.0.0/16", False),
])
def test_cidr_containment(outer: str, inner: str, inside: bool) -> None:
    assert contains(outer, inner) is inside


@pytest.mark.parametrize("text, written", [
    ("plain", "plain"), ("true", '"true"'), ("8080", '"8080"'), ("*", "'*'"), ("a: b", "'a: b'"), ("", '""'),
    ("{{ x }}", "'{{ x }}'"), ("10:30", '"10:30"'), ("2024-01-01", '"2024-01-01"'), ("app.kubernetes.io/name", "app.kubernetes.io/name"),
    ("a:", "'a:'"), ("a #b", "'a #b'"), ("a#b", "a#b"), ("a:b", "a:b"), (":a", ":a"), ("- a", "'- a'"), ("-a", "-a"),
    ("tab\there", '"tab\\there"'), ("bell\x07", '"bell\\x07"'),
])
def test_go_yaml_quotes_strings_like_helm(text: str, written: str) -> None:
    assert goyaml.to_yaml({"k": text}) == f"k: {written}"


def test_go_yaml_orders_keys_like_go_yaml_each_time() -> None:
    for _ in range(2):  # the second time from the cache of key orders
        assert goyaml.to_yaml({"b10": 1, "b9": 2, "a": 3, "B": 4, "_x": 5}) == "_x: 5\nB: 4\na: 3\nb9: 2\nb10: 1"
        assert goyaml.to_yaml({"a": 3, "B": 4, "b9": 2, "_x": 5, "b10": 1}) == "_x: 5\nB: 4\na: 3\nb9: 2\nb10: 1"


def test_go_yaml_layout() -> None:
    data = {"b": [{"from": [{"podSelector": {"matchLabels": {"a": "b"}}}], "ports": [{"port": 1}]}], "a": {}, "c": "x\ny"}
    assert goyaml.to_yaml(data) == (
        "a: {}\nb:\n- from:\n  - podSelector:\n      matchLabels:\n        a: b\n  ports:\n  - port: 1\nc: |-\n  x\n  y")


def test_templates_in_keys() -> None:
    context = ChartContext("Rel", "ns-x", {"a": {"b": 5, "c": "text"}})
    assert render_text("{{ .Release.Namespace }}/{{ .Release.Name }}-{{ .Values.a.b }}-{{ .Values.a.c }}", context) == \
        "ns-x/Rel-5-text"
    assert render_text("{{ .Values.missing.key }}x", context) == "x"
    with pytest.raises(NetpolError, match="not supported"):
        render_text("{{ include \"x\" . }}", context)
    with pytest.raises(NetpolError, match="unclosed action"):
        render_text("{{ .Release.Namespace /pod", context)


def test_dedupe_drops_same_content_and_numbers_different_content() -> None:
    def policy(name: str, port: int, label: str) -> dict:
        return {"kind": "NetworkPolicy", "metadata": {"name": name, "labels": {"l": label}}, "spec": {"port": port}}
    kept = dedupe([policy("a", 1, "x"), policy("a", 1.0, "y"), policy("b", 1, "x"), policy("b", 2, "x"),
                   policy("b", 1, "z"), policy("c", 1, "x")])
    assert [(p["metadata"]["name"], p["metadata"]["labels"]["l"]) for p in kept] == [
        ("a", "x"), ("b-deduped-0", "x"), ("b-deduped-1", "x"), ("c", "x")]
    assert kept[1]["metadata"]["annotations"] == {"generated.bigbang.dev/deduplicated": "true"}


def _as_helm_compares(value):
    """JSON text with sorted keys, every number a float64 as Helm holds it: what makes two contents the same."""
    def numbers_as_floats(item):
        if isinstance(item, dict):
            return {str(key): numbers_as_floats(value) for key, value in item.items()}
        if isinstance(item, list):
            return [numbers_as_floats(value) for value in item]
        return float(item) if type(item) in (int, float) else item
    return json.dumps(numbers_as_floats(value), sort_keys=True)


_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5, -1.0]),
                    st.sampled_from(["", "1", "true", "a", "null", "1.0"]))
_CONTENTS = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "1", "true"]), inner, max_size=3)),
    max_leaves=8)


@given(_CONTENTS, _CONTENTS)
def test_two_contents_have_one_key_where_helm_sees_the_same_content(first, second):
    def resource(spec):
        return {"kind": "NetworkPolicy", "metadata": {"name": "a"}, "spec": spec}
    same = _as_helm_compares(first) == _as_helm_compares(second)
    assert (content_key(resource(first)) == content_key(resource(second))) == same


def _names(values: dict, **kwargs) -> list[str]:
    return sorted(d["metadata"]["name"] for d in expand(values, **kwargs))


def test_nothing_without_network_policies_enabled() -> None:
    assert expand({"networkPolicies": {"ingress": {"to": {"*": {}}}}}) == []


def test_defaults_follow_their_switches_and_hooks() -> None:
    values = {"networkPolicies": {"enabled": True, "prependReleaseName": True,
                                  "defaultsAsHooks": {"enabled": True, "weight": 3},
                                  "egress": {"defaults": {"enabled": False}},
                                  "ingress": {"defaults": {"allowInNamespace": {"enabled": False},
                                                           "allowPrometheusToIstioSidecar": {"enabled": False}}}}}
    docs = expand(values, release_name="MyRel")
    assert [d["metadata"]["name"] for d in docs] == ["myrel-default-ingress-deny-all", "myrel-default-ingress-deny-all-as-hook"]
    assert docs[1]["metadata"]["annotations"] == {"helm.sh/hook": "pre-install,pre-upgrade,post-delete",
                                                  "helm.sh/hook-weight": "3",
                                                  "helm.sh/hook-delete-policy": "hook-succeeded,before-hook-creation"}


def test_authz_port_ranges_expand_in_go_map_key_order() -> None:
    values = {"istio": {"enabled": True, "authorizationPolicies": {"enabled": True, "generateFromNetpol": True}},
              "networkPolicies": {"enabled": True, "egress": {"defaults": {"enabled": False}},
                                  "ingress": {"defaults": {"enabled": False},
                                              "to": {"app:8000-8011": {"from": {"k8s": {"ns": True}}}}}}}
    authz = [d for d in expand(values, namespace="n") if d["kind"] == "AuthorizationPolicy"
             and not d["metadata"]["name"].startswith("default")]
    ports = authz[0]["spec"]["rules"][0]["to"][0]["operation"]["ports"]
    assert ports[:4] == ["8000", "8001", "8010", "8011"] and len(ports) == 12


def test_first_failure_wins_egress_before_ingress() -> None:
    values = {"networkPolicies": {"enabled": True,
                                  "ingress": {"to": {"*": {}}},
                                  "egress": {"from": {"app": {"to": {"k8s": {"bad_ns": True, "ok": {"enabled": False}}}}}}}}
    with pytest.raises(NetpolError) as error:
        expand(values)
    assert error.value.message.startswith("Egress k8s key 'bad_ns'")
    assert error.value.path == ("networkPolicies", "egress", "from", "app", "to", "k8s", "bad_ns")


def test_disabled_remotes_are_never_validated() -> None:
    values = {"networkPolicies": {"enabled": True, "egress": {"defaults": {"enabled": False}},
                                  "ingress": {"defaults": {"enabled": False},
                                              "to": {"app": {"from": {"k8s": {"bad key!": False}}}}}}}
    assert expand(values) == []


def test_error_path_points_at_the_key_as_written_before_templating() -> None:
    values = {"networkPolicies": {"enabled": True, "egress": {"from": {"app": {"to": {"k8s": {
        "{{ .Release.Namespace }}_x": True}}}}}}}
    with pytest.raises(NetpolError) as error:
        expand(values, namespace="ns")
    assert "Egress k8s key 'ns_x'" in error.value.message
    assert error.value.path[-1] == "{{ .Release.Namespace }}_x"


def test_schema_violations_are_all_reported_and_located() -> None:
    values = {"networkPolicies": {"enabled": "yes", "ingress": {"defaults": {"allowEverything": {}}}},
              "istio": {"authorizationPolicies": {"generateFromNetPol": True}}}
    with pytest.raises(NetpolError) as error:
        expand(values)
    assert error.value.layer == "schema" and error.value.path == ("networkPolicies", "enabled")
    message = error.value.message
    assert "- at '/networkPolicies/enabled': got string, want boolean" in message
    assert "additional properties 'allowEverything' not allowed" in message
    assert "'generateFromNetPol'" in message


def test_istio_custom_and_additional_authorization_policies() -> None:
    values = {"istio": {"enabled": True, "prependReleaseName": True, "authorizationPolicies": {
        "enabled": True, "defaults": {"enabled": False},
        "additionalPolicies": {"allow-x": {"spec": {"action": "ALLOW"}, "labels": {"team": "a"}},
                               "off": {"enabled": False, "spec": {}}},
        "custom": [{"name": "c", "spec": {"action": "DENY"}}]}}}
    docs = expand(values, release_name="r", namespace="n")
    assert [(d["metadata"]["name"], d["spec"]) for d in docs] == [("r-allow-x", {"action": "ALLOW"}),
                                                                   ("r-c", {"action": "DENY"})]
    assert docs[0]["metadata"]["labels"] == {"team": "a", "authorization-policies.bigbang.dev/source": "bb-common"}


def test_dump_manifests_is_a_yaml_stream() -> None:
    text = dump_manifests([{"kind": "A", "metadata": {"name": "x"}}, {"kind": "B"}])
    assert text == "---\nkind: A\nmetadata:\n  name: x\n---\nkind: B\n"


def test_nulls_on_chart_defaulted_keys_are_coalesced_away_like_helm() -> None:
    assert expand({"istio": None, "networkPolicies": {"enabled": None}}) == []
    with pytest.raises(NetpolError, match="got null, want boolean or object"):
        expand({"networkPolicies": {"enabled": True, "egress": {"from": {"app": {"to": {"k8s": {"ns": None}}}}}}})


def test_an_unknown_key_is_located_at_itself() -> None:
    with pytest.raises(NetpolError) as error:
        expand({"networkPolicies": {"ingress": {"defaults": {"allowEverything": {"enabled": True}}}}})
    assert "- at '/networkPolicies/ingress/defaults': additional properties 'allowEverything' not allowed" in \
        error.value.message
    assert error.value.path == ("networkPolicies", "ingress", "defaults", "allowEverything")
