"""bb-common's templates as functions: package-level values in, manifests out (§2, §14.5).

Emission order follows the chart (egress, ingress, generated AuthorizationPolicies, additional
policies, then what `istio/render.yaml` adds); Helm reorders by kind when printing, and reviewers
compare sets, so nothing depends on it except the `-deduped-<i>` numbering.
"""

from __future__ import annotations

from bbvalues.netpol import authz, defaults, egress, ingress, schema
from bbvalues.netpol.chart import coalesce
from bbvalues.netpol.additional import additional_policies
from bbvalues.netpol.dedupe import dedupe
from bbvalues.netpol.gotypes import dig, truthy
from bbvalues.netpol.hbone import inject_hbone_ports
from bbvalues.netpol.selftest import run_self_tests
from bbvalues.netpol.shorthand import RenderContext
from bbvalues.netpol.templating import ChartContext

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

# `helm template` names the release `release-name` and uses namespace `default` when not told otherwise
DEFAULT_RELEASE_NAME = "release-name"
DEFAULT_NAMESPACE = "default"

NETWORK_POLICIES = "templates/network-policies/render.yaml"
ISTIO = "templates/istio/render.yaml"
SELF_TEST = "templates/utils/self-test.yaml"
POLICY_TEMPLATES = (NETWORK_POLICIES, ISTIO)


def render_network_policies(chart: ChartContext) -> list[dict]:
    values = chart.values
    network_policies = values.get("networkPolicies") or {}
    if not isinstance(network_policies, dict) or not truthy(network_policies.get("enabled")):
        return []
    ctx = RenderContext(chart)
    hbone = truthy(dig(network_policies, "hbonePortInjection", "enabled", default=False))
    egress_policies = egress.generate(ctx)
    if hbone:
        inject_hbone_ports(egress_policies, "egress")
    egress_policies = dedupe(egress_policies + defaults.default_policies(
        values, "egress", chart.release_name, chart.namespace))
    ingress_policies, authorizations = ingress.generate(ctx)
    if hbone:
        inject_hbone_ports(ingress_policies, "ingress")
    ingress_policies = dedupe(ingress_policies + defaults.default_policies(
        values, "ingress", chart.release_name, chart.namespace))
    return egress_policies + ingress_policies + dedupe(authorizations) + additional_policies(chart)


def render_istio_authorization_policies(chart: ChartContext) -> list[dict]:
    """The AuthorizationPolicies of `istio/render.yaml` (its Sidecar and PeerAuthentication are not policies)."""
    values = chart.values
    istio = values.get("istio") or {}
    if not isinstance(istio, dict) or not truthy(istio.get("enabled")):
        return []
    policies: list[dict] = []
    if truthy(dig(istio, "authorizationPolicies", "enabled", default=False)):
        policies += authz.default_policies(values, chart.release_name, chart.namespace)
        policies += defaults.hook_copies(policies, values.get("networkPolicies") or {})
        policies += authz.additional_policies(values, chart.release_name, chart.namespace)
    return policies + authz.custom_policies(values, chart.release_name, chart.namespace)


def render_self_tests(chart: ChartContext) -> list[dict]:
    return run_self_tests(chart.values)


RENDERERS: dict[str, Callable[[ChartContext], list[dict]]] = {
    NETWORK_POLICIES: render_network_policies,
    ISTIO: render_istio_authorization_policies,
    SELF_TEST: render_self_tests,
}


def expand(values: dict, *, release_name: str = DEFAULT_RELEASE_NAME, namespace: str = DEFAULT_NAMESPACE,
           templates: Iterable[str] = POLICY_TEMPLATES) -> list[dict]:
    """The NetworkPolicies and AuthorizationPolicies bb-common renders from package-level values.

    `templates` are the bb-common templates to render, by their chart path (like `--show-only`):
    by default `network-policies/render.yaml` and the AuthorizationPolicies of `istio/render.yaml`.
    Raises `NetpolError` for input bb-common rejects: schema violations first (Helm checks the
    schema before rendering), then the first template failure in evaluation order.
    """
    values = coalesce(values if isinstance(values, dict) else {})
    schema.validate(values)
    chart = ChartContext(release_name, namespace, values)
    documents: list[dict] = []
    for template in templates:
        if template not in RENDERERS:
            raise ValueError(f"unknown bb-common template {template!r} (known: {', '.join(RENDERERS)})")
        documents += RENDERERS[template](chart)
    return documents
