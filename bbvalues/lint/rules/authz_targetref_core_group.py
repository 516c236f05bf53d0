"""A targetRef to a core kind (Service) without `group: ""`.

Istio's `targetRefs` use Gateway API policy references: the group of a core kind is the empty
string and must be spelled out, `{kind: Service, group: "", name: X}`. Without it Istio rejects
or ignores the reference (Istio "Layer 7 authorization with waypoints", seed 000).

FAIL:

    targetRefs:
      - kind: Service
        name: prometheus

PASS:

    targetRefs:
      - kind: Service
        group: ""
        name: prometheus
"""

from __future__ import annotations

from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "authz-targetref-core-group"
SEVERITY = ERROR
TITLE = 'Core-kind targetRef without group: ""'
# Kinds of the core API group that AuthorizationPolicy targetRefs accept.
CORE_KINDS = ("Service",)


def check(context: LintContext) -> Iterator[Finding]:
    for policy in context.view.user_policies():
        refs = policy.spec.get("targetRefs")
        entries = [(("targetRefs", index), ref) for index, ref in enumerate(refs)] if isinstance(refs, list) else []
        if isinstance(policy.spec.get("targetRef"), dict):
            entries.append((("targetRef",), policy.spec["targetRef"]))
        for relative, ref in entries:
            if isinstance(ref, dict) and ref.get("kind") in CORE_KINDS and ref.get("group") != "":
                have = "no group" if "group" not in ref else f"group {ref['group']!r}"
                yield Finding.at(context.locate(policy.spec_path + relative), ID, SEVERITY,
                                 f"AuthorizationPolicy {policy.name} ({policy.package}) targets {ref.get('kind')} "
                                 f"{ref.get('name')} with {have}: a core kind needs group: \"\"",
                                 'add group: "" to the targetRef')
