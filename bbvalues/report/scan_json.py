"""`bbvalues scan -o json`: the fleet as data (schema: docs/schemas/scan.json).

Each environment: `name` (its folder relative to the scanned directory), `path`, `files`, `release`
({version, row, source}, null when none could be chosen), `mode` (sidecar, ambient-waypoint,
ambient-gateway, inconsistent; null when the values could not be read), `partial`, `problems`, `changes`
(empty when nothing is needed, or without --to) and `findings`; then a `summary`.
"""

from __future__ import annotations

import json

from bbvalues.report.plan_json import plan_as_json

SCHEMA_VERSION = 1


def scan_as_dict(report) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "target": report.target,
        "environments": [environment_as_dict(env) for env in report.environments],
        "summary": report.summary,
    }


def environment_as_dict(env) -> dict:
    return {
        "name": env.name,
        "path": env.path,
        "files": list(env.files),
        "release": env.release.as_dict() if env.release else None,
        "mode": env.mode,
        "partial": env.partial,
        "problems": [problem_as_dict(problem) for problem in env.problems],
        "changes": changes_as_list(env.plan),
        "findings": [finding.as_dict() for finding in env.findings],
    }


def problem_as_dict(problem) -> dict:
    origin = problem.origin
    return {"kind": problem.kind, "message": problem.message, "file": origin.file if origin else None,
            "line": origin.line if origin else None, "hint": problem.hint}


def changes_as_list(plan) -> list[dict]:
    """The plan's changes (action `set`) and required edits (their own action), as `migrate -o json` writes them."""
    if plan is None:
        return []
    data = plan_as_json(plan)
    return ([{"action": "set", **change} for change in data["changes"]]
            + [dict(edit) for edit in data["required_edits"]])


def render_scan_json(report) -> str:
    return json.dumps(scan_as_dict(report), indent=2, default=str) + "\n"
