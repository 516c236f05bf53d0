"""A YAML anchor on a key that bbvalues migrations edit.

`bbvalues migrate --in-place` changes the mode switches, the authservice waypoint toggle, the
gateway selector labels, the protected Services' waypoint labels, the route authservice toggles
and user AuthorizationPolicies. An anchor (`&name`) on one of these keys, or on a block that
holds them, is copied by every alias (`*name`): editing the anchored value changes every place
that refers to it, which a reviewer will not see in the diff.

FAIL:

    istioGateway:
      values:
        gateways:
          public: &gw
            upstream:
              labels: {protect: keycloak}
          internal: *gw

PASS: write the blocks out, or keep anchors away from these keys.
"""

from __future__ import annotations

from bbvalues.bigbang.contract import requirements
from bbvalues.bigbang.modes import MODES
from bbvalues.documents.yamltree import dotted_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "anchor-on-edited-path"
SEVERITY = WARNING
TITLE = "Anchor on a key bbvalues edits"


def check(context: LintContext) -> Iterator[Finding]:
    edited = edited_paths(context)
    for source in context.sources:
        for anchored, origin in source.document.anchored.items():
            if not anchored:
                continue
            hit = next((path for path in edited if path[:len(anchored)] == anchored), None)
            if hit is not None:
                yield Finding.at(origin, ID, SEVERITY,
                                 f"{dotted_path(anchored)} carries a YAML anchor and holds "
                                 f"{dotted_path(hit)}, which bbvalues migrations edit: every alias of it "
                                 f"would change too",
                                 "write the aliased blocks out before migrating in place")


def edited_paths(context: LintContext) -> list[tuple]:
    """Every key a migration to any mode may write, on this release: the keys of every mode's contract (a
    Service label map with each label key the release sets), and the user's AuthorizationPolicies."""
    paths = []
    for mode in MODES:
        for requirement in requirements(context.view, mode):
            paths.extend(requirement.keys or (requirement.path,))
            if requirement.enrollment is not None and requirement.label_map is not None:
                paths.extend(requirement.path + (label.key,) for label in requirement.enrollment.labels)
    paths.extend(policy.path for policy in context.view.user_policies())
    return [path for path in dict.fromkeys(paths) if path]
