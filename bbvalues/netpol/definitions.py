"""Named rules referenced as `definition` remotes (BBCOMMON-NETPOL §9).

Built-ins come from bb-common; a user definition of the same name replaces the built-in wholesale.
`kubeAPI` has no ports here: bb-common looks them up in the cluster, and `helm template` has none.
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import dig, truthy


def _peer(namespace: str, labels: dict) -> dict:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": namespace}},
            "podSelector": {"matchLabels": labels}}


BUILT_IN = {
    "egress": {
        "kubeAPI": {"to": [{"ipBlock": {"cidr": cidr}} for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]},
    },
    "ingress": {
        "gateway": {"from": [_peer("istio-gateway", {"istio": "ingressgateway"})]},
        "monitoring": {"from": [_peer("monitoring", {"app.kubernetes.io/name": "prometheus"})]},
    },
}
REQUIRED_VERB = {"egress": "to", "ingress": "from"}


def resolve_definition(network_policies: dict, direction: str, name: str, path: tuple) -> dict:
    """A copy of the rule a definition stands for; fails like bb-common when missing or incomplete."""
    definitions = dict(BUILT_IN[direction])
    user = dig(network_policies, direction, "definitions", default={})
    if isinstance(user, dict):
        definitions.update(user)
    definition = definitions.get(name)
    if not truthy(definition):
        raise NetpolError(f"NetworkPolicy definition '{name}' not found in direction '{direction}'", path)
    verb = REQUIRED_VERB[direction]
    if not isinstance(definition, dict) or not truthy(definition.get(verb)):
        raise NetpolError(
            f"NetworkPolicy definition '{name}' in direction '{direction}' does not have required '{verb}' key", path)
    return copy_values(definition)
