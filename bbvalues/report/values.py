"""How reports write a value and a position: compact, unambiguous, the same in every format."""

from __future__ import annotations

import json

from bbvalues.documents.paths import MISSING


def show_value(value, limit: int = 80) -> str:
    """`(unset)` for an absent key, JSON for everything else (so null, "false" and false differ)."""
    if value is MISSING:
        return "(unset)"
    text = json.dumps(value, sort_keys=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def where(origin) -> str:
    return f"{origin.file}:{origin.line}" if origin else "new key"


def finding_where(finding) -> str:
    """`file:line`, or the overlay (line 0) for a key the migration itself writes."""
    return f"{finding.file}:{finding.line}" if finding.line else f"the bbvalues {finding.file}"


def edit_verb(edit) -> str:
    """What the reviewer must do for a required edit (`delete`, or a manual rewrite)."""
    return {"delete": "delete", "label": "label a Service for", "rewrite": "rewrite"}.get(edit.action, edit.action)


def policy_lines(item) -> list[str]:
    """`+ kind ns/name`, `- ...`, `~ ... (aspects)` lines of one package's policy diff."""
    if item.error:
        return [f"! {item.error}"]
    diff = item.diff
    return ([f"+ {summary.ref}" for summary in diff.added] + [f"- {summary.ref}" for summary in diff.removed]
            + [f"~ {change.after.ref} ({', '.join(change.aspects)})" for change in diff.changed])
