"""Istio AuthorizationPolicies: generated from ingress shorthand (§14.1-14.4) and istio's own (§14.5)."""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol import grammar
from bbvalues.netpol.gotypes import dig, format_value, to_int, truthy
from bbvalues.netpol.metadata import default_labels, release_prefix
from bbvalues.netpol.networkpolicy import Draft

GENERATED = "generated.authorization-policies.bigbang.dev/"
API_VERSION = "security.istio.io/v1"


def generates_from_netpol(values: dict) -> bool:
    """All three switches must be on: `istio.enabled`, `authorizationPolicies.enabled` and `generateFromNetpol`."""
    istio = values.get("istio") or {}
    if not isinstance(istio, dict) or not truthy(istio.get("enabled")):
        return False
    return truthy(dig(istio, "authorizationPolicies", "enabled", default=False)) and truthy(
        dig(istio, "authorizationPolicies", "generateFromNetpol", default=False))


def _operation_ports(port: dict) -> list[str]:
    if truthy(port.get("endPort")):
        start, end = to_int(port.get("port")), to_int(port.get("endPort"))
        step = 1 if end >= start else -1
        expanded = [str(p) for p in range(start, end + step, step)]
        # `seq | split " "` makes a map keyed _0, _1, …; ranging over it sorts those keys as strings
        order = sorted(range(len(expanded)), key=lambda index: f"_{index}")
        return [expanded[index] for index in order]
    return [format_value(port.get("port"))]


def _authz(name: str, namespace: str, labels: dict, annotations: dict, selector: dict, rule: dict) -> dict:
    return {"apiVersion": API_VERSION, "kind": "AuthorizationPolicy",
            "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations},
            "spec": {"selector": selector, "rules": [rule], "action": "ALLOW"}}


def _rule(source: dict, draft: Draft) -> dict:
    """Allow the source, on the ports of the netpol's first rule (HBONE is not added yet at this point)."""
    rule: dict = {"from": [{"source": source}]}
    first = (draft.rules or [{}])[0]
    ports = first.get("ports") if isinstance(first, dict) else None
    if truthy(ports):
        rule["to"] = [{"operation": {"ports": _operation_ports(port)}} for port in ports]
    return rule


def from_k8s_policy(draft: Draft, remote_key: str, namespace: str) -> dict:
    """One policy per source namespace (or identity); the pod is dropped, so `ns/a` and `ns/b` merge."""
    remote = grammar.parse_ingress_k8s(remote_key, ())
    annotations = dict(draft.annotations)
    # the name keeps what precedes the first "-from", even when that is inside the pod name
    prefix = draft.name.split("-from", 1)[0]
    if remote.identity:
        name = f"{prefix}-from-ns-{remote.namespace}-with-identity-{remote.identity}"
        annotations[GENERATED + "from-spiffe"] = remote_key
        annotations[GENERATED + "identity"] = remote.identity
        source = {"principals": [f"cluster.local/ns/{remote.namespace}/sa/{remote.identity}"]}
    else:
        name = f"{prefix}-from-ns-any" if remote.namespace == "*" else f"{prefix}-from-ns-{remote.namespace}"
        annotations[GENERATED + "from-namespace"] = remote_key
        if remote.pod:
            annotations[GENERATED + "pod"] = remote.pod
        source = {"namespaces": [remote.namespace]}
    return _authz(name, namespace, dict(draft.labels), annotations, copy_values(draft.pod_selector),
                  _rule(source, draft))


def from_cidr_policy(draft: Draft, remote_key: str, namespace: str) -> dict:
    """Same name as the NetworkPolicy, source `ipBlocks`."""
    annotations = dict(draft.annotations)
    annotations[GENERATED + "from-cidr"] = remote_key
    annotations[GENERATED + "cidr"] = remote_key
    return _authz(draft.name, namespace, dict(draft.labels), annotations, copy_values(draft.pod_selector),
                  _rule({"ipBlocks": [remote_key]}, draft))


GENERATORS = {"k8s": from_k8s_policy, "cidr": from_cidr_policy}


# --- istio/render.yaml: default, additional and custom AuthorizationPolicies -----------------------

def _switch(primary: dict, fallback: dict, name: str) -> bool:
    """A default's `enabled`, read from istio's defaults when they mention it, else from netpol ingress defaults."""
    source = primary if name in primary else fallback
    return truthy(dig(source, name, "enabled", default=True))


def default_policies(values: dict, release_name: str, namespace: str) -> list[dict]:
    """`default-authz-allow-nothing` and `default-authz-allow-all-in-ns` (prefix from `istio.prependReleaseName`)."""
    authz = dig(values, "istio", "authorizationPolicies", default={}) or {}
    ingress_defaults = dig(values, "networkPolicies", "ingress", "defaults", default={}) or {}
    if "defaults" in authz:
        enabled = truthy(dig(authz, "defaults", "enabled", default=True))
    else:
        enabled = truthy(dig(ingress_defaults, "enabled", default=True))
    if not enabled:
        return []
    authz_defaults = authz.get("defaults") or {}
    prefix = release_prefix(values, release_name, "istio")
    labels = default_labels("authorization-policy")
    policies = []
    if _switch(authz_defaults, ingress_defaults, "denyAll"):
        policies.append({"apiVersion": API_VERSION, "kind": "AuthorizationPolicy",
                         "metadata": {"name": f"{prefix}default-authz-allow-nothing", "namespace": namespace,
                                      "labels": dict(labels)},
                         "spec": {}})
    if _switch(authz_defaults, ingress_defaults, "allowInNamespace"):
        policies.append({"apiVersion": API_VERSION, "kind": "AuthorizationPolicy",
                         "metadata": {"name": f"{prefix}default-authz-allow-all-in-ns", "namespace": namespace,
                                      "labels": dict(labels)},
                         "spec": {"action": "ALLOW", "rules": [{"from": [{"source": {"namespaces": [namespace]}}]}]}})
    return policies


def _configured_policy(name: str, namespace: str, config: dict, labels: dict | None) -> dict:
    """A user-described AuthorizationPolicy: the name, optional labels/annotations, and the spec as given."""
    metadata: dict = {"name": name, "namespace": namespace}
    if labels is not None:
        metadata["labels"] = labels
    for part in ("labels", "annotations") if labels is None else ("annotations",):
        if truthy(config.get(part)):
            metadata[part] = copy_values(config[part])
    return {"apiVersion": API_VERSION, "kind": "AuthorizationPolicy", "metadata": metadata,
            "spec": copy_values(config.get("spec"))}


def additional_policies(values: dict, release_name: str, namespace: str) -> list[dict]:
    """`istio.authorizationPolicies.additionalPolicies` (a map; `additional` is the legacy key)."""
    authz = dig(values, "istio", "authorizationPolicies", default={}) or {}
    configured = authz.get("additionalPolicies") or authz.get("additional") or {}
    prefix = release_prefix(values, release_name, "istio")
    policies = []
    for key in sorted(configured):
        config = configured[key] if isinstance(configured[key], dict) else {}
        if truthy(dig(config, "enabled", default=True)):
            # sprig merge: bb-common's source label wins over a user label of the same key
            labels = {**(config.get("labels") or {}), "authorization-policies.bigbang.dev/source": "bb-common"}
            policies.append(_configured_policy(prefix + str(config.get("name") or key), namespace, config, labels))
    return policies


def custom_policies(values: dict, release_name: str, namespace: str) -> list[dict]:
    """`istio.authorizationPolicies.custom`: a list of named policies, rendered as given."""
    prefix = release_prefix(values, release_name, "istio")
    return [_configured_policy(prefix + str(config.get("name")), namespace, config, None)
            for config in dig(values, "istio", "authorizationPolicies", "custom", default=[]) or []
            if isinstance(config, dict)]
