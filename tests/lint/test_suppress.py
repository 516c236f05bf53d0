"""`# bbvalues: disable=ID` silences the findings of ID on its own line, or on the next when it stands alone."""

from __future__ import annotations

from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.lint import run_lint
from bbvalues.lint.suppress import silenced_lines

VALUES = """monitoring:
  values:
    upstream:
      prometheus:
        service:
          labels:
            istio.io/use-waypoint: null{comment}
"""


def test_directives_name_their_line_or_the_next():
    text = "a: 1  # bbvalues: disable=x,y\n# bbvalues: disable=z\nb: 2\nc: 3 # bbvalues: other\n"
    assert silenced_lines(text) == {1: {"x", "y"}, 3: {"z"}}


def test_a_comment_silences_that_finding_and_no_other(tmp_path):
    def ids(comment: str) -> list[str]:
        path = tmp_path / "values.yaml"
        path.write_text(VALUES.format(comment=comment))
        return [finding.id for finding in run_lint(load_inputs([str(path)]), select_release("3.30.0"))]

    assert "null-waypoint-label" in ids("")
    assert "null-waypoint-label" not in ids("  # bbvalues: disable=null-waypoint-label")
    assert "null-waypoint-label" in ids("  # bbvalues: disable=duplicate-key")
