"""Stop protected Services from routing through a waypoint in gateway mode, with labels that render.

Changes: for each Service label map the umbrella fills with waypoint labels (prometheus, alertmanager,
the thanos query-frontend), one of three forms, chosen with `--label-removal`:

- `auto` (the default): a map-level null (`...service.labels: null`) where the release table records
  that the package chart defaults that map to a non-nil value (kube-prometheus-stack and the thanos
  chart default it to `{}`) and no input sets another label in it; otherwise Istio's opt-out;
- `none`: Istio's opt-out everywhere: `istio.io/use-waypoint: none`, `istio.io/ingress-use-waypoint:
  "false"`; `istio.io/use-waypoint-namespace` has no opt-out and is harmless once use-waypoint is none;
- `null`: the per-key nulls Big Bang documents, for users who want them (see the caveat).

Every key written says in its comment which form was chosen and why. Per-key nulls already in the
inputs are repaired: the opt-out replaces them, and a null on a key the release does not set (a 3.29
`istio.io/use-waypoint-namespace` left on 3.30 monitoring) is a required edit (`--in-place` deletes it).

Why: in ambient the umbrella labels those Services with `istio.io/use-waypoint*`; with the authservice
waypoint disabled, ztunnel would route to a waypoint that does not exist. How a removal renders depends
on Helm (DOMAIN.md, Nulls; verified with helm 4.1.4 and the real charts):
- a map-level null renders a Service with no istio.io label: where the chart's own default is non-nil
  Helm deletes the null, and where a Helm keeps or ignores it the chart's `if .Values...labels` guard
  renders nothing. It also drops any other label in that map, hence the condition above.
- Istio's opt-out renders valid Services with every Helm.

Releases: 3.23-3.29: three keys (use-waypoint, use-waypoint-namespace, ingress-use-waypoint) on monitoring
and thanos (thanos at `queryFrontend` before 3.26, `upstream.queryFrontend` after); 3.30: two keys on
monitoring, three on thanos; after 3.30: two keys on both.

Caveats: per-key nulls (`--label-removal null`): helm 4.1.4 and 3.19.x keep a null for a key that only
the umbrella's `defaults` set and render it, so the Service carries `istio.io/use-waypoint: null`, which
the API server rejects; Helm 4.2.0-4.2.4 ignore a parent chart's null aimed at a subchart key (helm/helm
issues 32132 and 32522). Flux helm-controller 1.5.0 embeds Helm 4.1.1 and 1.6.x embed Helm 4.2.x, so the
per-key null works on no current Flux.
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.helm.merge import HELM_NULL_CAVEAT

ID = "waypoint-labels-strip"
TITLE = "Stop protected Services from routing through a waypoint in gateway mode"


def plan(requirement, found, ctx) -> None:
    strategy = ctx.options.label_removal
    if strategy == "null":
        _per_key_nulls(requirement, ctx)
    elif strategy == "auto" and _map_null_is_safe(requirement, ctx):
        ctx.set(requirement.path, None, ID,
                f"{requirement.why}; map-level null: {requirement.label_map.chart} defaults to {{}}, so the Service "
                f"renders no istio.io label with any Helm (bbvalues explain {ID})")
    else:
        _opt_out(requirement, found, ctx, _why_not_map_null(requirement, ctx) if strategy == "auto" else
                 "--label-removal none")


def _user_labels(requirement, ctx) -> dict:
    labels = ctx.current(requirement.path)
    return labels if isinstance(labels, dict) else {}


def _other_labels(requirement, ctx) -> list[str]:
    """Labels the user sets in the map besides the waypoint labels (a map-level null would drop them)."""
    return [key for key in _user_labels(requirement, ctx) if key not in ctx.table.waypoint_label_keys]


def _map_null_is_safe(requirement, ctx) -> bool:
    return requirement.label_map.chart_default_recorded and not _other_labels(requirement, ctx)


def _why_not_map_null(requirement, ctx) -> str:
    others = _other_labels(requirement, ctx)
    if others:
        return f"a map-level null would also drop {', '.join(others)}, which the inputs set here"
    return "the release table records no chart default for this map, so a map-level null is not known to be safe"


def _opt_out(requirement, found, ctx, why_opt_out: str) -> None:
    istio = ctx.table.istio_labels
    reason = (f"{requirement.why}; Istio's opt-out renders a valid label with every Helm ({why_opt_out})")
    for label in requirement.enrollment.labels:
        path = requirement.path + (label.key,)
        if label.opt_out is not None:
            ctx.set(path, label.opt_out, ID, reason)
        elif ctx.current(path) is None and ctx.written(path):
            # no opt-out value (use-waypoint-namespace): harmless once use-waypoint is none, but a null renders
            if not ctx.hand_back(requirement, [path], ID, reason):
                ctx.set(path, label.value, ID, f"{requirement.why}; Big Bang's own value replaces the null, which "
                                                f"would render a null label; it routes nowhere once "
                                                f"{istio.use_waypoint} is {istio.no_waypoint}")
    release_keys = {label.key for label in requirement.enrollment.labels}
    for violation in found:
        if violation.path[-1] not in release_keys and violation.kind == "null-label":
            ctx.require(violation.path, ID, f"{dotted_path(violation.path)} is null and Big Bang "
                                            f"{ctx.release.name} does not set it: it would render a null label "
                                            "(an overlay cannot remove a key)")


def _per_key_nulls(requirement, ctx) -> None:
    if HELM_NULL_CAVEAT not in ctx.plan.caveats:
        ctx.plan.caveats.append(HELM_NULL_CAVEAT)
    for label in requirement.enrollment.labels:
        path = requirement.path + (label.key,)
        if ctx.current(path) in (None, label.opt_out) and ctx.written(path):
            continue
        ctx.set(path, None, ID, f"{requirement.why}; per-key null (--label-removal null, Big Bang's documented "
                                f"recipe): current Helm renders it as a null label (bbvalues explain {ID})")
