"""Refuse an ambient target on a Big Bang release without ambient package enrollment.

Changes: nothing. `bbvalues migrate --to ambient-waypoint|ambient-gateway` stops with an error (exit 1)
on releases before 3.23.0, naming the release and what it lacks.

Why: before 3.22 the umbrella has no ambient mode at all (its values schema rejects a top-level
`istio:` key); 3.22 renders the ambient infrastructure (ztunnel, istio-cni, gateway-api) but enrolls
no package, so there are no SSO waypoints and no gateway enforcement to move to (modes §0.2, §2).
Writing the switches anyway would leave SSO-protected packages without an enforcement point.

Releases: before 3.23.0.
"""

from __future__ import annotations

from bbvalues.errors import BBValuesError

ID = "ambient-supported"
TITLE = "Refuse an ambient target on a release without ambient package enrollment"


def plan(requirement, found, ctx) -> None:
    violation = found[0]
    raise BBValuesError(f"cannot migrate to {ctx.target}: {violation.detail}; ambient modes need Big Bang 3.23.0 or "
                        "later", hint="upgrade Big Bang first, or pass the right --bigbang-version")
