"""`bbvalues explain`: what each rule changes and why."""

from __future__ import annotations

from typing import Optional

from bbvalues.cli.common import fail, print_data
from bbvalues.cli.params import Argument, command


def _catalogue() -> dict:
    from bbvalues.lint.rules import BY_ID
    from bbvalues.migrate.rules import RULES

    return {**RULES, **BY_ID}


def _ids(incomplete: str) -> list[str]:
    return [rule_id for rule_id in _catalogue() if rule_id.startswith(incomplete)]


@command("explain", help="List the rules, or explain one: what it changes, why, for which releases, and its caveats.",
         epilog="\b\nExamples:\n  bbvalues explain\n  bbvalues explain waypoint-labels-strip",
         params=[Argument("rule_id", "[RULE_ID]", complete=_ids,
                          help="A migration rule or lint check id; omit to list them.")])
def explain(rule_id: Optional[str]) -> None:
    from bbvalues.report.explain import render_rule, render_rule_list

    catalogue = _catalogue()
    if rule_id is None:
        print_data(render_rule_list(catalogue))
        return
    if rule_id not in catalogue:
        raise fail(f"unknown rule {rule_id!r}; `bbvalues explain` lists them")
    print_data(render_rule(catalogue[rule_id]))
