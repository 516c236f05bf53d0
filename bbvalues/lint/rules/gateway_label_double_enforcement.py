"""The authservice selector label on an ingress gateway in sidecar or ambient-waypoint mode.

The authservice policies (`jwt-authn`, `jwt-authz`, the CUSTOM `authservice` policy) live in
`istio-system` and select every pod carrying the selector label (default `protect: keycloak`,
from `addons.authservice.values.selector`). In sidecar mode the protected pods' sidecars enforce
them, in ambient-waypoint mode the waypoint does. Labelling a gateway as well enforces SSO a second
time at the gateway, and every host on that gateway goes through authservice.

FAIL (sidecar or ambient-waypoint):

    istioGateway:
      values:
        gateways:
          public:
            upstream:
              labels:
                protect: keycloak

PASS: the label only in ambient-gateway mode.

Fix: delete the label from the file that sets it (an overlay cannot remove it cleanly).
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_WAYPOINT, SIDECAR
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "gateway-label-double-enforcement"
SEVERITY = ERROR
TITLE = "Selector label on a gateway in sidecar or ambient-waypoint mode"


def check(context: LintContext) -> Iterator[Finding]:
    if context.mode not in (SIDECAR, AMBIENT_WAYPOINT):
        return
    view = context.view
    key, value = view.selector
    enforcer = "each protected pod's sidecar" if context.mode == SIDECAR else "the waypoint"
    for gateway in view.labelled_gateways():
        path = view.gateway_label_path(gateway)
        if get_path(view.values, path) == value:
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"gateway {gateway} carries the authservice selector label {key}: {value} in "
                             f"{context.mode} mode, where {enforcer} enforces SSO: it would be enforced twice",
                             f"delete istioGateway.values.gateways.{gateway}.upstream.labels.{key} "
                             f"(or migrate with bbvalues migrate --to ambient-gateway)")

