"""`bbvalues review --format text`: the review for a terminal, coloured only when asked to be."""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.report.color import Palette
from bbvalues.report.values import edit_verb, finding_where, policy_lines, show_value, where


def render_review_text(review, palette: Palette = Palette()) -> str:
    plan = review.plan
    out = [palette.bold(f"bbvalues review: {review.source_mode} -> {review.target_mode}"),
           f"release: {review.release.label} (from {review.release.how}); waypoint model: {review.waypoint_model}",
           f"inputs (merge order): {', '.join(review.inputs)}"]
    out += [palette.severity("warning", f"warning: {message}") for message in review.warnings]
    out += _section(palette, f"Changes ({len(plan.changes)})", [
        f"[{change.rule}] {dotted_path(change.path)}: {show_value(change.old)} -> {show_value(change.new)}  "
        f"({where(change.origin)})\n      {change.reason}" + (f"\n      caveat: {change.caveat}" if change.caveat else "")
        for change in plan.changes] or ["none: the inputs already match the target mode"])
    out += _section(palette, f"Required manual edits ({len(plan.required_edits)})", [
        palette.severity("error", f"[{edit.rule}] {edit_verb(edit)} {dotted_path(edit.path)}") +
        f"  ({where(edit.origin)})\n      {edit.reason}" for edit in plan.required_edits] or ["none"])
    out += _section(palette, "Caveats", plan.caveats or ["none"])
    out += _section(palette, "Umbrella policies (release table)", [
        f"{_sign(palette, item.change)} {item.entry.id} ({item.entry.package}): {item.entry.shorthand}\n      "
        f"{item.entry.note}" + "".join(f"\n      {name}" for name in item.names)
        + (f"\n      cannot expand: {item.error}" if item.error else "")
        for item in review.umbrella_policies] or ["no umbrella policy appears or disappears"])
    out += _section(palette, "Rendered policies per package", [
        f"{item.package} (namespace {item.namespace}):" + "".join(
            f"\n      {_colour_line(palette, line)}" for line in policy_lines(item))
        for item in review.package_policies] or ["no package's policies change"])
    out += _section(palette, f"Lint after the migration ({len(review.remaining)})", [
        f"{palette.severity(finding.severity)} [{finding.id}] {finding.message}  ({finding_where(finding)})"
        f"\n      fix: {finding.fix}" for finding in review.remaining] or ["no findings"])
    out.append("")
    out.append(palette.bold(verdict(review)))
    return "\n".join(out) + "\n"


def verdict(review) -> str:
    plan = review.plan
    if not plan.has_work:
        return "verdict: nothing to do"
    text = f"verdict: {len(plan.changes)} change(s) for the overlay"
    if plan.required_edits:
        text += f", {len(plan.required_edits)} required manual edit(s): the overlay alone is not enough"
    return text


def _section(palette: Palette, title: str, items: list[str]) -> list[str]:
    return ["", palette.bold(title)] + [f"  - {item}" for item in items]


def _sign(palette: Palette, change: str) -> str:
    """`appears:` / `disappears:` after the list's own `- ` bullet (a `+`/`-` sign there would read `- - `)."""
    return palette.added("appears:") if change == "appears" else palette.removed("disappears:")


def _colour_line(palette: Palette, line: str) -> str:
    if line.startswith("+"):
        return palette.added(line)
    if line.startswith(("-", "!")):
        return palette.removed(line)
    return line
