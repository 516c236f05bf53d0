"""Switch Istio ambient mode on or off.

Changes: sets `istio.ambient.enabled` to true for the ambient modes. For sidecar mode it sets every
ambient switch that is on to false: `istio.ambient.enabled` and `ztunnel.enabled`.

Why: the umbrella's `ambientEnabled` helper is `or .Values.ztunnel.enabled .Values.istio.ambient.enabled`
(bigbang _helpers.tpl:969-971): either key switches every package to ambient (ztunnel, istio-cni,
gateway-api, Namespace labels `istio.io/dataplane-mode: ambient`).

Releases: `istio.ambient.enabled` exists from 3.22.0; package enrollment and SSO waypoints from 3.23.0.
Releases before 3.22 reject any top-level `istio:` key (see istio-key-unsupported), so nothing is
written under it there.
"""

from __future__ import annotations

ID = "ambient-switch"
TITLE = "Switch Istio ambient mode on or off"


def plan(requirement, found, ctx) -> None:
    for violation in found:
        if violation.path[:1] == ("istio",) and not ctx.release.accepts_istio_key:
            continue  # the release rejects the istio key; istio-key-unsupported deletes it
        switched_on = violation.kind == "off"
        ctx.set(violation.path, switched_on, ID, requirement.why)
