"""Text for `bbvalues explain`: the catalogue of migration rules (and lint checks, where present)."""

from __future__ import annotations

import inspect


def render_rule_list(catalogue: dict) -> str:
    width = max(len(rule_id) for rule_id in catalogue)
    return "".join(f"{rule_id:<{width}}  {_title(rule)}\n" for rule_id, rule in catalogue.items())


def _title(entry) -> str:
    """A migration rule's title, or a lint check's title with its severity."""
    if is_check(entry):
        return f"[lint {entry.SEVERITY}] {entry.TITLE}"
    return entry.title


def is_check(entry) -> bool:
    return hasattr(entry, "ID") and hasattr(entry, "check")


def render_check(check) -> str:
    """A lint check: id, severity and its module docstring, which is its documentation."""
    doc = inspect.cleandoc(check.__doc__ or "")
    return f"{check.ID} (lint, {check.SEVERITY}): {check.TITLE}\n\n{doc}\n"


def render_rule(rule) -> str:
    if is_check(rule):
        return render_check(rule)
    parts = [f"{rule.id}: {rule.title}", "", f"Changes:  {rule.changes}", f"Why:      {rule.why}",
             f"Releases: {rule.releases}"]
    if rule.caveats:
        parts.append("Caveats:")
        parts.extend(f"  - {caveat}" for caveat in rule.caveats)
    return "\n".join(parts) + "\n"
