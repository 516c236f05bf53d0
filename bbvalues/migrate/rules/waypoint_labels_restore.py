"""Give protected Services back the waypoint routing the release sets (or, in sidecar mode, none at all).

Changes: returning to ambient-waypoint, an in-place edit deletes the user's overrides of the waypoint
labels (a null map, an opt-out, a per-key null, a label pinned for another release) so the release's
own labels apply; an overlay cannot delete, so it writes the release's label values explicitly (never
null), which pins them: `bbvalues lint` flags such a pin once it no longer matches the release. A label
key the release does not set (a 3.29 `istio.io/use-waypoint-namespace` kept on 3.30 monitoring) is a
required edit. In sidecar mode the umbrella sets no waypoint labels: any override is a required edit
(`--in-place` deletes it), and a leftover map-level null is deleted in place. In the ambient modes a
per-key null left in a label map only another release fills (3.26's `upstream.queryFrontend` on a 3.25
install) is a required edit too: it renders into the package's values as a null label.

Why: in waypoint mode a user override makes the Service bypass the waypoint, and SSO with it, or route
to a waypoint that no longer serves it (3.29 shared `authservice-waypoint`, 3.30 monitoring's own
`monitoring-monitoring-waypoint`); in sidecar mode an override renders as written, and a null renders a
null label.

Releases: all ambient releases (3.23.0+).
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path

ID = "waypoint-labels-restore"
TITLE = "Give protected Services back the waypoint routing the release sets"


def plan(requirement, found, ctx) -> None:
    if requirement.spec.expect == "routes-through-waypoint":
        _waypoint(requirement, found, ctx)
    else:  # sidecar mode, or a label map of another release: the user's keys go
        _delete_overrides(requirement, found, ctx)


def _delete_overrides(requirement, found, ctx) -> None:
    for violation in found:
        if violation.is_problem:
            ctx.require(violation.path, ID, f"{dotted_path(violation.path)}: {requirement.why}")
        else:
            ctx.hand_back(requirement, [violation.path], ID, requirement.why)


def _waypoint(requirement, found, ctx) -> None:
    overrides = _overrides(requirement, ctx)
    if ctx.hand_back(requirement, overrides, ID, requirement.why):
        return
    release_keys = {label.key: label.value for label in requirement.enrollment.labels}
    whole_map = any(violation.path == requirement.path for violation in found)
    wrong = {violation.path[-1] for violation in found}
    for label in requirement.enrollment.labels:
        if not whole_map and label.key not in wrong:
            continue
        ctx.set(requirement.path + (label.key,), label.value, ID,
                f"{requirement.why} (explicit: an overlay cannot delete the override, so this pins Big Bang "
                f"{ctx.release.name}'s label)")
    for violation in found:
        if violation.path[-1] not in release_keys and violation.path != requirement.path:
            ctx.require(violation.path, ID, f"{dotted_path(violation.path)}: Big Bang {ctx.release.name} does not "
                                            f"set this label here; it renders as written (an overlay cannot remove "
                                            "it)")


def _overrides(requirement, ctx) -> list[tuple]:
    """What the user writes over the release's labels: the map itself when it is not a map, else its waypoint keys."""
    labels = ctx.current(requirement.path)
    if not isinstance(labels, dict):
        return [requirement.path]
    return [requirement.path + (key,) for key in labels if key in ctx.table.waypoint_label_keys]
