"""Lint never crashes: any shape of values under the keys the checks read yields findings or a refusal
naming the wrong-typed key, never a traceback."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import InputSet, ValuesSource
from bbvalues.documents.yamltree import ParsedDocument
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import set_path
from bbvalues.lint import run_lint
from bbvalues.lint.finding import SEVERITIES

# The places the checks look, with hostile shapes: wrong types, nulls, empty maps and lists.
PATHS = [
    ("istio", "ambient", "enabled"), ("ztunnel", "enabled"), ("istioCNI", "enabled"),
    ("addons", "authservice", "values", "waypoint", "enabled"), ("addons", "authservice", "values", "selector"),
    ("monitoring", "sso", "enabled"), ("monitoring", "enabled"), ("addons", "thanos", "sso", "enabled"),
    ("istioGateway", "values", "gateways"), ("istioGateway", "values", "gateways", "public", "upstream", "labels"),
    ("istioGateway", "values", "shared", "upstream", "labels"),
    ("monitoring", "values", "upstream", "prometheus", "service", "labels"),
    ("monitoring", "values", "istio", "authorizationPolicies", "custom"),
    ("monitoring", "values", "istio", "authorizationPolicies", "additionalPolicies"),
    ("monitoring", "values", "istio", "mtls", "mode"), ("monitoring", "values", "networkPolicies"),
    ("grafana", "values", "podLabels"), ("loki", "values", "hostNetwork"), ("packages",),
    ("packageConfiguration", "version"),
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 20000), st.text(max_size=12),
                    st.sampled_from(["keycloak", "none", "PERMISSIVE", "v1", "Service", "cluster.local/ns/a/sa/b"]))
keys = st.sampled_from(["spec", "selector", "matchLabels", "targetRefs", "rules", "to", "from", "operation", "paths",
                        "source", "principals", "kind", "group", "name", "enabled", "labels", "protect", "public",
                        "hbonePortInjection", "additionalPolicies", "ingress", "ports", "port", "hostNetwork",
                        "istio.io/use-waypoint", "app.kubernetes.io/name", "key", "value", "x"])
trees = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), trees), max_size=6),
       st.sampled_from([release.min for release in release_table().releases]))
def test_lint_never_crashes(assignments, version):
    values: dict = {}
    for path, value in assignments:
        try:
            set_path(values, path, value)
        except (AttributeError, TypeError):
            continue
    inputs = InputSet(sources=[ValuesSource(file="generated.yaml", text="", document=ParsedDocument(None, values))])
    try:
        findings = run_lint(inputs, select_release(".".join(map(str, version))))
    except BBValuesError as refusal:  # a wrong type where the umbrella is read (bigbang.shape): refused, not a crash
        assert re.match(r"`[^`]+` must be ", refusal.message) and refusal.hint
        return
    for finding in findings:
        assert finding.severity in SEVERITIES and finding.line >= 1 and finding.message and finding.fix
