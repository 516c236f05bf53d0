"""Random valid shorthand never crashes the expansion, never yields two policies with one name, and
leaves the caller's values untouched."""

from __future__ import annotations

import copy
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bbvalues.netpol import dump_manifests, expand
from bbvalues.netpol.normalise import parse_stream

NAME = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?", fullmatch=True)
PORT = st.integers(min_value=0, max_value=65535)
PROTOCOL = st.sampled_from(["", "tcp://", "udp://"])


@st.composite
def port_spec(draw) -> str:
    kind = draw(st.sampled_from(["none", "one", "list", "range", "octal"]))
    if kind == "none":
        return ""
    if kind == "one":
        return f":{draw(PORT)}"
    if kind == "list":
        return ":[" + ",".join(str(p) for p in draw(st.lists(PORT, min_size=1, max_size=4))) + "]"
    if kind == "octal":
        return f":0{draw(st.integers(min_value=0, max_value=777))}"
    start = draw(st.integers(min_value=1, max_value=65500))
    return f":{start}-{max(0, start + draw(st.integers(min_value=-12, max_value=12)))}"


CIDR = st.builds(lambda a, b, m: f"{a}.{b}.0.0/{m}", st.integers(0, 255), st.integers(0, 255), st.integers(0, 32))
SELECTOR = st.fixed_dictionaries({"matchLabels": st.dictionaries(NAME, NAME, min_size=1, max_size=2)})
METADATA = st.fixed_dictionaries({}, optional={"labels": st.dictionaries(NAME, NAME, max_size=2),
                                               "annotations": st.dictionaries(NAME, NAME, max_size=2)})


def remote_value(selectors: bool):
    optional = {"enabled": st.booleans(), "metadata": METADATA}
    if selectors:
        optional |= {"podSelector": SELECTOR, "namespaceSelector": SELECTOR}
    return st.one_of(st.booleans(), st.fixed_dictionaries({}, optional=optional))


NS_POD = st.builds(lambda ns, pod: ns + pod, st.one_of(NAME, st.just("*")),
                   st.one_of(st.just(""), st.just("/*"), NAME.map(lambda p: f"/{p}")))
LITERAL = st.fixed_dictionaries({"spec": st.lists(st.fixed_dictionaries(
    {"ports": st.lists(st.fixed_dictionaries({"port": PORT, "protocol": st.just("TCP")}), max_size=2)},
    optional={"from": st.just([{"podSelector": {}}]), "to": st.just([{"ipBlock": {"cidr": "10.0.0.0/8"}}])}),
    max_size=2)})


def remotes(k8s_key, cidr_key, definitions):
    return st.fixed_dictionaries({}, optional={
        "k8s": st.dictionaries(k8s_key, remote_value(True), max_size=3),
        "cidr": st.dictionaries(cidr_key, remote_value(False), max_size=2),
        "definition": st.dictionaries(st.sampled_from(definitions), remote_value(False), max_size=2),
        "literal": st.dictionaries(NAME, LITERAL, max_size=1),
    })


EGRESS = st.dictionaries(
    st.one_of(NAME, st.just("*")),
    st.fixed_dictionaries({"to": remotes(st.builds(str.__add__, PROTOCOL, st.builds(str.__add__, NS_POD, port_spec())),
                                             st.builds(lambda p, c, s: p + c + s, PROTOCOL, CIDR, port_spec()),
                                             ["kubeAPI", "db"])},
                          optional={"podSelector": SELECTOR, "metadata": METADATA}),
    max_size=3)
INGRESS = st.dictionaries(
    st.builds(lambda p, n, s: p + n + s, PROTOCOL, NAME, port_spec()),
    st.fixed_dictionaries({"from": remotes(st.builds(lambda i, k: i + k, st.one_of(st.just(""), NAME.map(lambda s: s + "@")),
                                                     NS_POD), CIDR, ["gateway", "monitoring", "metrics"])},
                          optional={"podSelector": SELECTOR, "metadata": METADATA}),
    max_size=3)

USER_DEFINITIONS = {
    "egress": {"db": {"to": [{"ipBlock": {"cidr": "192.168.0.0/16"}}], "ports": [{"port": 5432, "protocol": "TCP"}]}},
    "ingress": {"metrics": {"from": [{"namespaceSelector": {"matchLabels": {"purpose": "metrics"}}}],
                            "ports": [{"port": 9100, "protocol": "TCP"}]}},
}
VALUES = st.fixed_dictionaries({
    "networkPolicies": st.fixed_dictionaries(
        {"enabled": st.just(True),
         "ingress": st.fixed_dictionaries({"to": INGRESS, "definitions": st.just(USER_DEFINITIONS["ingress"])}),
         "egress": st.fixed_dictionaries({"from": EGRESS, "definitions": st.just(USER_DEFINITIONS["egress"])},
                                         optional={"excludeCIDRs": st.lists(CIDR, max_size=3)})},
        optional={"hbonePortInjection": st.fixed_dictionaries({"enabled": st.booleans()}),
                  "prependReleaseName": st.booleans(),
                  "defaultsAsHooks": st.fixed_dictionaries({"enabled": st.booleans()})}),
    "istio": st.fixed_dictionaries({"enabled": st.booleans(), "ambient": st.fixed_dictionaries({"enabled": st.booleans()}),
                                    "authorizationPolicies": st.fixed_dictionaries(
                                        {"enabled": st.booleans(), "generateFromNetpol": st.booleans()})}),
})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=VALUES, release=NAME, namespace=NAME)
def test_random_valid_shorthand_expands_without_duplicate_names(values: dict, release: str, namespace: str) -> None:
    original = copy.deepcopy(values)
    documents = expand(values, release_name=release, namespace=namespace)
    assert values == original, "expand must not modify the caller's values"
    names = Counter((doc["kind"], doc["metadata"]["name"]) for doc in documents)
    assert [name for name, count in names.items() if count > 1] == []
    assert all(doc["metadata"]["namespace"] == namespace for doc in documents)
    # what we print parses back to what we rendered
    assert parse_stream(dump_manifests(documents)) == documents


# characters that decide how YAML must quote a string: indicators, breaks, blanks, lookalikes of other types
TRICKY_TEXT = st.text(alphabet=st.sampled_from(list(" \n\t:#-?'\"{}[],&*!|>%@`~.0123456789abyesnoTrueNULL\x85\u2028\r")),
                      max_size=10)


@settings(max_examples=400, deadline=None)
@given(data=st.dictionaries(TRICKY_TEXT, st.one_of(TRICKY_TEXT, st.integers(), st.booleans(), st.none(),
                                                   st.lists(TRICKY_TEXT, max_size=2)), max_size=4))
def test_written_yaml_reads_back_as_the_same_data(data: dict) -> None:
    documents = [{"metadata": {"annotations": data}}, {"spec": [data, [data]]}]
    assert parse_stream(dump_manifests(documents)) == documents
