"""NetworkPolicies towards waypoint-enrolled workloads without the HBONE port in ambient mode.

Traffic that a waypoint forwards reaches the workload over HBONE, TCP port 15008. bb-common adds
that port to the generated policies when `networkPolicies.hbonePortInjection.enabled` (Big Bang
sets it from ambient), but never to `networkPolicies.additionalPolicies`. In ambient mode a
policy towards prometheus, alertmanager or the thanos query-frontend (the Services Big Bang
enrolls on a waypoint) that opens only the application port drops the waypoint's traffic.

FAIL (ambient): `monitoring.values.networkPolicies.hbonePortInjection.enabled: false`, or

    monitoring:
      values:
        networkPolicies:
          additionalPolicies:
            - name: allow-grafana-to-prometheus
              spec:
                podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
                ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: grafana}}}]
                    ports: [{port: 9090, protocol: TCP}]

PASS: leave hbonePortInjection to Big Bang and add `{port: 15008, protocol: TCP}` to such rules.
"""

from __future__ import annotations

from bbvalues.bigbang.packages import locate_package
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding
from bbvalues.bigbang.packages import package_blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "netpol-missing-hbone"
SEVERITY = WARNING
TITLE = "NetworkPolicy to waypoint-enrolled workloads without HBONE in ambient"
HBONE_PORT = 15008
INJECTION = ("values", "networkPolicies", "hbonePortInjection", "enabled")
ADDITIONAL_KEYS = ("additionalPolicies", "additional")


def check(context: LintContext) -> Iterator[Finding]:
    if not context.view.ambient:
        return
    enrolled = {enrollment.package for enrollment in context.view.active_enrollments()}
    namespaces = {locate_package(context.values, name).namespace for name in enrolled
                  if locate_package(context.values, name)}
    for block in package_blocks(context.values):
        path = block.path + INJECTION
        if get_path(context.values, path) is False and (block.name in enrolled or _targets(block, namespaces)):
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"{dotted_path(path)} is false in ambient: {block.name}'s generated policies lose "
                             f"port {HBONE_PORT}, so traffic to or from waypoint-enrolled workloads is dropped",
                             "delete the key and let Big Bang set it from ambient")
        if block.name in enrolled:
            yield from _additional_without_hbone(context, block)


def _targets(block, namespaces: set[str]) -> bool:
    """The package's egress shorthand reaches a namespace whose Services sit behind a waypoint."""
    egress = get_path(block.values, ("networkPolicies", "egress", "from"))
    for local in (egress or {}).values() if isinstance(egress, dict) else ():
        remotes = get_path(local, ("to", "k8s")) if isinstance(local, dict) else None
        if isinstance(remotes, dict) and any(str(key).split("/")[0] in namespaces for key in remotes):
            return True
    return False


def _additional_without_hbone(context: LintContext, block) -> Iterator[Finding]:
    for key in ADDITIONAL_KEYS:
        base = block.path + ("values", "networkPolicies", key)
        policies = get_path(context.values, base)
        for index, policy in enumerate(policies if isinstance(policies, list) else []):
            spec = policy.get("spec") if isinstance(policy, dict) else None
            rules = spec.get("ingress") if isinstance(spec, dict) else None
            for rule_index, rule in enumerate(rules if isinstance(rules, list) else []):
                if _needs_hbone(rule):
                    path = base + (index, "spec", "ingress", rule_index, "ports")
                    yield Finding.at(context.locate(path), ID, SEVERITY,
                                     f"NetworkPolicy {policy.get('name', index)} ({block.name}) opens only "
                                     f"application ports to a workload Big Bang enrolls on a waypoint; "
                                     f"additionalPolicies get no HBONE injection, so waypoint traffic on "
                                     f"{HBONE_PORT} is dropped",
                                     f"add {{port: {HBONE_PORT}, protocol: TCP}} to the rule's ports")


def _needs_hbone(rule) -> bool:
    """bb-common's own test: a rule with ports and a pod/namespace peer, without 15008/TCP."""
    if not isinstance(rule, dict):
        return False
    ports = rule.get("ports")
    peers = rule.get("from")
    if not isinstance(ports, list) or not ports or not isinstance(peers, list):
        return False
    if not any(isinstance(peer, dict) and ("podSelector" in peer or "namespaceSelector" in peer) for peer in peers):
        return False
    return not any(isinstance(port, dict) and str(port.get("port")) == str(HBONE_PORT)
                   and port.get("protocol", "TCP") == "TCP" for port in ports)
