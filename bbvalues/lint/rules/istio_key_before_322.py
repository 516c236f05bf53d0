"""A top-level `istio:` key on Big Bang releases before 3.22.

`istio.ambient.enabled` arrived in 3.22.0. The 3.20 and 3.21 values schema rejects any top-level
`istio:` key, even `istio.ambient.enabled: false`: `additional properties 'istio' not allowed`.

FAIL (Big Bang 3.21):

    istio:
      ambient:
        enabled: false

PASS: no `istio:` key before 3.22.

Fix: delete the key, or upgrade Big Bang.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.documents.paths import has_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "istio-key-before-3.22"
SEVERITY = ERROR
TITLE = "istio: key on a release that rejects it"


def check(context: LintContext) -> Iterator[Finding]:
    release = context.release.release
    if not release.accepts_istio_key and has_path(context.values, ("istio",)):
        yield Finding.at(context.locate(("istio",)), ID, SEVERITY,
                         f"Big Bang {context.release.label} rejects a top-level istio: key "
                         f"(values schema: additional properties 'istio' not allowed)",
                         "delete the istio: key, or upgrade Big Bang to 3.22.0 or later")
