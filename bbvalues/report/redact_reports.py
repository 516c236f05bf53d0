"""Redacted copies of what the report commands render: a migration plan, a review, lint findings, a
mode detection and a verify report. The originals are untouched, so an overlay or an in-place edit made from the same
plan keeps the real values; only what is printed as a report goes through here.
"""

from __future__ import annotations

from bbvalues.documents.paths import MISSING
from bbvalues.patterns import Pattern
from bbvalues.records import replaced
from bbvalues.report.redact import Redactor


def redacted_plan(plan, redactor: Redactor):
    """The plan with secret old/new values replaced (a changed secret marked so) and free text scrubbed."""
    if not redactor.enabled:
        return plan
    text = redactor.text
    return replaced(
        plan,
        changes=[replaced(change, **_old_new(change, redactor), reason=text(change.reason), caveat=text(change.caveat))
                 for change in plan.changes],
        required_edits=[replaced(edit, reason=text(edit.reason)) for edit in plan.required_edits],
        caveats=[text(caveat) for caveat in plan.caveats],
        warnings=[text(warning) for warning in plan.warnings])


def redacted_findings(findings: list, redactor: Redactor) -> list:
    """Findings whose message or fix quote a secret of the inputs, with it replaced."""
    if not redactor.enabled:
        return findings
    return [replaced(finding, message=redactor.text(finding.message), fix=redactor.text(finding.fix))
            for finding in findings]


def redacted_review(review, redactor: Redactor):
    if not redactor.enabled:
        return review
    text = redactor.text
    return replaced(
        review,
        plan=redacted_plan(review.plan, redactor),
        warnings=[text(warning) for warning in review.warnings],
        remaining=redacted_findings(review.remaining, redactor),
        umbrella_policies=[replaced(item, error=text(item.error)) for item in review.umbrella_policies],
        package_policies=[replaced(item, error=text(item.error)) for item in review.package_policies])


def redacted_detection(detection, redactor: Redactor):
    """Evidence values are judged by the key the evidence names (its last dotted part)."""
    if not redactor.enabled:
        return detection
    return replaced(
        detection,
        evidence=[replaced(item, value=redactor.value(item.value, (_last_key(item.path),)),
                           note=redactor.text(item.note)) for item in detection.evidence],
        problems=[replaced(problem, detail=redactor.text(problem.detail), fix=redactor.text(problem.fix))
                  for problem in detection.problems])


def redacted_verify_report(report, redactor: Redactor):
    """Package values in a render hold the inputs' credentials and the umbrella's generated passwords;
    values are judged by the key path of their finding."""
    if not redactor.enabled:
        return report
    text = redactor.text
    return replaced(
        report,
        analysis=replaced(report.analysis, findings=[_verify_finding(f, redactor) for f in report.analysis.findings]),
        package_charts=[replaced(chart, findings=[_verify_finding(f, redactor) for f in chart.findings])
                        for chart in report.package_charts],
        not_modelled=[text(item) for item in report.not_modelled],
        warnings=[text(warning) for warning in report.warnings])


def _verify_finding(finding, redactor: Redactor):
    before, after = _before_after(finding.before, finding.after, tuple(finding.path), redactor)
    return replaced(finding, before=before, after=after, message=redactor.text(finding.message),
                    caveat=redactor.text(finding.caveat))


def _old_new(change, redactor: Redactor) -> dict:
    old, new = _before_after(change.old, change.new, change.path, redactor)
    return {"new": new} if old is MISSING else {"old": old, "new": new}


def _before_after(before, after, path: tuple, redactor: Redactor) -> tuple:
    """Both sides redacted; when both exist a changed secret is marked as changed, never shown."""
    if before is not MISSING and after is not MISSING:
        return redactor.pair(before, after, path)
    return (before if before is MISSING else redactor.value(before, path),
            after if after is MISSING else redactor.value(after, path))


_DOTTED_PART = Pattern(r'"[^"]*"|[^.]+')


def _last_key(dotted: str) -> str:
    """The last key of a `documents.yamltree.dotted_path` (keys holding dots are quoted there)."""
    parts = _DOTTED_PART.findall(dotted)
    return parts[-1].strip('"') if parts else ""
