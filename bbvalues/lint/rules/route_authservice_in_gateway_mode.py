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

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "route-authservice-in-gateway-mode"
SEVERITY = ERROR
TITLE = "Per-package waypoint authservice route still on in ambient-gateway mode"

check = contract_check(ID, SEVERITY)
