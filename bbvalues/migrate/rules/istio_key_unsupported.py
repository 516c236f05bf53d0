"""Remove the `istio:` key on releases that reject it.

Changes: a required edit deleting the top-level `istio:` key (an overlay cannot remove a key;
`--in-place` deletes it).

Why: the 3.20/3.21 values schema says `additional properties 'istio' not allowed`, even for
`istio.ambient.enabled: false`, so helm refuses the values.

Releases: before 3.22.0.
"""

from __future__ import annotations

ID = "istio-key-unsupported"
TITLE = "Remove the `istio:` key on releases that reject it"


def plan(requirement, found, ctx) -> None:
    ctx.require_deleted(found, ID, requirement.why)
