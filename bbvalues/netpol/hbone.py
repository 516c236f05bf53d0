"""HBONE (15008/TCP) injection (§13).

In ambient mode ztunnel tunnels pod traffic over HBONE on 15008, so a rule that names ports must
also allow 15008 or the tunnelled connection is dropped. Rules without ports already allow every
port, and ipBlock-only rules do not reach mesh pods, so both are left alone.
"""

from __future__ import annotations

from bbvalues.netpol.gotypes import merge, to_int, truthy
from bbvalues.netpol.metadata import HBONE_LABEL

HBONE_PORT = 15008
PEER_KEYS = {"ingress": "from", "egress": "to"}


def _has_selector_peer(rule: dict, direction: str) -> bool:
    peers = rule.get(PEER_KEYS[direction]) or []
    return any(isinstance(peer, dict) and ("namespaceSelector" in peer or "podSelector" in peer) for peer in peers)


def _has_hbone(ports: list) -> bool:
    return any(isinstance(port, dict) and to_int(port.get("port")) == HBONE_PORT and port.get("protocol") == "TCP"
               for port in ports)


def inject_hbone_ports(policies: list, direction: str) -> list:
    """Append 15008/TCP to every qualifying rule, in place, and label the policies that changed."""
    for policy in policies:
        rules = (policy.get("spec") or {}).get(direction) if isinstance(policy, dict) else None
        if not truthy(rules) or not isinstance(rules, list):
            continue
        for rule in rules:
            if not isinstance(rule, dict) or not truthy(rule.get("ports")):
                continue
            if not _has_selector_peer(rule, direction) or _has_hbone(rule["ports"]):
                continue
            rule["ports"] = [*rule["ports"], {"port": HBONE_PORT, "protocol": "TCP"}]
            merge(policy, {"metadata": {"labels": {HBONE_LABEL: "true"}}})
    return policies
