"""`bbvalues detect`: which Istio mode the values are in, and the evidence."""

from __future__ import annotations

import json

from bbvalues.cli.common import (
    EXIT_CHANGES, EXIT_OK, input_warnings, load, print_data, redactor_for, warn,
)
from bbvalues.cli.params import INPUTS, SHOW_SECRETS, command, output_option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

EPILOG = ("\b\nExamples:\n  bbvalues detect values.yaml\n  bbvalues detect -o json -f base.yaml -f prod.yaml\n"
          "  bbvalues detect helmrelease.yaml configmap.yaml secret.yaml\n\n"
          "Exit codes: 0 a consistent mode, 2 inconsistent, 1 error.")


@command("detect", help="Print the Istio mode of the merged values (sidecar, ambient-waypoint, ambient-gateway or "
                        "inconsistent).", epilog=EPILOG,
         params=[*INPUTS, output_option(("text", "json"), "text or json."), SHOW_SECRETS])
def detect(files: list[str], output: str, values_key: str, bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.bigbang.detect import detect_inputs
    from bbvalues.report.detect import detection_document, render_detection_text
    from bbvalues.report.redact_reports import redacted_detection

    inputs, release = load(files, values_key, bigbang_version)
    redactor = redactor_for(inputs, show_secrets)
    for message in input_warnings(inputs, release):
        warn(redactor.text(message))
    detection = redacted_detection(detect_inputs(inputs, release), redactor)
    if output == "json":
        print_data(json.dumps(detection_document(detection, release), indent=2) + "\n")
    else:
        print_data(render_detection_text(detection))
    return EXIT_CHANGES if detection.problems else EXIT_OK
