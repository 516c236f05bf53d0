"""Redacted copies of what the report commands render: a migration plan, a review, lint findings and a
mode detection. The originals are untouched, so an overlay or an in-place edit made from the same
plan keeps the real values; only what is printed as a report goes through here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bbvalues.migrate.plan import MISSING
from bbvalues.report.redact import Redactor


def redacted_plan(plan, redactor: Redactor):
    """The plan with secret old/new values replaced (a changed secret marked so) and free text scrubbed."""
    if not redactor.enabled:
        return plan
    text = redactor.text
    return replace(
        plan,
        changes=[replace(change, **_old_new(change, redactor), reason=text(change.reason), caveat=text(change.caveat))
                 for change in plan.changes],
        required_edits=[replace(edit, reason=text(edit.reason)) for edit in plan.required_edits],
        caveats=[text(caveat) for caveat in plan.caveats],
        warnings=[text(warning) for warning in plan.warnings])


def redacted_findings(findings: list, redactor: Redactor) -> list:
    """Findings whose message or fix quote a secret of the inputs, with it replaced."""
    if not redactor.enabled:
        return findings
    return [replace(finding, message=redactor.text(finding.message), fix=redactor.text(finding.fix))
            for finding in findings]


def redacted_review(review, redactor: Redactor):
    if not redactor.enabled:
        return review
    text = redactor.text
    return replace(
        review,
        plan=redacted_plan(review.plan, redactor),
        warnings=[text(warning) for warning in review.warnings],
        remaining=redacted_findings(review.remaining, redactor),
        umbrella_policies=[replace(item, error=text(item.error)) for item in review.umbrella_policies],
        package_policies=[replace(item, error=text(item.error)) for item in review.package_policies])


def redacted_detection(detection, redactor: Redactor):
    """Evidence values are judged by the key the evidence names (its last dotted part)."""
    if not redactor.enabled:
        return detection
    return replace(
        detection,
        evidence=[replace(item, value=redactor.value(item.value, (_last_key(item.path),)),
                          note=redactor.text(item.note)) for item in detection.evidence],
        problems=[redactor.text(problem) for problem in detection.problems])


def _old_new(change, redactor: Redactor) -> dict:
    if change.old is MISSING:
        return {"new": redactor.value(change.new, change.path)}
    old, new = redactor.pair(change.old, change.new, change.path)
    return {"old": old, "new": new}


_DOTTED_PART = re.compile(r'"[^"]*"|[^.]+')


def _last_key(dotted: str) -> str:
    """The last key of a `documents.yamltree.dotted_path` (keys holding dots are quoted there)."""
    parts = _DOTTED_PART.findall(dotted)
    return parts[-1].strip('"') if parts else ""
