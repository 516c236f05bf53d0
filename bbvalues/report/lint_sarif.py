"""Lint findings as SARIF 2.1.0 (GitHub code scanning, GitLab, IDEs).

One run, tool `bbvalues` with one `reportingDescriptor` per check (its title and the explain
command as help), one result per finding with `ruleId`, `level` and a physical location.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from bbvalues import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_findings_sarif(findings, checks: dict | None = None) -> str:
    """`checks` maps id -> (title, severity) for the rule descriptors; ids seen only in findings are added."""
    checks = dict(checks or {})
    for finding in findings:
        checks.setdefault(finding.id, (finding.id, finding.severity))
    rule_ids = list(checks)
    rules = [{"id": rule_id, "name": rule_id, "shortDescription": {"text": title},
              "help": {"text": f"bbvalues explain {rule_id}"},
              "defaultConfiguration": {"level": LEVELS.get(severity, "warning")}}
             for rule_id, (title, severity) in checks.items()]
    results = [{
        "ruleId": finding.id,
        "ruleIndex": rule_ids.index(finding.id),
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message} (fix: {finding.fix})"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.file)},
            "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)}}}],
    } for finding in findings]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "bbvalues", "version": __version__,
                            "rules": rules}},
        "results": results}]}
    return json.dumps(log, indent=2) + "\n"


def _uri(path: str) -> str:
    """A relative URI reference: forward slashes, spaces and other reserved characters escaped."""
    return quote(path.replace("\\", "/"), safe="/._-~")
