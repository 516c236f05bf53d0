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

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "gateway-label-missing"
SEVERITY = ERROR
TITLE = "Protected gateway without the selector label in ambient-gateway mode"

check = contract_check(ID, SEVERITY)
