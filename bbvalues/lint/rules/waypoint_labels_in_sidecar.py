"""Waypoint routing labels written by the user in sidecar mode.

In sidecar mode the umbrella puts no `istio.io/use-waypoint*` label on any Service. A label the
user wrote on a Service label map Big Bang fills in ambient (prometheus, alertmanager, the thanos
query-frontend; often left over from an ambient experiment) renders exactly as written: a value
routes nothing without ztunnel but confuses the next migration (a null is `null-waypoint-label`).

FAIL (sidecar mode):

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: none

PASS: no `istio.io/use-waypoint`, `istio.io/use-waypoint-namespace` or
`istio.io/ingress-use-waypoint` key in those labels maps.

Fix: delete the key from the file that sets it (`bbvalues migrate --to sidecar --in-place` does).
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import WARNING

ID = "waypoint-labels-in-sidecar"
SEVERITY = WARNING
TITLE = "Waypoint routing labels in sidecar mode"

check = contract_check(ID, SEVERITY)
