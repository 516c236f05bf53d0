"""`bbvalues scan` as text: one line per environment, the problems that need a look, then a summary."""

from __future__ import annotations

from collections import Counter

from bbvalues.report.color import Palette

PROBLEM_ORDER = ("error", "missing-source", "missing-key", "name-hash", "mode", "unsupported", "unreadable",
                 "optional-missing", "note")


def render_scan_text(report, palette: Palette = Palette()) -> str:
    rows = [environment_cells(env, report.target) for env in report.environments]
    widths = [max((len(row[column]) for row in rows), default=0) for column in range(5)]
    lines = []
    for env, row in zip(report.environments, rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths)] + [lint_cell(env.findings, palette)]
        cells[0] = palette.bold(cells[0])
        lines.append("  ".join(cells).rstrip())
    details = [line for env in report.environments for line in problem_lines(env)]
    if details:
        lines += ["", "problems:"] + details
    lines += ["", summary_line(report)]
    return "\n".join(lines) + "\n"


def environment_cells(env, target: str | None) -> list[str]:
    release = release_cell(env)
    state = "error" if env.failed else ("partial" if env.partial else "complete")
    problems = [p for p in env.problems if p.kind not in ("note", "optional-missing")]
    state += f", {len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else ""
    return [env.name, release, env.mode or "-", state, changes_cell(env, target)]


def release_cell(env) -> str:
    if env.release is None:
        return "-"
    version = env.release.version or "assumed"
    return f"{version} ({env.release.release.name})"


def changes_cell(env, target: str | None) -> str:
    if target is None or env.plan is None:
        return "-" if target else ""
    count = len(env.plan.changes) + len(env.plan.required_edits)
    if not count:
        return f"nothing to do for {target}"
    edits = len(env.plan.required_edits)
    return f"{count} change{'s' if count != 1 else ''} for {target}" + (f" ({edits} by edit)" if edits else "")


def lint_cell(findings, palette: Palette) -> str:
    if not findings:
        return "lint: clean"
    counts = Counter(finding.severity for finding in findings)
    parts = [palette.severity(name, f"{counts[name]} {name}{'s' if counts[name] != 1 else ''}")
             for name in ("error", "warning", "info") if counts[name]]
    return "lint: " + ", ".join(parts)


def problem_lines(env) -> list[str]:
    ordered = sorted(env.problems, key=lambda problem: PROBLEM_ORDER.index(problem.kind)
                     if problem.kind in PROBLEM_ORDER else len(PROBLEM_ORDER))
    lines = []
    for problem in ordered:
        where = f"{problem.origin}: " if problem.origin else ""
        lines.append(f"  {env.name}: {where}{problem.kind}: {problem.message}")
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return lines


def summary_line(report) -> str:
    summary = report.summary
    count = summary["environments"]
    if not count:
        return "no Big Bang environment found (a Flux HelmRelease of the bigbang chart, or .bbvalues.yaml environments)"
    modes = ", ".join(f"{number} {mode}" for mode, number in summary["modes"].items())
    parts = [f"{count} environment{'s' if count != 1 else ''}" + (f": {modes}" if modes else "")]
    if summary["partial"]:
        parts.append(f"{summary['partial']} partial")
    if summary["errors"]:
        parts.append(f"{summary['errors']} not checked (error)")
    if report.target:
        parts.append(f"{summary['with_changes']} need changes for {report.target}")
    findings = summary["findings"]
    parts.append("lint: " + (", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in findings.items() if n)
                             or "clean"))
    return "; ".join(parts)
