"""Give the SSO-protected pods back the authservice selector label in sidecar mode.

Changes: a required edit deleting the user's override of the selector label in a protected
package's pod labels (`monitoring.values.upstream.prometheus.prometheusSpec.podMetadata.labels.protect`,
say); the umbrella sets it whenever the package's SSO is on.

Why: in sidecar mode the authservice policies in istio-system select pods by that label; a pod
without it is not protected by its sidecar.

Releases: every release.
"""

from __future__ import annotations

ID = "sidecar-pod-labels"
TITLE = "Give the SSO-protected pods back the authservice selector label in sidecar mode"


def plan(requirement, found, ctx) -> None:
    ctx.require_deleted(found, ID, requirement.why)
