"""`bbvalues lint`: findings about values that break, weaken or confuse an Istio mode."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, FilesArgument, Severity, ShowSecretsOption, ValuesKeyOption, ValuesOption, VersionOption,
    command_app, fail, input_names, load, redactor_for, reports_errors, say, warn,
)
from bbvalues.cli.output import ColorOption, ReportFileOption, emit, palette_for, verbose

app = command_app()


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    gitlab_codequality = "gitlab-codequality"
    sarif = "sarif"


def _check_ids(incomplete: str) -> list[str]:
    from bbvalues.lint.rules import BY_ID

    return [check_id for check_id in BY_ID if check_id.startswith(incomplete)]


EPILOG = ("\b\nExamples:\n"
          "  bbvalues lint values.yaml\n"
          "  bbvalues lint --fail-on warning base.yaml prod.yaml\n"
          "  bbvalues lint --format gitlab-codequality --output-file gl-code-quality-report.json values.yaml\n"
          "  bbvalues lint --format sarif values.yaml > bbvalues.sarif\n"
          "  bbvalues explain null-waypoint-label\n\n"
          "Exit codes: 0 no finding at or above --fail-on, 2 findings at or above it, 1 error.")


@app.command(epilog=EPILOG)
@reports_errors
def lint(
    files: Optional[list[str]] = FilesArgument,
    values: Optional[list[str]] = ValuesOption,
    output_format: LintFormat = typer.Option(LintFormat.text, "--format", "-o",
                                             help="text, json, github (workflow annotations), gitlab-codequality, "
                                                  "sarif (2.1.0)."),
    fail_on: Severity = typer.Option(Severity.error, "--fail-on",
                                     help="Exit 2 when a finding is at or above this severity."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", metavar="ID", autocompletion=_check_ids,
                                                help="Skip a check (repeatable); `bbvalues explain` lists them."),
    output_file: Optional[Path] = ReportFileOption,
    color: Optional[str] = ColorOption,
    values_key: str = ValuesKeyOption,
    bigbang_version: Optional[str] = VersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Check the merged values for mode problems: each finding has an id, a severity, file:line and a fix."""
    from bbvalues.lint import failing, run_lint
    from bbvalues.lint.rules import BY_ID
    from bbvalues.report.formats import lint_renderer
    from bbvalues.report.redact_reports import redacted_findings

    unknown = [check_id for check_id in disable or () if check_id not in BY_ID]
    if unknown:
        raise fail(f"unknown check {', '.join(unknown)}; `bbvalues explain` lists them")
    inputs, release = load(files, values, values_key, bigbang_version)
    redactor = redactor_for(inputs, show_secrets)
    for message in inputs.warnings + ([release.warning] if release.warning else []):
        warn(redactor.text(message))
    findings = run_lint(inputs, release, skip=tuple(disable or ()))
    if verbose():
        say(f"linted {len(inputs.sources)} values source(s) on Big Bang {release.label} with "
            f"{len(BY_ID) - len(disable or ())} checks: {len(findings)} finding(s)")
    checks = {check.ID: (check.TITLE, check.SEVERITY) for check in BY_ID.values()}
    palette = palette_for(color, output_file)
    render = lint_renderer(output_format.value, palette, checks)
    emit(render(redacted_findings(findings, redactor)), output_file, input_names(files, values), palette)
    raise typer.Exit(EXIT_CHANGES if failing(findings, fail_on.value) else EXIT_OK)
