"""Remove null gateway labels that break the umbrella render or render null pod labels.

Changes: a required edit deleting `istioGateway.values.gateways.<name>.upstream.labels: null` or a
null label in that map (`--in-place` deletes it).

Why: the umbrella's enabledGateways helper runs `dig "upstream" "labels" "istio"` on every gateway
(bigbang _helpers.tpl:342), which fails on a null map, and a null label renders a null pod label
that the API server rejects. An overlay cannot remove either (it can only set keys).

Releases: every release.
"""

from __future__ import annotations

ID = "gateway-labels-render"
TITLE = "Remove null gateway labels that break the render"


def plan(requirement, found, ctx) -> None:
    ctx.require_deleted(found, ID, requirement.why)
