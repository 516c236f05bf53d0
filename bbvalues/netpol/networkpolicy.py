"""The NetworkPolicy skeleton and the peer selectors every shorthand generator shares (§7)."""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol import goyaml, grammar
from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import truthy
from bbvalues.netpol.metadata import FROM_SPEC_LITERAL, REMOTE_KEY, REMOTE_SELECTOR_OVERRIDES, default_labels

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

POD_LABEL = "app.kubernetes.io/name"
NAMESPACE_LABEL = "kubernetes.io/metadata.name"


class Draft:
    """A generated policy before its name is final: what `_new.tpl` starts and the generators fill in.

    A plain class, not a dataclass: each call imports it, and a dataclass's methods are compiled anew
    by each process.
    """

    __slots__ = ("direction", "name", "pod_selector", "annotations", "labels", "rules")

    def __init__(self, direction: str, name: str, pod_selector: dict, annotations: dict, labels: dict | None = None,
                 rules: list | None = None):
        self.direction = direction
        self.name = name
        self.pod_selector = pod_selector
        self.annotations = annotations
        self.labels = {} if labels is None else labels
        self.rules = rules

    def manifest(self, namespace: str) -> dict:
        spec: dict = {"podSelector": self.pod_selector, "policyTypes": [self.direction.title()]}
        if self.rules is not None:
            spec[self.direction] = self.rules
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": self.name, "namespace": namespace, "labels": self.labels,
                             "annotations": self.annotations},
                "spec": spec}


def local_pod_selector(pod: str, override: Any) -> dict:
    """The local podSelector override if set, `{}` for the egress `*`, else the app name label."""
    if truthy(override):
        return copy_values(override)
    if pod == "*":
        return {}
    return {"matchLabels": {POD_LABEL: pod}}


def new_draft(direction: str, name: str, pod: str, selector_override: Any, annotations: dict) -> Draft:
    return Draft(direction, name, local_pod_selector(pod, selector_override), annotations, default_labels(direction))


def k8s_peer(namespace: str, pod: str, remote_config: Any, annotations: dict) -> dict:
    """A namespace+pod peer; `*` selects everything, and a remote map may override either selector."""
    namespace_selector = {} if namespace == "*" else {"matchLabels": {NAMESPACE_LABEL: namespace}}
    pod_selector = {"matchLabels": {POD_LABEL: pod}} if pod and pod != "*" else {}
    if isinstance(remote_config, dict):
        overrides = {}
        if truthy(remote_config.get("podSelector")):
            pod_selector = overrides["podSelector"] = copy_values(remote_config["podSelector"])
        if truthy(remote_config.get("namespaceSelector")):
            namespace_selector = overrides["namespaceSelector"] = copy_values(remote_config["namespaceSelector"])
        if overrides:
            annotations[REMOTE_SELECTOR_OVERRIDES] = goyaml.to_yaml(overrides)
    return {"namespaceSelector": namespace_selector, "podSelector": pod_selector}


def namespace_segment(namespace: str, verb: str) -> str:
    return f"-{verb}-any-ns" if namespace == "*" else f"-{verb}-ns-{namespace}"


def pod_segment(pod: str) -> str:
    return f"-pod-{pod}" if pod and pod != "*" else "-any-pod"


def cidr_segment(cidr: str, verb: str) -> str:
    if cidr == "0.0.0.0/0":
        return f"-{verb}-anywhere"
    return f"-{verb}-cidr-" + cidr.replace(".", "-").replace("/", "-")


def add_ports(draft: Draft, rule: dict, ports: grammar.PortSpec) -> None:
    """Put a key's ports on the rule and their `-<proto>-port-…` (or `-any-port`) segment on the name."""
    entries = ports.entries()
    if entries:
        draft.name += f"-{ports.protocol.lower()}"
        rule["ports"] = entries
    draft.name += "-" + grammar.name_ports(entries, ports.is_range)


def literal_rules(draft: Draft, key: str, config: Any, path: tuple) -> list | None:
    """A spec literal's rules, copied verbatim; the key may not use shorthand syntax."""
    grammar.check_literal_key(key, path)
    if not isinstance(config, dict):
        raise NetpolError(f"a spec literal must be a map with 'spec', not {type(config).__name__}", path)
    spec = config.get("spec")
    draft.annotations[FROM_SPEC_LITERAL] = goyaml.to_yaml(spec)
    draft.annotations[REMOTE_KEY] = key
    return copy_values(spec) if spec is not None else None
