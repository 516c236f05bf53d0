"""Turn the per-package waypoint authservice route off for gateway enforcement, back on for waypoint mode.

Changes: ambient-gateway sets `monitoring.values.routes.inbound.monitoring-{prometheus,alertmanager}.authservice.enabled`
(3.30+) and `addons.thanos.values.routes.inbound.query-frontend.authservice.enabled` (after 3.30) to
false. Returning to ambient-waypoint, an in-place edit deletes those overrides (the umbrella sets them
true); an overlay writes `true` explicitly. In sidecar mode they do nothing: an in-place migration
deletes a leftover, an overlay leaves it.

Why: from 3.30 the umbrella asks bb-common to build a per-package waypoint with ext_authz for these
routes whatever `waypoint.enabled` says (bigbang monitoring/values.yaml:119-137). A plain false
overrides the umbrella default in the Flux merge; no null is involved.

Releases: 3.30 (monitoring), after 3.30 (monitoring and thanos).

Caveats: what these keys do inside bb-common (> 0.14.1) could not be checked against a rendered chart.
"""

from __future__ import annotations

ID = "route-authservice"
TITLE = "Turn the per-package waypoint authservice route off for gateway enforcement"


def plan(requirement, found, ctx) -> None:
    ctx.repair_toggle(requirement, ID, pinned=True)
