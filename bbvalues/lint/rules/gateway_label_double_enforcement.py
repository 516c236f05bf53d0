"""The authservice selector label on an ingress gateway in sidecar or ambient-waypoint mode.

The authservice policies (`jwt-authn`, `jwt-authz`, the CUSTOM `authservice` policy) live in
`istio-system` and select every pod carrying the selector label (default `protect: keycloak`,
from `addons.authservice.values.selector`). In sidecar mode the protected pods' sidecars enforce
them, in ambient-waypoint mode the waypoint does. Labelling a gateway as well enforces SSO a second
time at the gateway, and every host on that gateway goes through authservice.

FAIL (sidecar or ambient-waypoint):

    istioGateway:
      values:
        gateways:
          public:
            upstream:
              labels:
                protect: keycloak

PASS: the label only in ambient-gateway mode.

Fix: delete the label from the file that sets it (an overlay cannot remove it cleanly).
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "gateway-label-double-enforcement"
SEVERITY = ERROR
TITLE = "Selector label on a gateway in sidecar or ambient-waypoint mode"

check = contract_check(ID, SEVERITY)
