"""A redacted copy of a verify report: what `bbvalues verify` prints unless `--show-secrets`.

The package values in a render hold the same credentials as the inputs (SSO client secrets, the
umbrella's generated passwords), and the report goes to merge-request comments and CI logs. Values
are judged by the key path of their finding; a changed secret shows as changed, never as itself.
"""

from __future__ import annotations

from dataclasses import replace

from bbvalues.migrate.plan import MISSING
from bbvalues.report.redact import Redactor
from bbvalues.report.verify_text import CHANGE_KINDS


def redacted_verify_report(report, redactor: Redactor):
    if not redactor.enabled:
        return report
    text = redactor.text
    return replace(
        report,
        analysis=replace(report.analysis, findings=[_finding(f, redactor) for f in report.analysis.findings]),
        package_charts=[replace(chart, findings=[_finding(f, redactor) for f in chart.findings])
                        for chart in report.package_charts],
        not_modelled=[text(item) for item in report.not_modelled],
        warnings=[text(warning) for warning in report.warnings])


def _finding(finding, redactor: Redactor):
    path = tuple(finding.path)
    before, after = finding.before, finding.after
    if finding.kind in CHANGE_KINDS and before is not MISSING and after is not MISSING:
        before, after = redactor.pair(before, after, path)
    else:
        before = before if before is MISSING else redactor.value(before, path)
        after = after if after is MISSING else redactor.value(after, path)
    return replace(finding, before=before, after=after, message=redactor.text(finding.message),
                   caveat=redactor.text(finding.caveat))
