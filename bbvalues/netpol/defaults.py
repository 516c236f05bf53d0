"""Default NetworkPolicies and their `-as-hook` copies (§11).

Each default is on unless its own `enabled` is false; `<direction>.defaults.enabled: false` turns
the whole block off. `istio.ambient.enabled` adds the ambient kubelet allowance (ztunnel health
probes arrive from 169.254.7.127).
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol.gotypes import dig, format_value, merge, truthy
from bbvalues.netpol.metadata import default_labels, release_prefix
from bbvalues.netpol.networkpolicy import NAMESPACE_LABEL

AMBIENT_KUBELET_CIDR = "169.254.7.127/32"
HOOK_DEFAULTS = {"hooks": ["pre-install", "pre-upgrade", "post-delete"], "weight": -5,
                 "deletePolicies": ["hook-succeeded", "before-hook-creation"]}


def _namespace_peer(namespace: str) -> dict:
    return {"namespaceSelector": {"matchLabels": {NAMESPACE_LABEL: namespace}}}


def _pods_peer(namespace: str, labels: dict) -> dict:
    return {**_namespace_peer(namespace), "podSelector": {"matchLabels": labels}}


def _catalogue(direction: str, namespace: str) -> list[tuple[str | None, str, list | None]]:
    """(switch under `<direction>.defaults`, name, rules) in bb-common's order; None rules = deny all."""
    if direction == "egress":
        return [
            ("denyAll", "default-egress-deny-all", None),
            ("allowInNamespace", "default-egress-allow-all-in-ns", [{"to": [_namespace_peer(namespace)]}]),
            ("allowKubeDns", "default-egress-allow-kube-dns",
             [{"to": [_pods_peer("kube-system", {"k8s-app": "kube-dns"})],
               "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]),
            ("allowIstiod", "default-egress-allow-istiod",
             [{"to": [_pods_peer("istio-system", {"app": "istiod"})], "ports": [{"port": 15012, "protocol": "TCP"}]}]),
        ]
    return [
        ("denyAll", "default-ingress-deny-all", None),
        ("allowInNamespace", "default-ingress-allow-all-in-ns", [{"from": [_namespace_peer(namespace)]}]),
        ("allowPrometheusToIstioSidecar", "default-ingress-allow-prometheus-to-istio-sidecar",
         [{"from": [_pods_peer("monitoring", {"app.kubernetes.io/name": "prometheus"})],
           "ports": [{"port": 15020, "protocol": "TCP"}]}]),
        (None, "default-ingress-allow-ambient-kubelet", [{"from": [{"ipBlock": {"cidr": AMBIENT_KUBELET_CIDR}}]}]),
    ]


def _wanted(switch: str | None, configured: dict, values: dict) -> bool:
    if switch is None:
        return truthy(dig(values.get("istio") or {}, "ambient", "enabled", default=False))
    return truthy(dig(configured, switch, "enabled", default=True))


def default_policies(values: dict, direction: str, release_name: str, namespace: str) -> list[dict]:
    """The enabled defaults of one direction, then (if asked) their hook copies."""
    network_policies = values.get("networkPolicies") or {}
    if not truthy(dig(network_policies, direction, "defaults", "enabled", default=True)):
        return []
    configured = dig(network_policies, direction, "defaults", default={}) or {}
    prefix = release_prefix(values, release_name, "networkPolicies")
    policies = []
    for switch, name, rules in _catalogue(direction, namespace):
        if not _wanted(switch, configured, values):
            continue
        spec: dict = {"podSelector": {}, "policyTypes": [direction.title()]}
        if rules is not None:
            spec[direction] = rules
        policies.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                         "metadata": {"name": prefix + name, "namespace": namespace, "labels": default_labels(direction)},
                         "spec": spec})
    return policies + hook_copies(policies, network_policies)


def hook_copies(resources: list[dict], network_policies: dict) -> list[dict]:
    """With `defaultsAsHooks.enabled`, a `<name>-as-hook` copy of each default carrying helm hook annotations."""
    settings = network_policies.get("defaultsAsHooks") or {}
    if not isinstance(settings, dict) or not truthy(settings.get("enabled")):
        return []
    hooks = dig(settings, "hooks", default=HOOK_DEFAULTS["hooks"]) or []
    weight = dig(settings, "weight", default=HOOK_DEFAULTS["weight"])
    policies = dig(settings, "deletePolicies", default=HOOK_DEFAULTS["deletePolicies"]) or []
    annotations = {"helm.sh/hook": ",".join(format_value(h) for h in hooks),
                   "helm.sh/hook-weight": format_value(weight),
                   "helm.sh/hook-delete-policy": ",".join(format_value(p) for p in policies)}
    copies = []
    for resource in resources:
        name = str(dig(resource, "metadata", "name", default=""))
        hook = {"metadata": {"annotations": dict(annotations), "name": f"{name}-as-hook"}}
        copies.append(merge(hook, copy_values(resource)))
    return copies
