"""Plan a migration: the target mode's contract, checked against the inputs, each violation repaired by its rule.

The mode contract (bigbang.contract, releases.yaml `contract`) says what the target mode requires;
the violations in the state the target would have (bigbang.state) are what must change; the rule
named by each requirement (migrate.rules) plans the change, with its reason, as an overlay key or a
required edit of the user's file, or, in place, as the deletion that hands a key back to the release.
"""

from __future__ import annotations

from bbvalues.bigbang.contract import LABEL_REMOVAL, Requirement, violations
from bbvalues.bigbang.detect import detected_mode
from bbvalues.bigbang.modes import AMBIENT_GATEWAY, MODES, view_of
from bbvalues.bigbang.releases import SelectedRelease
from bbvalues.documents.inputs import InputSet, duplicate_key_warnings
from bbvalues.documents.yamltree import dotted_path
from bbvalues.errors import BBValuesError
from bbvalues.migrate.context import MigrationOptions, PlanContext
from bbvalues.migrate.plan import MigrationPlan, RequiredEdit
from bbvalues.migrate.rules import RULES, authz_attachment, gateway_selector_label

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

__all__ = ["MigrationOptions", "plan_migration"]


def plan_migration(inputs: InputSet, options: MigrationOptions, release: SelectedRelease) -> MigrationPlan:
    """The changes that move the merged `inputs` to `options.target` on `release`."""
    _check_options(options)
    view = view_of(inputs, release.release)
    plan = MigrationPlan(inputs=[source.label for source in inputs.sources], source_mode=detected_mode(view),
                         target_mode=options.target, release=release.label, release_source=release.how)
    plan.warnings.extend(inputs.warnings)
    if release.warning:
        plan.warnings.append(release.warning)
    plan.warnings.extend(duplicate_key_warnings(inputs))
    ctx = PlanContext(view, options, plan)
    _refuse_gateways_left_out(ctx)
    found = violations(ctx.state, options.target, ctx.check_options)
    for requirement, of_requirement in _by_requirement(found, ctx.in_place):
        RULES[requirement.id].plan(requirement, of_requirement, ctx)
    gateway_selector_label.plan_chosen(ctx)
    authz_attachment.plan_policies(ctx)
    _inline_values_win(inputs, plan)
    _explain_gateway_mode(ctx)
    return plan


def _check_options(options: MigrationOptions) -> None:
    if options.target not in MODES:
        raise BBValuesError(f"unknown mode {options.target!r}; choose one of {', '.join(MODES)}")
    if options.label_removal not in LABEL_REMOVAL:
        raise BBValuesError(f"unknown --label-removal {options.label_removal!r}; choose one of "
                            f"{', '.join(LABEL_REMOVAL)}")
    if "shared" in options.gateways:
        raise BBValuesError("--gateway shared: the shared block labels every gateway, including passthrough; "
                            "name the gateway (e.g. public)")


def _by_requirement(found, in_place: bool) -> Iterator[tuple[Requirement, list]]:
    """Violations grouped by requirement, in contract order; leftovers only when editing in place."""
    grouped: dict[Requirement, list] = {}
    for violation in found:
        if violation.is_problem or in_place:
            grouped.setdefault(violation.requirement, []).append(violation)
    return iter(grouped.items())


def _refuse_gateways_left_out(ctx: PlanContext) -> None:
    if ctx.target == AMBIENT_GATEWAY and ctx.options.gateways:
        serving = ctx.view.protected_gateways()
        left_out = [gateway for gateway in serving if gateway not in ctx.options.gateways]
        if left_out:
            # A gateway that serves a protected host but lacks the selector lets requests through unauthenticated.
            raise BBValuesError(f"cannot migrate to {ctx.target}: --gateway {' '.join(ctx.options.gateways)} leaves "
                                f"out gateway {', '.join(left_out)}, which serves SSO-protected hosts: nothing would "
                                "enforce SSO there",
                                hint=f"add --gateway {' --gateway '.join(left_out)}, or move the packages to the "
                                     f"chosen gateway (their ingress.gateway) first")


def _inline_values_win(inputs: InputSet, plan: MigrationPlan) -> None:
    """Flux merges a HelmRelease's inline `spec.values` after every `valuesFrom` entry: no overlay wins there."""
    inline = [source for source in inputs.sources if source.release_inline]
    for change in list(plan.changes):
        for source in inline:
            set_there = next((change.path[:depth] for depth in range(len(change.path), 0, -1)
                              if change.path[:depth] in source.origins), None)
            if set_there is not None:
                plan.required_edits.append(RequiredEdit(
                    path=set_there, rule=change.rule, origin=source.origins[set_there],
                    reason=f"the HelmRelease's spec.values sets {dotted_path(set_there)}, and Flux merges spec.values "
                           f"after every valuesFrom entry, so the overlay's {dotted_path(change.path)} cannot win: "
                           "delete it from spec.values"))
                break


def _explain_gateway_mode(ctx: PlanContext) -> None:
    """What gateway enforcement does not cover, said once, and only when a migration to it does something."""
    if ctx.target != AMBIENT_GATEWAY or not ctx.plan.has_work:
        return
    if not ctx.view.active_protections():
        ctx.plan.caveats.append("no SSO-protected package found (monitoring, thanos: SSO off): no gateway is labelled, "
                                "there is nothing for gateway enforcement to protect")
        return
    ctx.plan.caveats.extend(GATEWAY_CAVEATS)


GATEWAY_CAVEATS = (
    "ztunnel is L4 only: an ambient application pod carrying the selector label is NOT protected; only "
    "Envoy gateway pods enforce the authservice policies.",
    "Traffic that does not pass the ingress gateway (in-mesh service-to-service calls) is not "
    "authenticated by authservice.",
    "The authservice policies live in istio-system with a label selector, so they match any pod with the "
    "selector label in any namespace: label only the gateways you mean to protect.",
)
