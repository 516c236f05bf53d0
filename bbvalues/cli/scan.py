"""`bbvalues scan`: every Big Bang environment of a GitOps repository, one line each."""

from __future__ import annotations

from pathlib import Path

from bbvalues.cli.common import palette_for, refuse_unknown_checks, settings, write_output
from bbvalues.cli.params import (
    BIGBANG_VERSION, DISABLE_CHECK, FAIL_ON, GATEWAY, LABEL_REMOVAL, MODES, REPORT_FILE, SHOW_SECRETS, Argument,
    Option, command, output_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

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

PARAMS = [
    Argument("directories", "[DIR]...", multiple=True, help="Directories to scan (default: the current one)."),
    Option("to", "--to", choices=MODES, help="Target mode: list the changes each environment needs (default: "
                                             ".bbvalues.yaml's target, else none)."),
    output_option(("text", "markdown", "json"), "text, markdown (a merge-request comment) or json."),
    FAIL_ON, DISABLE_CHECK, LABEL_REMOVAL, GATEWAY,
    Option("jobs", "-j", "--jobs", default="1", metavar="N",
           help="Worker processes for large fleets (each takes a share of the environments)."),
    REPORT_FILE, BIGBANG_VERSION, SHOW_SECRETS,
]


@command("scan", help="Find every Big Bang environment (Flux HelmRelease + Kustomize, or .bbvalues.yaml) and check "
                      "each one: release, mode, problems, changes for --to, lint findings.", epilog=EPILOG, params=PARAMS)
def scan(directories: list[str], to: Optional[str], output: str, fail_on: str, disable: list[str],
         label_removal: Optional[str], gateway: list[str], jobs: str, output_file: Optional[Path],
         bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.report.formats import scan_renderer
    from bbvalues.scan import scan as scan_environments
    from bbvalues.scan.checks import ScanOptions

    refuse_unknown_checks(disable)
    options = ScanOptions(target=to, label_removal=label_removal, gateways=tuple(gateway),
                          bigbang_version=bigbang_version, disabled_checks=tuple(disable), show_secrets=show_secrets)
    report = scan_environments(list(directories or ["."]), options, fail_on=fail_on, progress=not settings.quiet,
                               jobs=_worker_count(jobs))
    write_output(scan_renderer(output, palette_for(output_file))(report), output_file)
    return report.exit_code


def _worker_count(jobs: str) -> int:
    from bbvalues.cli.common import fail

    if not jobs.isdigit() or int(jobs) < 1:
        raise fail(f"--jobs {jobs}: give a whole number of worker processes, 1 or more")
    return int(jobs)
