"""A key written twice in the same mapping.

Helm (go-yaml v2 through sigs.k8s.io/yaml) keeps the last occurrence without a word, and so does
bbvalues; other YAML tools reject the file or keep the first. A duplicate usually means one of the
two edits is silently lost.

FAIL:

    monitoring:
      enabled: true
      enabled: false

PASS: each key once.
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "duplicate-key"
SEVERITY = WARNING
TITLE = "Duplicate key"


def check(context: LintContext) -> Iterator[Finding]:
    for duplicate in context.inputs.duplicates:
        yield Finding.at(duplicate.last, ID, SEVERITY,
                         f"duplicate key {dotted_path(duplicate.path)} (first at line {duplicate.first.line}): "
                         f"Helm keeps this one and drops the first",
                         "delete one of the two, keeping the value you mean")
