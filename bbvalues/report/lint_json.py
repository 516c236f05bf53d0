"""Lint findings as JSON: `{"schema_version", "release", "findings": [...], "summary": {...}}`, stable for scripts."""

from __future__ import annotations

from collections import Counter

from bbvalues.report.json_document import dump, json_document


def render_findings_json(findings, release) -> str:
    """`bbvalues lint -o json` (docs/schemas/lint.schema.json)."""
    counts = Counter(finding.severity for finding in findings)
    return dump(json_document(release, findings=[finding_fields(finding) for finding in findings],
                              summary={name: counts[name] for name in ("error", "warning", "info")}))


def finding_fields(finding) -> dict:
    """A finding as `lint -o json` and `review -o json` (under `remaining_findings`) give it."""
    return {"rule": finding.id, "severity": finding.severity, "file": finding.file, "line": finding.line,
            "column": finding.column, "message": finding.message, "fix": finding.fix}
