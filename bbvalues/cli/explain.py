"""`bbvalues explain`: what each rule changes and why."""

from __future__ import annotations

from bbvalues.cli.common import fail, print_data
from bbvalues.cli.params import FLAG, Argument, Option, command

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional


def _catalogue() -> dict:
    from bbvalues.lint.rules import BY_ID
    from bbvalues.migrate.rules import RULES

    return {**RULES, **BY_ID}


def _ids(incomplete: str) -> list[str]:
    return [rule_id for rule_id in _catalogue() if rule_id.startswith(incomplete)]


def _contract_text(bigbang_version: Optional[str]) -> str:
    from bbvalues.bigbang.contract import everything_protected, requirements
    from bbvalues.bigbang.modes import MODES, UmbrellaView
    from bbvalues.bigbang.releases import select_release
    from bbvalues.helm.merge import Effective
    from bbvalues.report.explain import render_contract

    release = select_release(bigbang_version).release
    view = UmbrellaView(Effective(everything_protected(release)), release)
    return render_contract(release.name, {mode: requirements(view, mode) for mode in MODES})


@command("explain", help="List the rules, or explain one: what it changes, why, for which releases, and its caveats.",
         epilog="\b\nExamples:\n  bbvalues explain\n  bbvalues explain waypoint-labels-strip\n"
                "  bbvalues explain --contract --bigbang-version 3.30.0\n"
                "  bbvalues explain --lint-reference > docs/lint.md",
         params=[Argument("rule_id", "[RULE_ID]", complete=_ids,
                          help="A migration rule or lint check id; omit to list them."),
                 Option("lint_reference", "--lint-reference", kind=FLAG,
                        help="Print every lint check's documentation as one Markdown page."),
                 Option("contract", "--contract", kind=FLAG,
                        help="Print the mode contract of a release row (--bigbang-version): what each mode requires, "
                             "where, and why."),
                 Option("bigbang_version", "--bigbang-version", metavar="X.Y.Z",
                        help="The release row for --contract (default: the newest released row).")])
def explain(rule_id: Optional[str], lint_reference: bool, contract: bool, bigbang_version: Optional[str]) -> None:
    if lint_reference:
        from bbvalues.lint.rules import CHECKS
        from bbvalues.report.lint_reference import render_lint_reference

        print_data(render_lint_reference(CHECKS))
        return
    if contract:
        print_data(_contract_text(bigbang_version))
        return
    from bbvalues.bigbang.releases import release_table
    from bbvalues.report.explain import render_rule, render_rule_list

    catalogue = _catalogue()
    if rule_id is None:
        print_data(render_rule_list(catalogue))
        return
    if rule_id not in catalogue:
        raise fail(f"unknown rule {rule_id!r}; `bbvalues explain` lists them")
    print_data(render_rule(catalogue[rule_id], release_table().contract))
