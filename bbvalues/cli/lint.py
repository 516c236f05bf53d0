"""`bbvalues lint`: findings about values that break, weaken or confuse an Istio mode."""

from __future__ import annotations

from pathlib import Path

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, input_warnings, load, palette_for, redactor_for, refuse_unknown_checks, say, settings, warn,
    write_output,
)
from bbvalues.cli.params import DISABLE_CHECK, FAIL_ON, INPUTS, REPORT_FILE, SHOW_SECRETS, command, output_option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

FORMATS = ("text", "json", "github", "gitlab-codequality", "sarif")


EPILOG = ("\b\nExamples:\n"
          "  bbvalues lint values.yaml\n"
          "  bbvalues lint --fail-on warning base.yaml prod.yaml\n"
          "  bbvalues lint -o gitlab-codequality --output-file gl-code-quality-report.json values.yaml\n"
          "  bbvalues lint -o sarif values.yaml > bbvalues.sarif\n"
          "  bbvalues explain null-waypoint-label\n\n"
          "Exit codes: 0 no finding at or above --fail-on, 2 findings at or above it, 1 error.")

PARAMS = [
    *INPUTS,
    output_option(FORMATS, "text, json, github (workflow annotations), gitlab-codequality, sarif (2.1.0).",
                  old_spelling="--format"),
    FAIL_ON, DISABLE_CHECK,
    REPORT_FILE, SHOW_SECRETS,
]


@command("lint", help="Check the merged values for mode problems: each finding has an id, a severity, file:line and "
                      "a fix.", epilog=EPILOG, params=PARAMS)
def lint(files: list[str], output: str, fail_on: str, disable: list[str], output_file: Optional[Path],
         values_key: str, bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.lint import failing, run_lint
    from bbvalues.lint.rules import BY_ID
    from bbvalues.report.formats import lint_renderer
    from bbvalues.report.redact_reports import redacted_findings

    refuse_unknown_checks(disable)
    inputs, release = load(files, values_key, bigbang_version)
    redactor = redactor_for(inputs, show_secrets)
    for message in input_warnings(inputs, release, duplicates=False):  # the duplicate-key check reports them
        warn(redactor.text(message))
    findings = run_lint(inputs, release, skip=tuple(disable))
    if settings.verbose:
        say(f"linted {len(inputs.sources)} values source(s) on Big Bang {release.label} with "
            f"{len(BY_ID) - len(disable)} checks: {len(findings)} finding(s)")
    checks = {check.ID: (check.TITLE, check.SEVERITY) for check in BY_ID.values()}
    render = lint_renderer(output, palette_for(output_file), checks, release)
    write_output(render(redacted_findings(findings, redactor)), output_file, files)
    return EXIT_CHANGES if failing(findings, fail_on) else EXIT_OK
