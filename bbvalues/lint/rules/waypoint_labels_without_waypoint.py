"""Waypoint routing labels on protected Services while the authservice waypoint is disabled.

In ambient mode the umbrella labels the prometheus, alertmanager and thanos query-frontend
Services with `istio.io/use-waypoint` (and, depending on the release,
`istio.io/use-waypoint-namespace` and `istio.io/ingress-use-waypoint`). With
`addons.authservice.values.waypoint.enabled: false` there is no waypoint: ztunnel would still
route those Services' traffic to the named waypoint, which does not exist, and the requests fail.
Each label the release sets must be overridden (null, or Istio's opt-out values).

FAIL (Big Bang 3.30, nothing overrides the umbrella's labels):

    istio: {ambient: {enabled: true}}
    monitoring: {sso: {enabled: true}}
    addons: {authservice: {enabled: true, values: {waypoint: {enabled: false}}}}

PASS:

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: none
                istio.io/ingress-use-waypoint: "false"
          alertmanager: ... (the same)

Fix: `bbvalues migrate --to ambient-gateway --label-removal none FILE...` writes the overrides.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_GATEWAY, WAYPOINT_TOGGLE
from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.scalars import format_scalar
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "waypoint-labels-without-waypoint"
SEVERITY = ERROR
TITLE = "Waypoint routing labels while the authservice waypoint is disabled"


def check(context: LintContext) -> Iterator[Finding]:
    if context.mode != AMBIENT_GATEWAY:
        return
    view = context.view
    toggle = context.locate(resolve_key(context.values, WAYPOINT_TOGGLE))
    for service_label in view.service_labels():
        if service_label.label.opt_out is None or view.label_overridden(service_label):
            continue
        yield Finding.at(
            toggle, ID, SEVERITY,
            f"{dotted_path(service_label.key_path)} is still {service_label.label.value!r} (set by Big Bang "
            f"{view.release.name}) while the authservice waypoint is disabled: ztunnel would route "
            f"{service_label.enrollment.package} traffic to a waypoint that does not exist",
            f"set {service_label.label.key}: {format_scalar(service_label.label.opt_out)} (bbvalues migrate --to "
            f"ambient-gateway --label-removal none writes every override)")
