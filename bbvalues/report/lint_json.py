"""Lint findings as JSON: `{"findings": [...], "summary": {...}}`, stable for scripts."""

from __future__ import annotations

import json
from collections import Counter


def render_findings_json(findings) -> str:
    counts = Counter(finding.severity for finding in findings)
    document = {"findings": [finding.as_dict() for finding in findings],
                "summary": {name: counts[name] for name in ("error", "warning", "info")}}
    return json.dumps(document, indent=2) + "\n"
