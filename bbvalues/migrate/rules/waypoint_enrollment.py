"""Switch on what the release needs to route an SSO-protected package through its waypoint.

Changes: sets each umbrella key of the release table's enrollment condition that is off, for a
package whose SSO is on: on Big Bang 3.23-3.25, `addons.authservice.enabled: true` for thanos.

Why: 3.23-3.25 labelled the thanos query-frontend for the shared waypoint only when
`addons.authservice.enabled` was true (bigbang 3.23.0 thanos/values.yaml:191), not when authservice
was only pulled in by monitoring SSO; without the labels thanos traffic passes no waypoint and no SSO.

Releases: 3.23-3.25 (from 3.26 the authserviceEnabled helper enrolls thanos-only SSO).
"""

from __future__ import annotations

ID = "waypoint-enrollment"
TITLE = "Switch on what the release needs to route an SSO-protected package through its waypoint"


def plan(requirement, found, ctx) -> None:
    for violation in found:
        ctx.set(violation.path, True, ID, requirement.why)
