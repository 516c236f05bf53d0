"""`bbvalues lint`: findings about Big Bang values that break, weaken or confuse an Istio mode.

Data flows one way: inputs and release -> `LintContext` -> every check in `rules.CHECKS` ->
sorted `Finding`s, less those an inline `# bbvalues: disable=ID` comment silences (lint.suppress).
Reporters in `bbvalues.report` render them; checks know nothing about formats.
"""

from __future__ import annotations

from bbvalues.lint.finding import ERROR, INFO, SEVERITIES, WARNING, Finding, at_or_above


def run_lint(inputs, release, only: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> list[Finding]:
    """Every finding of every check (or of `only`, minus `skip`), sorted by file, line and column."""
    from bbvalues.lint.context import LintContext
    from bbvalues.lint.rules import CHECKS
    from bbvalues.lint.suppress import without_silenced

    context = LintContext(inputs, release)
    context.view  # noqa: B018  (the umbrella view refuses wrong-typed values before any check reads them)
    findings = set()
    for check in CHECKS:
        if (only and check.ID not in only) or check.ID in skip:
            continue
        findings.update(check.check(context))
    return sorted(without_silenced(findings, context.sources))


def failing(findings: list[Finding], threshold: str) -> list[Finding]:
    return [finding for finding in findings if at_or_above(finding.severity, threshold)]


__all__ = ["ERROR", "INFO", "SEVERITIES", "WARNING", "Finding", "run_lint", "failing", "at_or_above"]
