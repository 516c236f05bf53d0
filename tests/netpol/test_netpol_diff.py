"""diff_policies: a reviewer's view of what changed between two renders."""

from __future__ import annotations

import json

from bbvalues.netpol import expand
from bbvalues.netpol.diff import diff_policies, summarise
from bbvalues.report.netpol_diff_json import render_netpol_diff_json as render_json
from bbvalues.report.netpol_diff_markdown import render_netpol_diff_markdown as render_markdown
from bbvalues.report.netpol_diff_text import render_netpol_diff_text as render_text

BASE = {"networkPolicies": {"enabled": True, "egress": {"defaults": {"enabled": False}},
                            "ingress": {"defaults": {"enabled": False},
                                        "to": {"web:8080": {"from": {"k8s": {"sa@client-ns/client": True}}}}}},
        "istio": {"enabled": True, "authorizationPolicies": {"enabled": True, "generateFromNetpol": True,
                                                             "defaults": {"enabled": False}}}}


def _with(**ingress_to) -> dict:
    values = json.loads(json.dumps(BASE))
    values["networkPolicies"]["ingress"]["to"] = ingress_to
    return values


def test_summary_reads_like_the_policy() -> None:
    netpol, authz = expand(BASE, namespace="ns")
    assert summarise(netpol) == summarise(netpol).__class__(
        "NetworkPolicy", "ns", "allow-ingress-to-web-tcp-port-8080-from-ns-client-ns-pod-client", "ingress",
        "app.kubernetes.io/name=web", ("ns client-ns / client",), ("8080/TCP",))
    assert summarise(authz).peers == ("principal cluster.local/ns/client-ns/sa/sa",)
    assert summarise(authz).ports == ("8080",) and summarise(authz).action == "ALLOW"


def test_identical_renders_have_no_changes() -> None:
    diff = diff_policies(expand(BASE), expand(BASE))
    assert not diff.has_changes and diff.unchanged == 2
    assert render_text(diff) == "no policy changes (2 unchanged)\n"


def test_port_change_renames_so_it_is_a_removal_and_an_addition() -> None:
    diff = diff_policies(expand(BASE), expand(_with(**{"web:8443": {"from": {"k8s": {"sa@client-ns/client": True}}}})))
    assert [s.name for s in diff.added] == ["allow-ingress-to-web-tcp-port-8443-from-ns-client-ns-with-identity-sa",
                                            "allow-ingress-to-web-tcp-port-8443-from-ns-client-ns-pod-client"]
    assert len(diff.removed) == 2 and diff.changed == []


def test_selector_and_metadata_changes_are_named() -> None:
    pods = _with(**{"web:8080": {"podSelector": {"matchLabels": {"app": "web2"}},
                                 "from": {"k8s": {"sa@client-ns/client": True}}}})
    diff = diff_policies(expand(BASE), expand(pods))
    assert {change.aspects for change in diff.changed} == {("pods",)}
    labelled = _with(**{"web:8080": {"metadata": {"labels": {"team": "a"}}, "from": {"k8s": {"sa@client-ns/client": True}}}})
    assert {change.aspects for change in diff_policies(expand(BASE), expand(labelled)).changed} == {("metadata",)}
    markdown = render_markdown(diff)
    assert "app.kubernetes.io/name=web → app=web2" in markdown
    assert json.loads(render_json(diff))["changed"][0]["aspects"] == ["pods"]
