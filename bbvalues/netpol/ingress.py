"""`networkPolicies.ingress.to.<local>.from.<type>.<remote>` -> NetworkPolicies and AuthorizationPolicies.

Ingress local keys carry the protocol and ports (§3.1); a non-TCP protocol is named twice for k8s
and cidr remotes because both the loop and the generator append it (§6.2, quirk 1).
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol import authz, goyaml, grammar
from bbvalues.netpol.definitions import resolve_definition
from bbvalues.netpol.gotypes import truthy
from bbvalues.netpol.metadata import LOCAL_KEY, LOCAL_SELECTOR_OVERRIDE, REMOTE_KEY, apply_user_metadata, release_prefix
from bbvalues.netpol.networkpolicy import (
    Draft, add_ports, cidr_segment, k8s_peer, literal_rules, namespace_segment, new_draft, pod_segment,
)
from bbvalues.netpol.shorthand import RenderContext, enabled_remotes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def from_k8s(ctx: RenderContext, draft: Draft, local: grammar.LocalKey, key: str, config: Any, path: tuple) -> None:
    remote = grammar.parse_ingress_k8s(key, ctx.source_path(path))
    draft.annotations[REMOTE_KEY] = key
    rule: dict = {}
    add_ports(draft, rule, local.ports)
    draft.name += namespace_segment(remote.namespace, "from") + pod_segment(remote.pod)
    rule["from"] = [k8s_peer(remote.namespace, remote.pod, config, draft.annotations)]
    draft.rules = [rule]


def from_cidr(ctx: RenderContext, draft: Draft, local: grammar.LocalKey, key: str, config: Any, path: tuple) -> None:
    remote = grammar.parse_ingress_cidr(key, ctx.source_path(path))
    draft.annotations[REMOTE_KEY] = key
    rule: dict = {}
    add_ports(draft, rule, local.ports)
    draft.name += cidr_segment(remote.cidr, "from")
    rule["from"] = [{"ipBlock": {"cidr": remote.cidr}}]
    draft.rules = [rule]


def from_definition(ctx: RenderContext, draft: Draft, local: grammar.LocalKey, key: str, config: Any,
                    path: tuple) -> None:
    """The definition is the rule; local ports replace its own, and the name has no protocol segment."""
    name = grammar.parse_definition_key(key, "ingress", ctx.source_path(path))
    definition = resolve_definition(ctx.network_policies, "ingress", name, ctx.source_path(path))
    entries = local.ports.entries()
    if entries:
        definition["ports"] = entries
        draft.name += "-" + grammar.name_ports(entries, local.ports.is_range)
    draft.name += f"-from-{name.lower()}"
    draft.annotations[REMOTE_KEY] = key
    draft.rules = [definition]


def from_literal(ctx: RenderContext, draft: Draft, local: grammar.LocalKey, key: str, config: Any,
                 path: tuple) -> None:
    """Rules copied verbatim; the local key's ports are ignored."""
    draft.rules = literal_rules(draft, key, config, ctx.source_path(path))
    draft.name += f"-from-{key.lower()}"


GENERATORS = {"cidr": from_cidr, "definition": from_definition, "k8s": from_k8s, "literal": from_literal}


def generate(ctx: RenderContext) -> tuple[list[dict], list[dict]]:
    """The ingress NetworkPolicies and the AuthorizationPolicies generated alongside them."""
    policies: list[dict] = []
    authorizations: list[dict] = []
    prefix = release_prefix(ctx.values, ctx.chart.release_name, "networkPolicies")
    with_authz = authz.generates_from_netpol(ctx.values)
    tree = ctx.templated("ingress", "to")
    for local_key in sorted(tree):
        local_path = ("networkPolicies", "ingress", "to", local_key)
        # every local key is validated, even one without enabled remotes
        local = grammar.parse_ingress_local(local_key, ctx.source_path(local_path))
        local_config = tree[local_key]
        for remote_type, remote_key, remote_config, path in enabled_remotes(ctx, local_config, "from", local_path):
            draft = _draft(prefix, local, local_key, local_config)
            GENERATORS[remote_type](ctx, draft, local, remote_key, remote_config, path)
            policy = copy_values(draft.manifest(ctx.namespace))
            paths = (ctx.source_path(local_path), ctx.source_path(path))
            policies.append(apply_user_metadata(policy, local_config, remote_config, *paths))
            if with_authz and remote_type in authz.GENERATORS:
                generated = authz.GENERATORS[remote_type](draft, remote_key, ctx.namespace)
                authorizations.append(apply_user_metadata(generated, local_config, remote_config, *paths))
    return policies, authorizations


def _draft(prefix: str, local: grammar.LocalKey, local_key: str, local_config: dict) -> Draft:
    selector = local_config.get("podSelector")
    annotations = {LOCAL_KEY: local_key}
    if truthy(selector):
        annotations[LOCAL_SELECTOR_OVERRIDE] = goyaml.to_yaml(selector)
    name = f"{prefix}allow-ingress-to-{local.pod}"
    if local.ports.protocol != "TCP":
        name += f"-{local.ports.protocol.lower()}"
    return new_draft("ingress", name, local.pod, selector, annotations)
