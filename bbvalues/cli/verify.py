"""`bbvalues verify`: render the user's Big Bang chart with helm before and after a migration, and check it."""

from __future__ import annotations

from pathlib import Path

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, migration_options, palette_for, redactor_for, require_inputs, say, settings, write_output,
)
from bbvalues.cli.params import (
    FILES, GATEWAY, LABEL_REMOVAL, REPORT_FILE, SHOW_SECRETS, TARGET_MODE, VALUES, VALUES_KEY, Option, command,
    output_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

EPILOG = ("\b\nExamples:\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway values.yaml\n"
          "  bbvalues verify --chart bigbang-3.30.0.tgz --to ambient-gateway --label-removal none values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway --overlay ambient-gateway.yaml values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-gateway "
          "--package-chart monitoring=./monitoring/chart values.yaml\n"
          "  bbvalues verify --chart ./bigbang/chart --to ambient-waypoint -o markdown "
          "helmrelease.yaml configmap.yaml > verify.md\n\n"
          "helm is --helm PATH, else $HELM, else helm on PATH.\n\n"
          "Exit codes: 0 the after render reaches the target mode, 1 error (helm missing or failing, bad input), "
          "2 it does not (blocking findings).")

PARAMS = [
    FILES, VALUES, VALUES_KEY,
    Option("chart", "--chart", metavar="PATH", required=True,
           help="The Big Bang umbrella chart: a checkout's chart/ directory or a packaged .tgz."),
    TARGET_MODE,
    Option("overlay", "--overlay", metavar="FILE",
           help="Check this overlay (merged last, as written) instead of the one bbvalues would write."),
    Option("package_chart", "--package-chart", metavar="NAME=PATH", multiple=True,
           help="Also render package NAME's chart (e.g. monitoring=./monitoring/chart) with the values the umbrella "
                "hands it; report its Service labels and policies (repeatable)."),
    output_option(("text", "markdown", "json"),
                  "text (coloured on a terminal), markdown (a merge-request comment), json.", old_spelling="--format"),
    Option("helm", "--helm", metavar="PATH", help="The helm binary (default: $HELM, then helm on PATH)."),
    LABEL_REMOVAL, GATEWAY, REPORT_FILE,
    Option("bigbang_version", "--bigbang-version", metavar="X.Y.Z",
           help="Big Bang release row to check against (or 'next' for a chart newer than the last release). "
                "Default: the chart's own Chart.yaml version."),
    SHOW_SECRETS,
]


@command("verify", help="Render the umbrella chart with helm on the inputs before and after the migration (or "
                        "--overlay), and report per package: changed effective values, null or dangling waypoint "
                        "labels, HelmReleases and namespace labels that change, and whether each SSO-protected "
                        "package is still enforced.",
         epilog=EPILOG, params=PARAMS)
def verify(files: list[str], values_key: str, chart: str, to: str, overlay: Optional[str], package_chart: list[str],
           output: str, helm: Optional[str], label_removal: Optional[str], gateway: list[str], output_file: Optional[Path],
           bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.report.redact_reports import redacted_verify_report
    from bbvalues.verify import VerifyOptions, overlay_layers, select_chart_release, verify_migration
    from bbvalues.verify.helm import check_chart, find_helm
    from bbvalues.verify.package import parse_package_chart_spec

    charts = tuple(parse_package_chart_spec(spec) for spec in package_chart)
    check_chart(chart)
    binary = find_helm(helm)
    inputs = load_inputs(require_inputs(files), values_key=values_key)
    selected = select_chart_release(bigbang_version, inputs, binary, chart)
    options = VerifyOptions(chart=chart, target=to, package_charts=charts, values_key=values_key)
    migrated = (overlay_layers(inputs, overlay, values_key) if overlay else
                _migrated(inputs, migration_options(to, label_removal, gateway), selected))
    report = verify_migration(inputs, options, selected, binary, migrated)
    if settings.verbose:
        say(f"verified with {report.helm}: {len(report.findings)} finding(s), "
            f"{sum(finding.blocks for finding in report.findings)} blocking")
    report = redacted_verify_report(report, redactor_for(inputs, show_secrets))
    write_output(_renderer(output, palette_for(output_file))(report), output_file, files)
    return EXIT_OK if report.reached else EXIT_CHANGES


def _migrated(inputs, options, selected):
    """bbvalues' own migration as helm layers: the plan's deletions made on copies, then its overlay."""
    from bbvalues.migrate.planner import plan_migration
    from bbvalues.migrate.views import migrated_layers
    from bbvalues.verify import AfterLayers

    plan = plan_migration(inputs, options, selected)
    layers, not_modelled = migrated_layers(inputs, plan)
    return AfterLayers(layers, not_modelled, list(plan.warnings))


def _renderer(output: str, palette):
    from bbvalues.report.verify_json import render_verify_json
    from bbvalues.report.verify_markdown import render_verify_markdown
    from bbvalues.report.verify_text import render_verify_text

    return {"text": lambda report: render_verify_text(report, palette),
            "markdown": render_verify_markdown,
            "json": render_verify_json}[output]
