"""`bbvalues netpol diff -o markdown`: the policy changes as a merge-request table."""

from __future__ import annotations

from bbvalues.netpol.diff import PolicyChange, PolicyDiff
from bbvalues.report.netpol_diff_text import policy_counts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _cell(values: Any) -> str:
    text = "<br>".join(values) if isinstance(values, tuple) else str(values)
    return (text or "-").replace("|", "\\|")


def _changed_cell(change: PolicyChange, aspect: str) -> str:
    """The new value, or `old → new` when this aspect is what changed."""
    now = _cell(getattr(change.after, aspect))
    return f"{_cell(getattr(change.before, aspect))} → {now}" if aspect in change.aspects else now


def render_netpol_diff_markdown(diff: PolicyDiff) -> str:
    lines = ["## Policy changes", "", policy_counts(diff), ""]
    if not diff.has_changes:
        return "\n".join(lines) + "\n"
    lines += ["| change | kind | namespace/name | direction | pods | peers | ports |", "|---|---|---|---|---|---|---|"]
    rows = [("added", s) for s in diff.added] + [("removed", s) for s in diff.removed]
    for label, s in rows:
        lines.append(f"| {label} | {s.kind} | `{s.namespace}/{s.name}` | {s.direction} | {_cell(s.pods)} | "
                     f"{_cell(s.peers)} | {_cell(s.ports)} |")
    for change in diff.changed:
        s = change.after
        cells = " | ".join(_changed_cell(change, aspect) for aspect in ("direction", "pods", "peers", "ports"))
        lines.append(f"| changed ({', '.join(change.aspects)}) | {s.kind} | `{s.namespace}/{s.name}` | {cells} |")
    return "\n".join(lines) + "\n"
