"""Turn the authservice waypoint off for gateway enforcement, and back on for waypoint enforcement.

Changes: ambient-gateway sets `addons.authservice.values.waypoint.enabled: false`. Returning to
ambient-waypoint, an in-place edit deletes that override (the authservice chart's own default builds
the waypoint); an overlay cannot delete, so it writes `true` explicitly (never null: a null would
delete the chart's whole `waypoint` default). In sidecar mode the toggle does nothing: an in-place
migration deletes a leftover `false`, an overlay leaves it.

Why: with `waypoint.enabled: false` the authservice chart creates no waypoint and puts its
jwt-authn/jwt-authz/authservice policies in istio-system with the label selector, as in sidecar
mode (authservice docs/AMBIENT.md, seed 002). The umbrella passes the key through unchanged.

Releases: all ambient releases (3.23.0+).

Caveats: the authservice chart versions bundled up to 3.30 have no waypoint toggle; pin a chart that does.
"""

from __future__ import annotations

ID = "authservice-waypoint-toggle"
TITLE = "Turn the authservice waypoint off for gateway enforcement, on for waypoint enforcement"


def plan(requirement, found, ctx) -> None:
    ctx.repair_toggle(requirement, ID, pinned=True)
