"""The migration plan as JSON: every change with path, old and new value, rule id, reason and position."""

from __future__ import annotations

from bbvalues.documents.paths import MISSING
from bbvalues.documents.yamltree import dotted_path
from bbvalues.report.json_document import json_document, key_path, position

TYPE_CHECKING = False
if TYPE_CHECKING:  # the plan is what this renders; the reporter needs nothing of the migrate package to run
    from typing import Any

    from bbvalues.migrate.plan import MigrationPlan


def plan_document(plan: MigrationPlan, release) -> dict:
    """`bbvalues migrate -o json` (docs/schemas/migrate.schema.json)."""
    return json_document(release, **plan_fields(plan))


def plan_fields(plan: MigrationPlan) -> dict:
    """The plan itself, as `migrate -o json` and `review -o json` (under `plan`) give it."""
    return {
        "inputs": plan.inputs,
        "source_mode": plan.source_mode,
        "target_mode": plan.target_mode,
        "changes": [_change(change) for change in plan.changes],
        "required_edits": [{**key_path(edit.path, dotted_path(edit.path)), "action": edit.action, "rule": edit.rule,
                            "reason": edit.reason, **position(edit.origin)} for edit in plan.required_edits],
        "caveats": plan.caveats,
        "warnings": plan.warnings,
    }


def _change(change) -> dict:
    entry: dict[str, Any] = key_path(change.path, dotted_path(change.path))
    if change.old is not MISSING:
        entry["old"] = change.old
    entry.update({"new": change.new, "rule": change.rule, "reason": change.reason, **position(change.origin)})
    if change.caveat:
        entry["caveat"] = change.caveat
    return entry
