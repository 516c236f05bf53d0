"""Lint reporters: valid output for any finding text (hypothesis), and the shape each consumer expects."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bbvalues.lint.finding import SEVERITIES, Finding
from bbvalues.report.color import Palette, color_enabled
from bbvalues.report.formats import LINT_FORMATS, lint_renderer
from bbvalues.report.lint_github import render_findings_github
from bbvalues.report.lint_gitlab import render_findings_gitlab
from bbvalues.report.lint_sarif import render_findings_sarif
from bbvalues.report.lint_text import render_findings_text

text = st.text(min_size=0, max_size=60)
findings_strategy = st.lists(st.builds(
    Finding, file=st.text(min_size=1, max_size=40), line=st.integers(1, 10**6), column=st.integers(1, 500),
    id=st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True), severity=st.sampled_from(SEVERITIES),
    message=text, fix=text), max_size=8)


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_every_format_renders_any_findings(findings):
    for name in LINT_FORMATS:
        assert isinstance(lint_renderer(name, Palette(True))(findings), str)


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_sarif_stays_valid_sarif_2_1_0(findings):
    log = json.loads(render_findings_sarif(findings))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run, = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "bbvalues"
    assert len(run["results"]) == len(findings)
    for finding, result in zip(findings, run["results"]):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.id
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"].startswith(finding.message)
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": finding.line, "startColumn": finding.column}
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert " " not in uri and "\\" not in uri


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_github_annotations_are_one_line_each(findings):
    output = render_findings_github(findings)
    lines = output.split("\n")[:-1]  # the runner reads workflow commands line by line, on LF
    assert len(lines) == len(findings) and "\r" not in output
    for finding, line in zip(findings, lines):
        level = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert line.startswith(f"::{level} file=")
        properties, _, _message = line[len(level) + 3:].partition("::")
        assert f"line={finding.line}" in properties.split(",")


@settings(max_examples=150, deadline=None)
@given(findings_strategy)
def test_gitlab_fingerprints_are_unique_and_line_independent(findings):
    issues = json.loads(render_findings_gitlab(findings))
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    moved = [Finding(f.file, f.line + 7, f.column, f.id, f.severity, f.message, f.fix) for f in findings]
    assert [i["fingerprint"] for i in json.loads(render_findings_gitlab(moved))] == [i["fingerprint"] for i in issues]
    for finding, issue in zip(findings, issues):
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"] == {"path": finding.file, "lines": {"begin": finding.line}}


def test_text_report_and_summary():
    findings = [Finding("v.yaml", 3, 5, "duplicate-key", "warning", "duplicate key a", "delete one")]
    assert render_findings_text(findings) == ("v.yaml:3:5: warning: duplicate key a [duplicate-key]\n"
                                              "  fix: delete one\n1 finding: 1 warning\n")
    assert render_findings_text([]) == "no findings\n"


def test_github_escapes_newlines_and_property_separators():
    finding = Finding("a,b:c.yaml", 2, 1, "x", "error", "two\nlines 100%", "f")
    assert render_findings_github([finding]) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=bbvalues x::two%0Alines 100%25 (fix: f)\n")


def test_colour_decision():
    class Tty:
        def isatty(self):
            return True

    assert color_enabled("auto", Tty(), {}) is True
    assert color_enabled("auto", None, {}) is False
    assert color_enabled("auto", Tty(), {"NO_COLOR": "1"}) is False
    assert color_enabled("auto", Tty(), {"TERM": "dumb"}) is False
    assert color_enabled("auto", None, {"FORCE_COLOR": "1"}) is True
    assert color_enabled("auto", None, {"FORCE_COLOR": "0"}) is False
    assert color_enabled("always", None, {"NO_COLOR": "1"}) is True
    assert color_enabled("never", Tty(), {"FORCE_COLOR": "1"}) is False
    assert Palette(False).severity("error") == "error"
