"""`bbvalues review`: one report of a mode change for the merge-request reviewer."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bbvalues.cli.common import (
    EXIT_OK, FilesArgument, GatewayOption, LabelRemoval, LabelRemovalOption, Mode, ShowSecretsOption, TargetModeOption,
    ValuesKeyOption, ValuesOption, VersionOption, command_app, input_names, load, redactor_for, reports_errors, say,
)
from bbvalues.cli.output import ColorOption, ReportFileOption, emit, palette_for, verbose

app = command_app()


class ReviewFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


EPILOG = ("\b\nExamples:\n"
          "  bbvalues review --to ambient-gateway values.yaml\n"
          "  bbvalues review --to ambient-waypoint --format markdown base.yaml prod.yaml > review.md\n"
          "  bbvalues review --to sidecar --format json helmrelease.yaml configmap.yaml\n"
          "  bbvalues review --to ambient-gateway --show-secrets values.yaml   (secrets are <redacted> by default)\n\n"
          "Exit codes: 0 report written (gate on `bbvalues migrate --check`), 1 error.")


@app.command(epilog=EPILOG)
@reports_errors
def review(
    files: Optional[list[str]] = FilesArgument,
    to: Mode = TargetModeOption,
    values: Optional[list[str]] = ValuesOption,
    output_format: ReviewFormat = typer.Option(ReviewFormat.text, "--format", "-o",
                                               help="text (coloured on a terminal), markdown (a merge-request "
                                                    "comment), json."),
    label_removal: LabelRemoval = LabelRemovalOption,
    gateway: Optional[list[str]] = GatewayOption,
    output_file: Optional[Path] = ReportFileOption,
    color: Optional[str] = ColorOption,
    values_key: str = ValuesKeyOption,
    bigbang_version: Optional[str] = VersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Report a migration for review: modes, release, changes with rule and file:line, required edits,
    caveats, and the policies that appear or disappear per package."""
    from bbvalues.migrate.planner import MigrationOptions
    from bbvalues.report.formats import review_renderer
    from bbvalues.report.redact_reports import redacted_review
    from bbvalues.review import build_review

    inputs, release = load(files, values, values_key, bigbang_version)
    options = MigrationOptions(to.value, label_removal.value, tuple(gateway or ()))
    result = build_review(inputs, options, release)
    if verbose():
        say(f"reviewed {len(inputs.sources)} values source(s): {len(result.plan.changes)} change(s), "
            f"{len(result.plan.required_edits)} required edit(s), {len(result.package_policies)} package(s) "
            f"with policy changes")
    palette = palette_for(color, output_file)
    render = review_renderer(output_format.value, palette)
    shown = redacted_review(result, redactor_for(inputs, show_secrets))
    emit(render(shown), output_file, input_names(files, values), palette)
    raise typer.Exit(EXIT_OK)
