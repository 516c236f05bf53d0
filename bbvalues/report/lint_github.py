"""Lint findings as GitHub Actions workflow commands (`::error file=...,line=...::message`).

GitHub shows them as annotations on the pull request's changed lines. Property values and the
message are escaped as the runner expects (`%`, CR, LF, and `:`/`,` in properties).
"""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render_findings_github(findings) -> str:
    lines = []
    for finding in findings:
        properties = ",".join([f"file={_property(finding.file)}", f"line={finding.line}", f"col={finding.column}",
                               f"title={_property(f'bbvalues {finding.id}')}"])
        lines.append(f"::{LEVELS[finding.severity]} {properties}::{_data(f'{finding.message} (fix: {finding.fix})')}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
