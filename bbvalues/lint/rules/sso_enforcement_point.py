"""An SSO-protected package has no place where its SSO is enforced in the values' Istio mode.

Big Bang hands the SSO of monitoring (prometheus, alertmanager) and thanos to authservice; each
needs one Envoy proxy that runs the authservice policies on its traffic. Which one depends on
the mode (and the release table says the details per Big Bang release):

- sidecar: the package's pods carry the authservice selector label (default `protect: keycloak`,
  set by the umbrella); an override of that label takes the pods out of the policies' reach.
- ambient-waypoint: the package's Services route through the waypoint the release builds for it
  (`authservice/authservice-waypoint` up to 3.29; from 3.30 monitoring has
  `monitoring/monitoring-monitoring-waypoint`, and after 3.30 thanos `thanos/thanos-waypoint`),
  that waypoint exists, and `istio.io/ingress-use-waypoint: "true"` sends gateway traffic through it.
- ambient-gateway: the gateway serving the package (`<package>.ingress.gateway`, default public)
  carries the selector label, and no Service of the package still routes to a waypoint that the
  mode switched off.

In every mode Istio (`istiod.enabled`) and authservice must be deployed, and in gateway mode the
ingress gateways (`istioGateway.enabled`). Each violation of the mode contract is reported by one
check; this one reports those that cost a package its enforcement point and no narrower check names
(a missing gateway label is `gateway-label-missing`, a Service routed to a waypoint that is not
built is `waypoint-labels-without-waypoint`).

FAIL (Big Bang 3.30, ambient-waypoint: monitoring still points at the shared waypoint, which no
longer serves monitoring):

    istio: {ambient: {enabled: true}}
    monitoring:
      sso: {enabled: true}
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: authservice-waypoint
                istio.io/use-waypoint-namespace: authservice

FAIL (ambient-gateway, the selector is customised but the gateway carries the default label):

    istio: {ambient: {enabled: true}}
    monitoring: {sso: {enabled: true}}
    addons:
      authservice:
        values:
          selector: {key: sso, value: required}
          waypoint: {enabled: false}
    istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: keycloak}}}}}}

PASS (sidecar: the umbrella labels the monitoring pods with the selector and nothing overrides it):

    monitoring: {sso: {enabled: true}}
    addons: {authservice: {enabled: true}}

PASS: the bundled profiles (profiles/*.yaml), and whatever `bbvalues migrate --to MODE` produces.

Fix: the finding names the key to change; `bbvalues migrate --to <mode>` writes a consistent set.
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "sso-enforcement-point"
SEVERITY = ERROR
TITLE = "SSO-protected package without an enforcement point"

check = contract_check(ID, SEVERITY)
