"""A principal that is not in SPIFFE form `cluster.local/ns/<namespace>/sa/<service-account>`.

Istio matches `principals` (and `notPrincipals`) against the peer's SPIFFE identity without the
`spiffe://` scheme: `<trust-domain>/ns/<namespace>/sa/<service-account>`, with `*` allowed as a
prefix or suffix. A bare service account, a namespace alone or a `spiffe://` URI never matches,
so an ALLOW rule silently allows nobody and a DENY rule denies nobody.

FAIL:

    principals: ["monitoring/prometheus", "spiffe://cluster.local/ns/monitoring/sa/prometheus"]

PASS:

    principals: ["cluster.local/ns/monitoring/sa/prometheus", "cluster.local/ns/monitoring/sa/*"]
"""

from __future__ import annotations

from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding
from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "authz-principal-format"
SEVERITY = WARNING
TITLE = "Principal not in cluster.local/ns/<ns>/sa/<sa> form"
SPIFFE_PRINCIPAL = Pattern(r"^[^/\s]+/ns/[^/\s]+/sa/[^/\s]+$")
SPIFFE_PREFIX = Pattern(r"^[^/\s]+(/|/ns/|/ns/[^/\s]+/|/ns/[^/\s]+/sa/[^/\s]*)?$")
SPIFFE_SUFFIX = Pattern(r"^([^/\s]*/ns/[^/\s]+/sa/[^/\s]+|[^/\s]*/sa/[^/\s]+|/ns/[^/\s]+/sa/[^/\s]+)$")
FIELDS = ("principals", "notPrincipals")


def check(context: LintContext) -> Iterator[Finding]:
    for policy in context.view.user_policies():
        for path, principal in _principals(policy.spec, policy.spec_path):
            if not _valid(principal):
                yield Finding.at(context.locate(path), ID, SEVERITY,
                                 f"AuthorizationPolicy {policy.name} ({policy.package}): principal {principal!r} is "
                                 f"not a SPIFFE identity, so it never matches",
                                 "write it as cluster.local/ns/<namespace>/sa/<service-account> (no spiffe://)")


def _valid(principal) -> bool:
    """Exact SPIFFE form, or Istio's prefix (`x*`) / suffix (`*x`) match of one."""
    if not isinstance(principal, str) or not principal:
        return False
    if principal == "*":
        return True
    if principal.count("*") > 1 or "*" in principal[1:-1]:
        return False
    if principal.endswith("*"):
        return bool(SPIFFE_PREFIX.match(principal[:-1]))
    if principal.startswith("*"):
        return bool(SPIFFE_SUFFIX.match(principal[1:]))
    return bool(SPIFFE_PRINCIPAL.match(principal))


def _principals(spec: dict, spec_path: tuple):
    rules = spec.get("rules")
    for rule_index, rule in enumerate(rules if isinstance(rules, list) else []):
        sources = rule.get("from") if isinstance(rule, dict) else None
        for from_index, entry in enumerate(sources if isinstance(sources, list) else []):
            source = entry.get("source") if isinstance(entry, dict) else None
            for field_name in FIELDS:
                values = source.get(field_name) if isinstance(source, dict) else None
                for index, principal in enumerate(values if isinstance(values, list) else []):
                    yield (spec_path + ("rules", rule_index, "from", from_index, "source", field_name, index),
                           principal)
