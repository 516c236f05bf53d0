"""Text for `bbvalues explain`: the catalogue of migration rules and lint checks, one rule in full.

Both kinds of rule are modules whose docstring is their documentation (`ID`, `TITLE`; a lint check
also has `SEVERITY`). A migration rule that repairs a requirement of the mode contract also lists
where the contract asks for it (the release table's `contract` entries with its id).
"""

from __future__ import annotations

import inspect


def render_rule_list(catalogue: dict) -> str:
    width = max(len(rule_id) for rule_id in catalogue)
    return "".join(f"{rule_id:<{width}}  {_title(rule)}\n" for rule_id, rule in catalogue.items())


def _title(rule) -> str:
    return f"[lint {rule.SEVERITY}] {rule.TITLE}" if is_check(rule) else rule.TITLE


def is_check(rule) -> bool:
    return hasattr(rule, "SEVERITY") and hasattr(rule, "check")


def render_rule(rule, contract: dict | None = None) -> str:
    """One rule: its id, kind and title, its docstring, and (a migration rule) the contract entries it repairs.

    `contract` maps a mode to its requirement specs (releases.yaml `contract`)."""
    kind = f"lint, {rule.SEVERITY}" if is_check(rule) else "migration rule"
    text = f"{rule.ID} ({kind}): {rule.TITLE}\n\n{inspect.cleandoc(rule.__doc__ or '')}\n"
    entries = [(mode, spec) for mode, specs in (contract or {}).items() for spec in specs if spec.id == rule.ID]
    if entries:
        text += "\nIn the mode contract (bbvalues/bigbang/releases.yaml):\n"
        text += "".join(f"  - {mode}: each {spec.each}, {spec.expect}"
                        f"{'' if spec.value is None else f' {spec.value!r}'}: {spec.why}\n"
                        f"    source: {spec.source}\n" for mode, spec in entries)
    return text


def render_contract(release_name: str, contracts: dict) -> str:
    """A release row's mode contract: per mode, each requirement with the key it is about, what must hold and why.

    `contracts` maps a mode to its instantiated requirements (bigbang.contract.requirements)."""
    out = [f"Mode contract of Big Bang {release_name} (every package it protects with SSO on; "
           "bbvalues/bigbang/releases.yaml)"]
    for mode, requirements in contracts.items():
        out += ["", f"{mode}:"]
        for requirement in requirements:
            spec = requirement.spec
            keys = " or ".join(".".join(key) for key in requirement.keys) or ".".join(requirement.path) or "(release)"
            shown = requirement.params["selector"] if spec.value == "selector" else repr(spec.value)
            value = "" if spec.value is None else f" {shown}"
            out.append(f"  - [{spec.id}] {keys}: {spec.expect}{value}")
            out.append(f"      {requirement.why}")
    return "\n".join(out) + "\n"
