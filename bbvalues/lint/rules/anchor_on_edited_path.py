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

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_SWITCH, WAYPOINT_TOGGLE, ZTUNNEL_SWITCH
from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding
from bbvalues.bigbang.user_policies import user_policies

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
    """Every key a migration to any mode may write, on this release."""
    view = context.view
    values = context.values
    paths = [resolve_key(values, AMBIENT_SWITCH), resolve_key(values, ZTUNNEL_SWITCH),
             resolve_key(values, WAYPOINT_TOGGLE), view.shared_label_path()]
    gateways = get_path(values, resolve_key(values, view.table.gateways_path))
    names = set(gateways) if isinstance(gateways, dict) else set()
    paths.extend(view.gateway_label_path(name) for name in sorted(names | set(view.protected_gateways())))
    paths.extend(label.key_path for label in view.service_labels(list(view.release.enrollments)))
    paths.extend(path for _enrollment, path in view.route_paths())
    paths.extend(policy.path for policy in user_policies(values))
    return paths
