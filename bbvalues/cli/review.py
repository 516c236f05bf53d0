"""`bbvalues review`: one report of a mode change for the merge-request reviewer."""

from __future__ import annotations

from pathlib import Path

from bbvalues.cli.common import EXIT_OK, load, migration_options, palette_for, redactor_for, say, settings, write_output
from bbvalues.cli.params import (
    GATEWAY, INPUTS, LABEL_REMOVAL, REPORT_FILE, SHOW_SECRETS, TARGET_MODE, command, output_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

EPILOG = ("\b\nExamples:\n"
          "  bbvalues review --to ambient-gateway values.yaml\n"
          "  bbvalues review --to ambient-waypoint -o markdown base.yaml prod.yaml > review.md\n"
          "  bbvalues review --to sidecar -o json helmrelease.yaml configmap.yaml\n"
          "  bbvalues review --to ambient-gateway --show-secrets values.yaml   (secrets are <redacted> by default)\n\n"
          "Exit codes: 0 report written (gate on `bbvalues migrate --check`), 1 error.")

PARAMS = [
    *INPUTS, TARGET_MODE,
    output_option(("text", "markdown", "json"),
                  "text (coloured on a terminal), markdown (a merge-request comment), json.", old_spelling="--format"),
    LABEL_REMOVAL, GATEWAY, REPORT_FILE, SHOW_SECRETS,
]


@command("review", help="Report a migration for review: modes, release, changes with rule and file:line, required "
                        "edits, caveats, and the policies that appear or disappear per package.", epilog=EPILOG, params=PARAMS)
def review(files: list[str], to: str, output: str, label_removal: Optional[str], gateway: list[str],
           output_file: Optional[Path], values_key: str, bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.report.formats import review_renderer
    from bbvalues.report.redact_reports import redacted_review
    from bbvalues.review import build_review

    inputs, release = load(files, values_key, bigbang_version)
    result = build_review(inputs, migration_options(to, label_removal, gateway), release)
    if settings.verbose:
        say(f"reviewed {len(inputs.sources)} values source(s): {len(result.plan.changes)} change(s), "
            f"{len(result.plan.required_edits)} required edit(s), {len(result.package_policies)} package(s) "
            f"with policy changes")
    render = review_renderer(output, palette_for(output_file))
    write_output(render(redacted_review(result, redactor_for(inputs, show_secrets))), output_file, files)
    return EXIT_OK
