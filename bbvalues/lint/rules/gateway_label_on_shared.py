"""The authservice selector label on the `shared` gateway block.

From the Big Bang release that reads it (after 3.30), `istioGateway.values.shared` is merged into
every gateway the umbrella renders, the passthrough gateway included (bigbang HEAD
`_helpers.tpl:524-585`): the selector label there makes the authservice policies apply to
passthrough traffic too, which authservice cannot inspect. Earlier releases ignore the block, so the
label there protects nothing.

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

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "gateway-label-on-shared"
SEVERITY = ERROR
TITLE = "Selector label on the shared gateway block"

check = contract_check(ID, SEVERITY)
