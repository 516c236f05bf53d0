"""An L7 user AuthorizationPolicy attached with `selector` in ambient mode.

In ambient mode a `selector` policy is enforced by ztunnel, which sees only L4: it cannot evaluate
paths, methods, hosts, request principals (JWT) or `request.*` conditions. Istio then enforces
the policy without its L7 parts, or not at all. An L7 policy must attach to the waypoint in front
of the Service with `targetRefs` (Istio "Layer 7 authorization with waypoints").

Policies are read from `<package>.values.istio.authorizationPolicies.custom` and
`.additionalPolicies`.

FAIL (ambient):

    custom:
      - name: api-only
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: prometheus}}
          rules: [{to: [{operation: {paths: ["/api/*"]}}]}]

PASS:

          targetRefs: [{kind: Service, group: "", name: prometheus}]

Fix: `bbvalues migrate --to ambient-waypoint` converts a selector that names one Service.
"""

from __future__ import annotations

from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding
from bbvalues.bigbang.user_policies import l7_attributes, named_service

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "authz-l7-selector-in-ambient"
SEVERITY = ERROR
TITLE = "L7 AuthorizationPolicy attached with selector in ambient mode"


def check(context: LintContext) -> Iterator[Finding]:
    if not context.view.ambient:
        return
    for policy in context.view.user_policies():
        attributes = l7_attributes(policy.spec)
        if not policy.enabled or not attributes or "selector" not in policy.spec:
            continue
        service = named_service(policy.selector_labels)
        fix = (f'attach it with targetRefs: [{{kind: Service, group: "", name: {service}}}] '
               f"(bbvalues migrate --to {context.mode} converts it)" if service
               else "attach it with targetRefs to the Service(s) or the waypoint Gateway")
        yield Finding.at(context.locate(policy.spec_path + ("selector",)), ID, SEVERITY,
                         f"AuthorizationPolicy {policy.name} ({policy.package}) uses {', '.join(attributes)} but "
                         f"attaches with selector: in ambient ztunnel enforces it and cannot evaluate L7",
                         fix)
