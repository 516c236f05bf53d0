"""`bbvalues review`: one report a reviewer reads top to bottom before approving a mode change.

It gathers what the other parts compute: the detected and target mode and the release (bigbang),
the plan's changes, required edits and caveats (migrate), and the policies that appear or
disappear per package (review.policies, expanded with bbvalues.netpol). Renderers live in
`bbvalues.report.review_*`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bbvalues.bigbang.releases import SelectedRelease
from bbvalues.review.policies import PackagePolicies, UmbrellaPolicyChange


@dataclass
class Review:
    inputs: list[str]
    source_mode: str
    target_mode: str
    release: SelectedRelease
    waypoint_model: str
    plan: object
    umbrella_policies: list[UmbrellaPolicyChange] = field(default_factory=list)
    package_policies: list[PackagePolicies] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    remaining: list = field(default_factory=list)

    @property
    def has_work(self) -> bool:
        return self.plan.has_work

    @property
    def blocking(self) -> bool:
        return self.plan.blocking


def build_review(inputs, options, selected) -> Review:
    """Plan the migration of `inputs` to `options.target` on `selected` release, and what it does to policies."""
    from bbvalues.helm.merge import merge_sources
    from bbvalues.migrate.planner import plan_migration
    from bbvalues.migrate.views import effective_after
    from bbvalues.review.policies import package_policy_changes, umbrella_policy_changes
    from bbvalues.review.remaining import remaining_findings

    plan = plan_migration(inputs, options, selected)
    effective = merge_sources(inputs.sources)
    after = effective_after(plan, effective)
    release = selected.release
    return Review(
        inputs=list(plan.inputs), source_mode=plan.source_mode, target_mode=plan.target_mode, release=selected,
        waypoint_model=release.waypoint_model, plan=plan,
        umbrella_policies=umbrella_policy_changes(release, effective.values, after),
        package_policies=package_policy_changes(release, effective.values, after),
        warnings=list(plan.warnings), remaining=remaining_findings(effective, after, plan, selected))
