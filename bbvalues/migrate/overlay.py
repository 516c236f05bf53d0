"""Render a migration plan as an overlay values file: the last `-f` / `valuesFrom` entry.

Every key the overlay sets is preceded by a comment with its rule id and reason, so a reviewer can
check each line against `bbvalues explain RULE`. Output is deterministic: keys appear in plan order.
"""

from __future__ import annotations

from bbvalues import __version__
from bbvalues.documents.emit import comment, emit_values
from bbvalues.documents.paths import set_path
from bbvalues.documents.yamltree import dotted_path
from bbvalues.migrate.plan import MigrationPlan


def overlay_values(plan: MigrationPlan) -> dict:
    """The overlay as plain values."""
    values: dict = {}
    for change in plan.changes:
        set_path(values, change.path, change.new)
    return values


def header_lines(plan: MigrationPlan) -> list[str]:
    lines = [
        f"bbvalues {__version__} overlay: {plan.source_mode} -> {plan.target_mode}",
        f"inputs (in merge order): {', '.join(plan.inputs)}",
        f"detected mode: {plan.source_mode}",
        f"target mode: {plan.target_mode}",
        f"Big Bang release: {plan.release} (from {plan.release_source})",
        "Give this file as the last -f / valuesFrom entry; each key names its rule (bbvalues explain RULE).",
    ]
    if not plan.changes:
        lines.append("Nothing to set: the inputs already match the target mode.")
    for edit in plan.required_edits:
        where = f"{edit.origin}" if edit.origin else "(position unknown)"
        lines.append(f"REQUIRED EDIT (not expressible here): {edit.verb} {dotted_path(edit.path)} at {where} "
                     f"[{edit.rule}] {edit.reason}")
    return lines


def render_overlay(plan: MigrationPlan) -> str:
    """The overlay YAML text with its header and per-key rule comments."""
    header = "".join(comment(line) + "\n" for line in header_lines(plan))
    changes = {change.path: change for change in plan.changes}

    def comments_for(path: tuple) -> list[str]:
        change = changes.get(path)
        if change is None:
            return []
        caveat = [f"caveat: {change.caveat}"] if change.caveat else []
        return [f"[{change.rule}] {change.reason}"] + caveat

    return header + emit_values(overlay_values(plan), comments_for)
