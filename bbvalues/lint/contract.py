"""Lint checks that report the mode contract: each violation of the detected mode's contract once, under the
one lint rule the release table names for it (releases.yaml `contract`, `lint`).

A finding sits where the key is written, else at the nearest block the user wrote above it (where the fix
goes), else at the switch that selects the mode. The fix names the key and the change, and the migration
rule that makes it.
"""

from __future__ import annotations

from bbvalues.bigbang.contract import Violation
from bbvalues.bigbang.packages import resolve_key
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterator


def contract_check(rule_id: str, severity: str) -> Callable[[LintContext], Iterator[Finding]]:
    """The `check` of a lint rule that reports the contract violations the table assigns to `rule_id`."""

    def check(context: LintContext) -> Iterator[Finding]:
        for violation in context.contract_violations:
            if violation.lint_rule == rule_id:
                yield Finding.at(_anchor(context, violation), rule_id, severity, violation.message, _fix(violation))

    return check


def _anchor(context: LintContext, violation: Violation):
    written = context.written(violation.path, depth=2)
    if written is not None:
        return written
    switches = context.view.table.ambient_switches
    switch = switches[0] if context.mode == "sidecar" else (
        context.view.table.waypoint_toggle if context.mode == "ambient-gateway" else switches[0])
    return context.locate(resolve_key(context.values, switch))


def _fix(violation: Violation) -> str:
    requirement = violation.requirement
    return f"{violation.fix} (bbvalues migrate --to {requirement.mode} does it: rule {requirement.id})"
