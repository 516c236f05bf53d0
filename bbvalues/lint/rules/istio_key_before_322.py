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

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "istio-key-before-3.22"
SEVERITY = ERROR
TITLE = "istio: key on a release that rejects it"

check = contract_check(ID, SEVERITY)
