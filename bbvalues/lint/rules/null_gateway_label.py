"""A `null` on a gateway's selector label, or `upstream.labels: null` on a gateway.

An overlay cannot remove a label the user set on a gateway:

- `labels.protect: null` survives the umbrella into the gateway's values and renders a null pod
  label (`{istio: ingressgateway, protect: null}`);
- `upstream.labels: null` breaks the umbrella render: `enabledGateways` runs `dig` on nil
  (bigbang `_helpers.tpl:544`).

FAIL:

    istioGateway:
      values:
        gateways:
          public:
            upstream:
              labels:
                protect: null

FAIL:

    istioGateway: {values: {gateways: {public: {upstream: {labels: null}}}}}

PASS: delete the key from the file that sets it, or set a value that does not match the
selector (`protect: "none"`).
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "null-gateway-label"
SEVERITY = ERROR
TITLE = "Null gateway label or null gateway labels map"

check = contract_check(ID, SEVERITY)
