"""Text for `bbvalues explain`: the catalogue of migration rules (and lint checks, where present)."""

from __future__ import annotations


def render_rule_list(catalogue: dict) -> str:
    width = max(len(rule_id) for rule_id in catalogue)
    return "".join(f"{rule_id:<{width}}  {rule.title}\n" for rule_id, rule in catalogue.items())


def render_rule(rule) -> str:
    parts = [f"{rule.id}: {rule.title}", "", f"Changes:  {rule.changes}", f"Why:      {rule.why}",
             f"Releases: {rule.releases}"]
    if rule.caveats:
        parts.append("Caveats:")
        parts.extend(f"  - {caveat}" for caveat in rule.caveats)
    return "\n".join(parts) + "\n"
