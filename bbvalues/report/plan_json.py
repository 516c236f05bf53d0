"""The migration plan as JSON: every change with path, old and new value, rule id, reason and position."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bbvalues.documents.paths import MISSING
from bbvalues.documents.yamltree import dotted_path

if TYPE_CHECKING:  # the plan is what this renders; the reporter needs nothing of the migrate package to run
    from bbvalues.migrate.plan import MigrationPlan


def plan_as_json(plan: MigrationPlan) -> dict:
    return {
        "inputs": plan.inputs,
        "source_mode": plan.source_mode,
        "target_mode": plan.target_mode,
        "release": plan.release,
        "release_source": plan.release_source,
        "changes": [_change_json(change) for change in plan.changes],
        "required_edits": [{"path": dotted_path(edit.path), "keys": list(edit.path), "action": edit.action,
                            "rule": edit.rule, "reason": edit.reason, **_where(edit.origin)}
                           for edit in plan.required_edits],
        "caveats": plan.caveats,
        "warnings": plan.warnings,
    }


def _change_json(change) -> dict:
    entry: dict[str, Any] = {"path": dotted_path(change.path), "keys": list(change.path)}
    if change.old is not MISSING:
        entry["old"] = change.old
    entry.update({"new": change.new, "rule": change.rule, "reason": change.reason, **_where(change.origin)})
    if change.caveat:
        entry["caveat"] = change.caveat
    return entry


def _where(origin) -> dict:
    return {"file": origin.file, "line": origin.line} if origin else {}
