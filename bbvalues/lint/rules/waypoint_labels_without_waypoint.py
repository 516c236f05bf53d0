"""Protected Services still routed through a waypoint in ambient-gateway mode.

In ambient mode the umbrella labels the prometheus, alertmanager and thanos query-frontend Services
with `istio.io/use-waypoint` (and, depending on the release, `istio.io/use-waypoint-namespace` and
`istio.io/ingress-use-waypoint`). With `addons.authservice.values.waypoint.enabled: false` the shared
`authservice-waypoint` is not built, and from 3.30 neither is a package's own waypoint once its routes'
authservice is off: ztunnel would send the traffic to a waypoint that does not exist. The same goes
for a label the user pinned for another release (3.29's `authservice-waypoint` kept on 3.30
monitoring) or for a waypoint Big Bang does not build at all. Each labels map must be neutralised: a
map-level null where the chart defaults the map, or Istio's opt-out values.

FAIL (Big Bang 3.30, nothing overrides the umbrella's labels):

    istio: {ambient: {enabled: true}}
    monitoring: {sso: {enabled: true}}
    addons: {authservice: {enabled: true, values: {waypoint: {enabled: false}}}}

PASS:

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels: null
          alertmanager: ... (the same)

Fix: `bbvalues migrate --to ambient-gateway FILE...` writes the removal (`bbvalues explain
waypoint-labels-strip`).
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "waypoint-labels-without-waypoint"
SEVERITY = ERROR
TITLE = "Waypoint routing labels while the authservice waypoint is disabled"

check = contract_check(ID, SEVERITY)
