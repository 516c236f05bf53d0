"""`bbvalues scan`: every Big Bang environment of a GitOps repository, one line each."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bbvalues.cli.common import (
    GatewayOption, LabelRemoval, Mode, Severity, ShowSecretsOption, VersionOption, command_app, fail, reports_errors,
)
from bbvalues.cli.output import ColorOption, ReportFileOption, emit, palette_for

app = command_app()


class ScanFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


EPILOG = ("\b\nExamples:\n"
          "  bbvalues scan\n"
          "  bbvalues scan --to ambient-gateway clusters/\n"
          "  bbvalues scan --to ambient-waypoint -o markdown . > scan.md\n"
          "  bbvalues scan -o json --output-file scan.json\n"
          "  bbvalues scan --jobs 2 --to ambient-gateway fleet/\n\n"
          "Environments: each Flux HelmRelease of the bigbang chart, with the Kustomization that builds it;\n"
          "plain values files are declared in .bbvalues.yaml at the repository root.\n\n"
          "Exit codes: 0 nothing to do, 2 changes needed, problems or findings at or above --fail-on, "
          "1 an environment could not be read or checked.")


@app.command(epilog=EPILOG)
@reports_errors
def scan(
    directories: Optional[list[str]] = typer.Argument(None, metavar="[DIR]...", show_default=False,
                                                      help="Directories to scan (default: the current one)."),
    to: Optional[Mode] = typer.Option(None, "--to", help="Target mode: list the changes each environment needs "
                                                         "(default: .bbvalues.yaml's target, else none)."),
    output_format: ScanFormat = typer.Option(ScanFormat.text, "-o", "--output",
                                             help="text, markdown (a merge-request comment) or json."),
    fail_on: Severity = typer.Option(Severity.error, "--fail-on",
                                     help="Exit 2 when a lint finding is at or above this severity."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", metavar="ID",
                                                help="Skip a lint check (repeatable)."),
    label_removal: Optional[LabelRemoval] = typer.Option(None, "--label-removal",
                                                         help="As for migrate (default: .bbvalues.yaml's, else "
                                                              "migrate's default)."),
    gateway: Optional[list[str]] = GatewayOption,
    jobs: int = typer.Option(1, "-j", "--jobs", min=1, metavar="N",
                             help="Worker processes for large fleets (each takes a share of the environments)."),
    output_file: Optional[Path] = ReportFileOption,
    color: Optional[str] = ColorOption,
    bigbang_version: Optional[str] = VersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Find every Big Bang environment (Flux HelmRelease + Kustomize, or .bbvalues.yaml) and check each one:
    release, mode, problems, changes for --to, lint findings."""
    from bbvalues.lint.rules import BY_ID
    from bbvalues.report.formats import scan_renderer
    from bbvalues.scan import scan as scan_environments
    from bbvalues.scan.checks import CheckOptions

    unknown = [check_id for check_id in disable or () if check_id not in BY_ID]
    if unknown:
        raise fail(f"unknown check {', '.join(unknown)}; `bbvalues explain` lists them")
    options = CheckOptions(target=to.value if to else None, label_removal=label_removal.value if label_removal else None,
                           gateways=tuple(gateway or ()), bigbang_version=bigbang_version,
                           disabled_checks=tuple(disable or ()), show_secrets=show_secrets)
    report = scan_environments(list(directories or ["."]), options, fail_on=fail_on.value, progress=True, jobs=jobs)
    palette = palette_for(color, output_file)
    emit(scan_renderer(output_format.value, palette)(report), output_file, [], palette)
    raise typer.Exit(report.exit_code)
