"""`bbvalues detect`: which Istio mode the values are in, and the evidence."""

import json
from enum import Enum
from typing import Optional

import typer

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, FilesArgument, ShowSecretsOption, ValuesKeyOption, ValuesOption, VersionOption,
    command_app, load, print_data, redactor_for, reports_errors, warn,
)

app = command_app()


class DetectFormat(str, Enum):
    text = "text"
    json = "json"


@app.command(epilog="\b\nExamples:\n  bbvalues detect values.yaml\n  bbvalues detect -o json base.yaml -f prod.yaml\n"
                    "  bbvalues detect helmrelease.yaml configmap.yaml secret.yaml\n\n"
                    "Exit codes: 0 a consistent mode, 2 inconsistent, 1 error.")
@reports_errors
def detect(
    files: Optional[list[str]] = FilesArgument,
    values: Optional[list[str]] = ValuesOption,
    output: DetectFormat = typer.Option(DetectFormat.text, "-o", "--output", help="text or json."),
    values_key: str = ValuesKeyOption,
    bigbang_version: Optional[str] = VersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Print the Istio mode of the merged values (sidecar, ambient-waypoint, ambient-gateway or inconsistent)."""
    from bbvalues.bigbang.detect import detect_inputs
    from bbvalues.report.detect import render_detection_text
    from bbvalues.report.redact_reports import redacted_detection

    inputs, release = load(files, values, values_key, bigbang_version)
    redactor = redactor_for(inputs, show_secrets)
    for message in inputs.warnings + ([release.warning] if release.warning else []):
        warn(redactor.text(message))
    detection = redacted_detection(detect_inputs(inputs, release), redactor)
    if output is DetectFormat.json:
        print_data(json.dumps(detection.as_dict(), indent=2) + "\n")
    else:
        print_data(render_detection_text(detection))
    raise typer.Exit(EXIT_CHANGES if detection.problems else EXIT_OK)
