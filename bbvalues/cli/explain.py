"""`bbvalues explain`: what each rule changes and why."""

from typing import Optional

import typer

from bbvalues.cli.common import command_app, fail, print_data

app = command_app()


def _ids(incomplete: str) -> list[str]:
    from bbvalues.lint.rules import BY_ID
    from bbvalues.migrate.rules import RULES

    return [rule_id for rule_id in (*RULES, *BY_ID) if rule_id.startswith(incomplete)]


def _contract_text(bigbang_version: Optional[str]) -> str:
    from bbvalues.bigbang.contract import everything_protected, requirements
    from bbvalues.bigbang.modes import MODES, UmbrellaView
    from bbvalues.bigbang.releases import select_release
    from bbvalues.helm.merge import Effective
    from bbvalues.report.explain import render_contract

    release = select_release(bigbang_version).release
    view = UmbrellaView(Effective(everything_protected(release)), release)
    return render_contract(release.name, {mode: requirements(view, mode) for mode in MODES})


@app.command(epilog="\b\nExamples:\n  bbvalues explain\n  bbvalues explain waypoint-labels-strip\n"
                    "  bbvalues explain --contract --bigbang-version 3.30.0\n"
                    "  bbvalues explain --lint-reference > docs/lint.md")
def explain(rule_id: Optional[str] = typer.Argument(None, metavar="[RULE_ID]", autocompletion=_ids,
                                                   help="A migration rule or lint check id; omit to list them."),
            lint_reference: bool = typer.Option(False, "--lint-reference",
                                                help="Print every lint check's documentation as one Markdown page."),
            contract: bool = typer.Option(False, "--contract",
                                          help="Print the mode contract of a release row (--bigbang-version): what "
                                               "each mode requires, where, and why."),
            bigbang_version: Optional[str] = typer.Option(None, "--bigbang-version", metavar="X.Y.Z",
                                                          help="The release row for --contract (default: the newest "
                                                               "released row)."),
            ) -> None:
    """List the rules, or explain one: what it changes, why, for which releases, and its caveats."""
    from bbvalues.bigbang.releases import release_table
    from bbvalues.lint.rules import BY_ID, CHECKS
    from bbvalues.migrate.rules import RULES
    from bbvalues.report.explain import render_rule, render_rule_list

    if lint_reference:
        from bbvalues.report.lint_reference import render_lint_reference

        print_data(render_lint_reference(CHECKS))
        return
    if contract:
        print_data(_contract_text(bigbang_version))
        return
    catalogue = {**RULES, **BY_ID}
    if rule_id is None:
        print_data(render_rule_list(catalogue))
        return
    if rule_id not in catalogue:
        raise fail(f"unknown rule {rule_id!r}; `bbvalues explain` lists them")
    print_data(render_rule(catalogue[rule_id], release_table().contract))
