"""`bbvalues netpol diff` (text): each policy added, removed or changed, with the pods, peers and ports."""

from __future__ import annotations

from bbvalues.netpol.diff import ASPECTS, PolicyDiff, PolicySummary


def policy_counts(diff: PolicyDiff) -> str:
    return (f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed, "
            f"{diff.unchanged} unchanged")


def _describe(summary: PolicySummary, indent: str = "    ") -> list[str]:
    lines = [f"{indent}pods:  {summary.pods}", f"{indent}peers: {', '.join(summary.peers) or '-'}",
             f"{indent}ports: {', '.join(summary.ports) or '-'}"]
    if summary.action:
        lines.insert(0, f"{indent}action: {summary.action}")
    return lines


def render_netpol_diff_text(diff: PolicyDiff) -> str:
    lines: list[str] = []
    for mark, summaries in (("+", diff.added), ("-", diff.removed)):
        for summary in summaries:
            lines.append(f"{mark} {summary.ref} ({summary.direction})")
            lines.extend(_describe(summary))
    for change in diff.changed:
        lines.append(f"~ {change.after.ref} ({change.after.direction}): {', '.join(change.aspects)} changed")
        for aspect in change.aspects:
            if aspect in ASPECTS:
                was, now = getattr(change.before, aspect), getattr(change.after, aspect)
                was = ", ".join(was) if isinstance(was, tuple) else was
                now = ", ".join(now) if isinstance(now, tuple) else now
                lines.append(f"    {aspect}: {was or '-'} -> {now or '-'}")
    lines.append(policy_counts(diff) if diff.has_changes else f"no policy changes ({diff.unchanged} unchanged)")
    return "\n".join(lines) + "\n"
