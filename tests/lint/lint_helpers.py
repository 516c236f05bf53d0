"""Lint values given as text, the way the CLI reads a file."""

from __future__ import annotations

import textwrap

from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.lint import run_lint


def lint_yaml(text: str, version: str = "3.30.0"):
    inputs = load_inputs(["-"], stdin_text=textwrap.dedent(text))
    return run_lint(inputs, select_release(version))


def ids(findings) -> list[str]:
    return [finding.id for finding in findings]
