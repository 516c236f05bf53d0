"""Walking `ingress.to` / `egress.from` the way bb-common's render loop does (§2, §4.5).

Go templates range over maps in sorted key order and over the generator dict in the order
`cidr, definition, k8s, literal`; that order decides which error is reported first and the order
the de-duplication suffixes follow.
"""

from __future__ import annotations

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import dig, go_type, truthy
from bbvalues.netpol.templating import ChartContext, render_tree

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

REMOTE_TYPES = ("cidr", "definition", "k8s", "literal")


class RenderContext:
    """The chart context plus where each rendered key was written in the values (a plain class: see
    networkpolicy.Draft)."""

    __slots__ = ("chart", "origins")

    def __init__(self, chart: ChartContext, origins: dict | None = None):
        self.chart = chart
        self.origins = {} if origins is None else origins

    @property
    def values(self) -> dict:
        return self.chart.values

    @property
    def namespace(self) -> str:
        return self.chart.namespace

    @property
    def network_policies(self) -> dict:
        section = self.values.get("networkPolicies")
        return section if isinstance(section, dict) else {}

    def source_path(self, path: tuple) -> tuple:
        return self.origins.get(path, path)

    def templated(self, *keys: str) -> dict:
        """`tpl (toYaml subtree) | fromYaml` over `networkPolicies.<keys>`."""
        subtree = dig(self.network_policies, *keys, default={})
        if not truthy(subtree):
            return {}
        base = ("networkPolicies", *keys)
        return render_tree(subtree, self.chart, base, self.origins)


def is_enabled(remote_config: Any) -> bool:
    """A remote counts when it is `true`, or a map whose `enabled` (default true) is truthy."""
    if isinstance(remote_config, dict):
        return truthy(dig(remote_config, "enabled", default=True))
    return remote_config is True


def enabled_remotes(ctx: RenderContext, local_config: Any, verb: str, path: tuple) -> Iterator[tuple[str, str, Any, tuple]]:
    """Yield `(remote type, remote key, remote value, values path)` for every enabled remote."""
    if not isinstance(local_config, dict):
        raise NetpolError("error calling dig: interface conversion: interface {} is "
                          f"{go_type(local_config)}, not map[string]interface {{}}", ctx.source_path(path), layer="other")
    for remote_type in REMOTE_TYPES:
        container = local_config.get(verb)
        if container is not None and not isinstance(container, dict):
            raise NetpolError(f"error calling dig: interface conversion: interface {{}} is {go_type(container)}, "
                              "not map[string]interface {}", ctx.source_path(path + (verb,)), layer="other")
        remotes = (container or {}).get(remote_type) or {}
        if not isinstance(remotes, dict):
            raise NetpolError(f"'{verb}.{remote_type}' must be a map of remote keys, not {go_type(remotes)}",
                              ctx.source_path(path + (verb, remote_type)), layer="other")
        for remote_key in sorted(remotes):
            remote_config = remotes[remote_key]
            if is_enabled(remote_config):
                yield remote_type, remote_key, remote_config, path + (verb, remote_type, remote_key)
