"""A user AuthorizationPolicy attached with `targetRefs` in sidecar mode.

`targetRefs` attaches a policy to a waypoint (Service or waypoint Gateway) or an ingress
Gateway. Sidecars do not enforce a policy that targets a Service, so in sidecar mode the policy
protects nothing.

FAIL (sidecar):

    custom:
      - name: api-only
        spec:
          targetRefs: [{kind: Service, group: "", name: prometheus}]

PASS:

          selector: {matchLabels: {app.kubernetes.io/name: prometheus}}

Fix: `bbvalues migrate --to sidecar` converts a targetRef that names one Service.
"""

from __future__ import annotations

from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "authz-targetrefs-in-sidecar"
SEVERITY = ERROR
TITLE = "AuthorizationPolicy attached with targetRefs in sidecar mode"


def check(context: LintContext) -> Iterator[Finding]:
    if context.view.ambient:
        return
    for policy in context.view.user_policies():
        if not policy.enabled:
            continue
        refs = [ref for ref in policy.target_refs if ref.get("kind") != "Gateway"
                or ref.get("group") != "gateway.networking.k8s.io"]
        key = "targetRefs" if "targetRefs" in policy.spec else "targetRef"
        if refs:
            yield Finding.at(context.locate(policy.spec_path + (key,)), ID, SEVERITY,
                             f"AuthorizationPolicy {policy.name} ({policy.package}) attaches with {key} in sidecar "
                             f"mode: sidecars do not enforce Service-targeted policies",
                             "attach it with selector.matchLabels on the workload's pod labels "
                             "(bbvalues migrate --to sidecar converts it)")
