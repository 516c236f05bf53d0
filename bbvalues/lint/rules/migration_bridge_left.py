"""The temporary migration bridge is still in place.

During a sidecar-to-ambient move, a common bridge is to relax a package's mTLS to
`istio.mtls.mode: PERMISSIVE` and add an allow-all custom AuthorizationPolicy (`rules: [{}]`), so
that sidecar and ambient workloads can talk while they are mixed. Left in place afterwards, it
accepts plain-text traffic and allows every caller: the package has no authorization at all.

FAIL:

    monitoring:
      values:
        istio:
          mtls: {mode: PERMISSIVE}
          authorizationPolicies:
            custom:
              - name: migration-allow-all
                spec: {action: ALLOW, rules: [{}]}

PASS: `mtls.mode: STRICT` (the default) and no allow-all policy once every workload is migrated.
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding
from bbvalues.bigbang.packages import package_blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "migration-bridge-left"
SEVERITY = WARNING
TITLE = "Migration bridge (PERMISSIVE mTLS plus allow-all policy) still present"
MTLS_MODE = ("values", "istio", "mtls", "mode")


def check(context: LintContext) -> Iterator[Finding]:
    allow_all = {}
    for policy in context.view.user_policies():
        if policy.enabled and _allows_everything(policy.spec):
            allow_all.setdefault(policy.package, policy)
    for block in package_blocks(context.values):
        path = block.path + MTLS_MODE
        policy = allow_all.get(block.name)
        if policy is not None and str(get_path(context.values, path, "")).upper() == "PERMISSIVE":
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"{block.name} still has the migration bridge: {dotted_path(path)}: PERMISSIVE and "
                             f"the allow-all AuthorizationPolicy {policy.name}: plain-text traffic from any caller "
                             f"is accepted",
                             f"once every workload is migrated, delete the mtls.mode override and policy "
                             f"{policy.name}")


def _allows_everything(spec: dict) -> bool:
    """ALLOW (the default action) with a rule that matches every request: `rules: [{}]`."""
    rules = spec.get("rules")
    return (spec.get("action", "ALLOW") == "ALLOW" and isinstance(rules, list)
            and any(rule == {} for rule in rules))
