"""`bbvalues scan -o json`: the fleet as data (docs/schemas/scan.schema.json).

Each environment: `name` (its folder relative to the scanned directory), `path`, `files`, `release`
({version, row, source}, null when none could be chosen), `mode` (sidecar, ambient-waypoint,
ambient-gateway, inconsistent; null when the values could not be read), `partial`, `problems`,
`changes` and `required_edits` for --to (as `migrate -o json` gives them; empty without --to) and
`findings` (as `lint -o json` gives them); then a `summary`.
"""

from __future__ import annotations

from bbvalues.report.json_document import dump, json_document, position
from bbvalues.report.lint_json import finding_fields
from bbvalues.report.plan_json import plan_fields


def scan_document(report) -> dict:
    return json_document(target=report.target, environments=[environment_fields(env) for env in report.environments],
                         summary=report.summary)


def environment_fields(env) -> dict:
    plan = plan_fields(env.plan) if env.plan is not None else {"changes": [], "required_edits": []}
    return {
        "name": env.name,
        "path": env.path,
        "files": list(env.files),
        "release": env.release.as_dict() if env.release else None,
        "mode": env.mode,
        "partial": env.partial,
        "problems": [{"kind": problem.kind, "message": problem.message, **position(problem.origin),
                      "hint": problem.hint} for problem in env.problems],
        "changes": plan["changes"],
        "required_edits": plan["required_edits"],
        "findings": [finding_fields(finding) for finding in env.findings],
    }


def render_scan_json(report) -> str:
    return dump(scan_document(report))
