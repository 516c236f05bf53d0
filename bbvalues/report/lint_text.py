"""Lint findings as text: `file:line:col: severity: message [id]` and an indented fix, then a summary."""

from __future__ import annotations

from collections import Counter

from bbvalues.report.color import Palette


def render_findings_text(findings, palette: Palette = Palette()) -> str:
    lines = []
    for finding in findings:
        where = palette.bold(f"{finding.file}:{finding.line}:{finding.column}")
        lines.append(f"{where}: {palette.severity(finding.severity)}: {finding.message} "
                     f"{palette.dim('[' + finding.id + ']')}")
        lines.append(f"  fix: {finding.fix}")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def summary(findings) -> str:
    if not findings:
        return "no findings"
    counts = Counter(finding.severity for finding in findings)
    parts = [f"{counts[name]} {name}{'s' if counts[name] != 1 else ''}" for name in ("error", "warning", "info")
             if counts[name]]
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {', '.join(parts)}"
