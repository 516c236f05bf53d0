"""A per-package waypoint authservice route still on in ambient-gateway mode (Big Bang 3.30+).

From 3.30 the umbrella asks bb-common to build a per-package waypoint with ext_authz for
monitoring (and after 3.30 for thanos) through
`<package>.values.routes.inbound.<route>.authservice.enabled: true`, whatever
`addons.authservice.values.waypoint.enabled` says (bigbang monitoring/values.yaml:119-137). In
gateway mode those routes must be switched off, or SSO is enforced at a waypoint the mode does not
intend.

FAIL (3.30, ambient-gateway, monitoring SSO): no `routes.inbound` override.

PASS:

    monitoring:
      values:
        routes:
          inbound:
            monitoring-prometheus: {authservice: {enabled: false}}
            monitoring-alertmanager: {authservice: {enabled: false}}

Fix: `bbvalues migrate --to ambient-gateway` writes them (a plain false; no null needed).
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_GATEWAY, WAYPOINT_TOGGLE
from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "route-authservice-in-gateway-mode"
SEVERITY = ERROR
TITLE = "Per-package waypoint authservice route still on in ambient-gateway mode"


def check(context: LintContext) -> Iterator[Finding]:
    if context.mode != AMBIENT_GATEWAY:
        return
    toggle = resolve_key(context.values, WAYPOINT_TOGGLE)
    for enrollment, path in context.view.route_paths():
        if get_path(context.values, path) is not False:
            yield Finding.at(context.written(path, depth=len(path) - 2) or context.locate(toggle), ID, SEVERITY,
                             f"{dotted_path(path)} is not false: on Big Bang {context.release.label} the umbrella "
                             f"still builds the {enrollment.package} waypoint's ext_authz route in gateway mode",
                             f"set {dotted_path(path)}: false")
