"""The authservice selector label on the `shared` gateway block.

`istioGateway.values.shared` is merged into every gateway the umbrella renders, the passthrough
gateway included (bigbang `_helpers.tpl:524-585`). The selector label there makes the
authservice policies apply to passthrough traffic too, which authservice cannot inspect.

FAIL:

    istioGateway:
      values:
        shared:
          upstream:
            labels:
              protect: keycloak

PASS: the label on `istioGateway.values.gateways.<name>.upstream.labels` of the gateways that
serve protected packages.

Fix: move the label to the named gateway.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.documents.paths import has_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "gateway-label-on-shared"
SEVERITY = ERROR
TITLE = "Selector label on the shared gateway block"


def check(context: LintContext) -> Iterator[Finding]:
    view = context.view
    path = view.shared_label_path()
    if has_path(view.values, path):
        key, value = view.selector
        yield Finding.at(context.locate(path), ID, SEVERITY,
                         f"the authservice selector label {key} is on the shared gateway block, which labels "
                         "every gateway including passthrough",
                         "remove it from istioGateway.values.shared.upstream.labels and set it on "
                         "istioGateway.values.gateways.<name>.upstream.labels (e.g. public) instead")
