"""A gateway that serves an SSO-protected package lacks the selector label in ambient-gateway mode.

With the authservice waypoint disabled, the authservice policies are enforced only on pods that
carry the selector label (default `protect: keycloak`). The gateway that serves monitoring or
thanos (`<package>.ingress.gateway`, default `public`) must carry it, or nothing enforces SSO:
prometheus and alertmanager are reachable without logging in.

FAIL (ambient-gateway, monitoring.sso.enabled, no label on the public gateway):

    addons: {authservice: {values: {waypoint: {enabled: false}}}}

PASS:

    istioGateway:
      values:
        gateways:
          public:
            upstream:
              labels:
                protect: keycloak

Fix: add the label (bbvalues migrate --to ambient-gateway does).
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_GATEWAY, WAYPOINT_TOGGLE
from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "gateway-label-missing"
SEVERITY = ERROR
TITLE = "Protected gateway without the selector label in ambient-gateway mode"


def check(context: LintContext) -> Iterator[Finding]:
    if context.mode != AMBIENT_GATEWAY or not context.view.active_enrollments():
        return
    view = context.view
    key, value = view.selector
    toggle = resolve_key(context.values, WAYPOINT_TOGGLE)
    for gateway in view.protected_gateways():
        path = view.gateway_label_path(gateway)
        current = get_path(view.values, path)
        if current == value:
            continue
        have = "" if current is None else f" (it is {current!r})"
        # Point at the gateway's block if the user has one, else at the switch that makes the label necessary.
        where = context.written(path, depth=len(view.table.gateways_path) + 1) or context.locate(toggle)
        yield Finding.at(where, ID, SEVERITY,
                         f"gateway {gateway} serves SSO-protected packages but its pods lack the authservice "
                         f"selector label {key}: {value}{have}: with the waypoint disabled nothing enforces SSO",
                         f"set istioGateway.values.gateways.{gateway}.upstream.labels.{key}: {value}")
