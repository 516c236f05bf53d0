"""The output formats of `lint`, `review`, `scan` and `netpol diff`, by name: interchangeable renderers, no knowledge
of checks."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


LINT_FORMATS = ("text", "json", "github", "gitlab-codequality", "sarif")
REVIEW_FORMATS = ("text", "markdown", "json")
SCAN_FORMATS = ("text", "markdown", "json")


def lint_renderer(name: str, palette=None, checks: dict | None = None, release=None) -> Callable[[list], str]:
    from bbvalues.report.color import Palette
    from bbvalues.report.lint_github import render_findings_github
    from bbvalues.report.lint_gitlab import render_findings_gitlab
    from bbvalues.report.lint_json import render_findings_json
    from bbvalues.report.lint_sarif import render_findings_sarif
    from bbvalues.report.lint_text import render_findings_text

    return {
        "text": lambda findings: render_findings_text(findings, palette or Palette()),
        "json": lambda findings: render_findings_json(findings, release),
        "github": render_findings_github,
        "gitlab-codequality": render_findings_gitlab,
        "sarif": lambda findings: render_findings_sarif(findings, checks),
    }[name]


def review_renderer(name: str, palette=None) -> Callable:
    from bbvalues.report.color import Palette
    from bbvalues.report.review_json import render_review_json
    from bbvalues.report.review_markdown import render_review_markdown
    from bbvalues.report.review_text import render_review_text

    return {
        "text": lambda review: render_review_text(review, palette or Palette()),
        "markdown": render_review_markdown,
        "json": render_review_json,
    }[name]


def scan_renderer(name: str, palette=None) -> Callable:
    from bbvalues.report.color import Palette
    from bbvalues.report.scan_json import render_scan_json
    from bbvalues.report.scan_markdown import render_scan_markdown
    from bbvalues.report.scan_text import render_scan_text

    return {
        "text": lambda report: render_scan_text(report, palette or Palette()),
        "markdown": render_scan_markdown,
        "json": render_scan_json,
    }[name]


def netpol_diff_renderer(name: str) -> Callable:
    from bbvalues.report.netpol_diff_json import render_netpol_diff_json
    from bbvalues.report.netpol_diff_markdown import render_netpol_diff_markdown
    from bbvalues.report.netpol_diff_text import render_netpol_diff_text

    return {"text": render_netpol_diff_text, "markdown": render_netpol_diff_markdown,
            "json": render_netpol_diff_json}[name]
