"""Lint findings as a GitLab Code Quality report (the CodeClimate JSON subset GitLab reads).

Each issue has a `fingerprint` that stays the same while the finding does (check id, file, and
message; not the line, so an unrelated edit above it does not make it "new" in the merge-request
widget), `check_name`, `severity` (`blocker`..`info`) and `location.path`/`lines.begin`.
"""

from __future__ import annotations

import hashlib
import json

SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


def render_findings_gitlab(findings) -> str:
    issues = []
    seen: dict[str, int] = {}
    for finding in findings:
        base = hashlib.sha256("\0".join((finding.id, finding.file, finding.message)).encode()).hexdigest()
        # Identical findings in one file (same id and message) stay distinct by their order.
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        fingerprint = base if occurrence == 0 else hashlib.sha256(f"{base}:{occurrence}".encode()).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": finding.id,
            "description": f"{finding.message} (fix: {finding.fix})",
            "categories": ["Bug Risk"] if finding.severity == "error" else ["Style"],
            "severity": SEVERITIES[finding.severity],
            "fingerprint": fingerprint,
            "location": {"path": finding.file, "lines": {"begin": finding.line}},
        })
    return json.dumps(issues, indent=2) + "\n"
