"""`networkPolicies.egress.from.<local>.to.<type>.<remote>` -> NetworkPolicies (§3.2, §4, §6.1).

Egress local keys are not parsed at all: the key is the pod name (`*` is every pod), which is why a
key like `my.app:80` passes and ends up verbatim in the name.
"""

from __future__ import annotations

from bbvalues.netpol import grammar
from bbvalues.netpol.cidr import exclusions_within
from bbvalues.netpol.definitions import resolve_definition
from bbvalues.netpol.metadata import FROM_DEFINITION, LOCAL_KEY, REMOTE_KEY, apply_user_metadata, release_prefix
from bbvalues.netpol.networkpolicy import (
    Draft, add_ports, cidr_segment, k8s_peer, literal_rules, namespace_segment, new_draft, pod_segment,
)
from bbvalues.netpol.shorthand import RenderContext, enabled_remotes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def from_k8s(ctx: RenderContext, draft: Draft, key: str, config: Any, path: tuple) -> None:
    remote = grammar.parse_egress_k8s(key, ctx.source_path(path))
    draft.annotations[REMOTE_KEY] = key
    draft.name += namespace_segment(remote.namespace, "to") + pod_segment(remote.pod)
    rule: dict = {"to": [k8s_peer(remote.namespace, remote.pod, config, draft.annotations)]}
    add_ports(draft, rule, remote.ports)
    draft.rules = [rule]


def from_cidr(ctx: RenderContext, draft: Draft, key: str, config: Any, path: tuple) -> None:
    remote = grammar.parse_egress_cidr(key, ctx.source_path(path))
    draft.annotations[REMOTE_KEY] = key
    draft.name += cidr_segment(remote.cidr, "to")
    ip_block: dict = {"cidr": remote.cidr}
    excluded = exclusions_within(remote.cidr, ctx.network_policies)
    if excluded:
        ip_block["except"] = excluded
    rule: dict = {"to": [{"ipBlock": ip_block}]}
    add_ports(draft, rule, remote.ports)
    draft.rules = [rule]


def from_definition(ctx: RenderContext, draft: Draft, key: str, config: Any, path: tuple) -> None:
    name = grammar.parse_definition_key(key, "egress", ctx.source_path(path))
    draft.annotations[REMOTE_KEY] = key
    definition = resolve_definition(ctx.network_policies, "egress", name, ctx.source_path(path))
    draft.name += f"-to-{name.lower()}"
    draft.annotations[FROM_DEFINITION] = name
    draft.rules = [definition]


def from_literal(ctx: RenderContext, draft: Draft, key: str, config: Any, path: tuple) -> None:
    draft.rules = literal_rules(draft, key, config, ctx.source_path(path))
    draft.name += f"-to-{key.lower()}"


GENERATORS = {"cidr": from_cidr, "definition": from_definition, "k8s": from_k8s, "literal": from_literal}


def generate(ctx: RenderContext) -> list[dict]:
    """The egress NetworkPolicies generated from shorthand, in bb-common's emission order."""
    policies = []
    prefix = release_prefix(ctx.values, ctx.chart.release_name, "networkPolicies")
    tree = ctx.templated("egress", "from")
    for local_key in sorted(tree):
        local_config = tree[local_key]
        local_path = ("networkPolicies", "egress", "from", local_key)
        pod_name = "any-pod" if local_key == "*" else local_key
        for remote_type, remote_key, remote_config, path in enabled_remotes(ctx, local_config, "to", local_path):
            draft = new_draft("egress", f"{prefix}allow-egress-from-{pod_name}", local_key,
                              local_config.get("podSelector"), {LOCAL_KEY: local_key})
            GENERATORS[remote_type](ctx, draft, remote_key, remote_config, path)
            policies.append(apply_user_metadata(draft.manifest(ctx.namespace), local_config, remote_config,
                                                ctx.source_path(local_path), ctx.source_path(path)))
    return policies
