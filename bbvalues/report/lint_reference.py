"""The lint reference page (docs/lint.md), built from the checks' own docstrings.

The docstrings are the documentation; this page is generated from them so the two cannot drift
(`bbvalues explain --lint-reference > docs/lint.md`; a test compares).
"""

from __future__ import annotations

import inspect

INTRO = """# `bbvalues lint` checks

<!-- Generated from the docstrings in bbvalues/lint/rules/ by
     `bbvalues explain --lint-reference > docs/lint.md`; edit the docstrings, not this file. -->

`bbvalues lint FILE...` merges the values files as Helm does and reports each finding with an id,
a severity, `file:line:column`, a message and a fix. `bbvalues explain ID` prints the section below
for one check.

- `--format text|json|github|gitlab-codequality|sarif` (text is coloured on a terminal only; see
  `--color`, `NO_COLOR`, `FORCE_COLOR`, `TERM=dumb`).
- `--fail-on error|warning|info` (default `error`): exit 2 when a finding is at or above it, 0
  otherwise, 1 on an error (unreadable input, unknown option).
- `--disable ID` (repeatable) skips a check.

| Check | Severity | What it finds |
|---|---|---|
"""


def render_lint_reference(checks) -> str:
    table = "".join(f"| [`{check.ID}`](#{_anchor(check.ID)}) | {check.SEVERITY} | {_cell(check.TITLE)} |\n"
                    for check in checks)
    sections = "".join(f"\n## {check.ID}\n\n*Severity: {check.SEVERITY}.* {inspect.cleandoc(check.__doc__)}\n"
                       for check in checks)
    return INTRO + table + sections


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _anchor(check_id: str) -> str:
    """GitHub/GitLab heading anchors: lower case, dots dropped."""
    return check_id.lower().replace(".", "")
