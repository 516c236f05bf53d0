"""`bbvalues verify --format text`: findings per package, blocking ones first, and the verdict last.

Values are shown as JSON (`null`, `"false"` and `false` differ). Renderers print what they are
given: the command redacts the report first (`bbvalues.report.redact_reports`).
"""

from __future__ import annotations

from itertools import groupby
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import MISSING
from bbvalues.report.color import Palette
from bbvalues.report.values import show_value

# Display order within a package: what blocks, then the enforcement verdict, then what changes.
KIND_ORDER = ("sso-unenforced", "null-label", "null-service-label", "waypoint-absent", "ambient-infrastructure",
              "sso-enforced", "package-absent", "labels-removed", "waypoint-unused", "helmrelease-added", "helmrelease-removed",
              "namespace-labels", "service-labels", "policy", "package-chart", "values-added", "values-removed",
              "value-changed")
# Kinds whose before and after are both worth showing; the others show what the after render has.
CHANGE_KINDS = ("value-changed", "namespace-labels")
# Kinds whose message already says the value (null).
VALUE_IN_MESSAGE = ("null-label", "labels-removed")


def finding_values(finding) -> str:
    """`before -> after` for a change, the after value for the rest, or nothing."""
    before, after = finding.before, finding.after
    if finding.kind in CHANGE_KINDS:
        return f"{show_value(before, 200)} -> {show_value(after, 200)}"
    if after is MISSING or finding.kind in VALUE_IN_MESSAGE:
        return ""
    return show_value(after, 200)


def finding_headline(finding) -> str:
    """One line: `[kind] message at path: values` (a value change is just `path: before -> after`)."""
    values = finding_values(finding)
    if finding.kind == "value-changed":
        return f"[{finding.kind}] {dotted_path(finding.path)}: {values}"
    where = f" at {dotted_path(finding.path)}" if finding.path else ""
    return f"[{finding.kind}] {finding.message}{where}" + (f": {values}" if values else "")


def sorted_findings(findings: list) -> list:
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(findings, key=lambda f: (f.package, not f.blocks, rank.get(f.kind, len(rank))))


def by_package(findings: list) -> list[tuple[str, list]]:
    return [(package, list(group)) for package, group in groupby(sorted_findings(findings), key=lambda f: f.package)]


def verdict(report) -> str:
    blocking = sum(finding.blocks for finding in report.findings)
    if report.reached:
        return f"verdict: target mode {report.target_mode} reached"
    return f"verdict: target mode {report.target_mode} NOT reached: {blocking} blocking finding(s)"


def render_verify_text(report, palette: Palette = Palette()) -> str:
    out = [palette.bold(f"bbvalues verify: {report.source_mode} -> {report.target_mode}"),
           f"chart: {report.chart}",
           f"release: {report.release.label} (from {report.release.how}); helm: {report.helm}",
           f"before (merge order): {', '.join(report.before)}",
           f"after (merge order): {', '.join(report.after)}"]
    out += [palette.severity("warning", f"warning: {message}") for message in report.warnings]
    out += ["", palette.bold("Waypoints in the after render")]
    out += [f"  - {waypoint.name} ({waypoint.owner}): {'created' if waypoint.created else 'absent'}, {waypoint.why}"
            for waypoint in report.analysis.waypoints.values()] or ["  - none in this release"]
    for package, findings in by_package(report.findings):
        blocking = sum(finding.blocks for finding in findings)
        out += ["", palette.bold(f"{package}") + (palette.severity("error", f"  ({blocking} blocking)")
                                                   if blocking else "")]
        caveats_shown: set[str] = set()
        out += [_line(palette, finding, caveats_shown) for finding in findings]
    if report.not_modelled:
        out += ["", palette.bold("Required edits not modelled in the after render (made by hand)")]
        out += [f"  - {item}" for item in report.not_modelled]
    out += ["", palette.bold(verdict(report))]
    return "\n".join(out) + "\n"


def _line(palette: Palette, finding, caveats_shown: set[str]) -> str:
    """The finding; its caveat under the first finding of the package that has it (the rest share it)."""
    headline = finding_headline(finding)
    if finding.blocks:
        line = "  " + palette.severity("error", "BLOCKS ") + headline
    elif finding.kind == "sso-enforced":
        line = "  " + palette.added("ok ") + headline
    else:
        line = f"  - {headline}"
    if not finding.caveat or finding.caveat in caveats_shown:
        return line
    caveats_shown.add(finding.caveat)
    return line + f"\n      caveat: {finding.caveat}"
