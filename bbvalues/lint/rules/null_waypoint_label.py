"""A per-key `null` on a waypoint routing label: a null label in the rendered Service.

Big Bang documents removing the umbrella's waypoint labels by setting each key to `null`. The label
keys come from the umbrella's `defaults` values, not from the package chart's own `values.yaml`, so
helm 4.1.4 and 3.19.x keep the null (Helm deletes a null only where the chart has a non-nil default)
and render `istio.io/use-waypoint: null` on the Service, which the API server rejects; Helm
4.2.0-4.2.4 ignore a parent chart's null aimed at a subchart key (helm/helm issues 32132, 32522).
Flux helm-controller 1.5.0 embeds Helm 4.1.1 and 1.6.x embed Helm 4.2.x: the per-key null works on
no current Flux. Reported in every mode (the mode contract's waypoint label requirements).

FAIL:

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: null

PASS (a map-level null: kube-prometheus-stack defaults `prometheus.service.labels: {}`, so the Service
renders no istio.io label with any Helm):

          prometheus:
            service:
              labels: null

PASS (Istio's explicit opt-out, renders with every Helm):

                istio.io/use-waypoint: none
                istio.io/ingress-use-waypoint: "false"

Fix: `bbvalues migrate --to <mode>` repairs it (`--label-removal auto`, the default, picks the form;
`bbvalues explain waypoint-labels-strip`).
"""

from __future__ import annotations

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "null-waypoint-label"
SEVERITY = ERROR
TITLE = "Per-key null on a waypoint label"

check = contract_check(ID, SEVERITY)
