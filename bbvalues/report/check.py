"""`bbvalues migrate --check` on stderr: one line per needed change, for a CI log or a pre-commit hook.

`file:line: rule: key: old -> new`, like a compiler's diagnostics, so an editor or a reviewer can
jump to the line. A key the migration adds has no line yet: it is named with the file it goes to
(the last input, as `--in-place` writes it). A required edit says what to do instead of a new value.
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.report.values import show_value


def check_lines(plan, last_input: str) -> list[str]:
    """The lines for a plan with work (give it redacted: the values are printed)."""
    lines = [f"{_where(change.origin, last_input)}: {change.rule}: {dotted_path(change.path)}: "
             f"{show_value(change.old)} -> {show_value(change.new)}" for change in plan.changes]
    lines += [f"{_where(edit.origin, last_input)}: {edit.rule}: {dotted_path(edit.path)}: {edit.verb} "
              "(an edit of your own file; an overlay cannot do it)" for edit in plan.required_edits]
    lines.append(f"{len(plan.changes)} change(s) and {len(plan.required_edits)} required edit(s) to reach "
                 f"{plan.target_mode}")
    return lines


def _where(origin, last_input: str) -> str:
    return f"{origin.file}:{origin.line}" if origin else last_input
