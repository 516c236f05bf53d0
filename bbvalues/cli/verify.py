"""`bbvalues verify`: render the user's Big Bang chart with helm before and after a migration, and check it."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, FilesArgument, GatewayOption, LabelRemoval, LabelRemovalOption, Mode, ShowSecretsOption,
    TargetModeOption, ValuesKeyOption, ValuesOption, command_app, input_names, redactor_for, reports_errors, say,
)
from bbvalues.cli.output import ColorOption, ReportFileOption, emit, palette_for, verbose

app = command_app()


ChartVersionOption = typer.Option(None, "--bigbang-version", metavar="X.Y.Z",
                                  help="Big Bang release row to check against (or 'next' for a chart newer than the "
                                       "last release). Default: the chart's own Chart.yaml version.")


class VerifyFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


EPILOG = ("\b\nExamples:\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway values.yaml\n"
          "  bbvalues verify --chart bigbang-3.30.0.tgz --to ambient-gateway --label-removal none values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway --overlay ambient-gateway.yaml values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway "
          "--package-chart monitoring=./monitoring/chart values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-waypoint --format markdown "
          "helmrelease.yaml configmap.yaml > verify.md\n\n"
          "helm is --helm PATH, else $HELM, else helm on PATH.\n\n"
          "Exit codes: 0 the after render reaches the target mode, 1 error (helm missing or failing, bad input), "
          "2 it does not (blocking findings).")


@app.command(epilog=EPILOG)
@reports_errors
def verify(
    files: Optional[list[str]] = FilesArgument,
    chart: str = typer.Option(..., "--chart", metavar="PATH",
                              help="The Big Bang umbrella chart: a checkout's chart/ directory or a packaged .tgz."),
    to: Mode = TargetModeOption,
    values: Optional[list[str]] = ValuesOption,
    overlay: Optional[str] = typer.Option(None, "--overlay", metavar="FILE",
                                          help="Check this overlay (merged last, as written) instead of the one "
                                               "bbvalues would write; --label-removal and --gateway then do nothing."),
    package_chart: Optional[list[str]] = typer.Option(None, "--package-chart", metavar="NAME=PATH",
                                                      help="Also render package NAME's chart (e.g. "
                                                           "monitoring=./monitoring/chart) with the values the "
                                                           "umbrella hands it; report its Service labels and "
                                                           "policies (repeatable)."),
    output_format: VerifyFormat = typer.Option(VerifyFormat.text, "--format", "-o",
                                               help="text (coloured on a terminal), markdown (a merge-request "
                                                    "comment), json."),
    helm: Optional[str] = typer.Option(None, "--helm", metavar="PATH", help="The helm binary (default: $HELM, "
                                                                            "then helm on PATH)."),
    label_removal: LabelRemoval = LabelRemovalOption,
    gateway: Optional[list[str]] = GatewayOption,
    output_file: Optional[Path] = ReportFileOption,
    color: Optional[str] = ColorOption,
    values_key: str = ValuesKeyOption,
    bigbang_version: Optional[str] = ChartVersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Render the umbrella chart with helm on the inputs before and after the migration (or --overlay), and
    report per package: changed effective values, null or dangling waypoint labels, HelmReleases and
    namespace labels that change, and whether each SSO-protected package is still enforced."""
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.report.redact_reports import redacted_verify_report
    from bbvalues.migrate.planner import MigrationOptions
    from bbvalues.verify import VerifyOptions, overlay_layers, select_chart_release, verify_migration
    from bbvalues.verify.helm import check_chart, find_helm
    from bbvalues.verify.package import parse_package_chart_spec

    names = input_names(files, values)
    charts = tuple(parse_package_chart_spec(spec) for spec in package_chart or ())
    check_chart(chart)
    binary = find_helm(helm)
    inputs = load_inputs(names, values_key=values_key)
    selected = select_chart_release(bigbang_version, inputs, binary, chart)
    options = VerifyOptions(chart=chart, target=to.value, package_charts=charts, values_key=values_key)
    migrated = (overlay_layers(inputs, overlay, values_key) if overlay else
                _migrated(inputs, MigrationOptions(to.value, label_removal.value, tuple(gateway or ())), selected))
    report = verify_migration(inputs, options, selected, binary, migrated)
    if verbose():
        say(f"verified with {report.helm}: {len(report.findings)} finding(s), "
            f"{sum(finding.blocks for finding in report.findings)} blocking")
    palette = palette_for(color, output_file)
    report = redacted_verify_report(report, redactor_for(inputs, show_secrets))
    emit(_renderer(output_format, palette)(report), output_file, names, palette)
    raise typer.Exit(EXIT_OK if report.reached else EXIT_CHANGES)


def _migrated(inputs, options, selected):
    """bbvalues' own migration as helm layers: the plan's deletions made on copies, then its overlay."""
    from bbvalues.migrate.planner import plan_migration
    from bbvalues.migrate.views import migrated_layers
    from bbvalues.verify import AfterLayers

    plan = plan_migration(inputs, options, selected)
    layers, not_modelled = migrated_layers(inputs, plan)
    return AfterLayers(layers, not_modelled, list(plan.warnings))


def _renderer(output_format: VerifyFormat, palette):
    from bbvalues.report.verify_json import render_verify_json
    from bbvalues.report.verify_markdown import render_verify_markdown
    from bbvalues.report.verify_text import render_verify_text

    return {VerifyFormat.text: lambda report: render_verify_text(report, palette),
            VerifyFormat.markdown: render_verify_markdown,
            VerifyFormat.json: render_verify_json}[output_format]
