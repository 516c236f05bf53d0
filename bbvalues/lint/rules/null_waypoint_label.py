"""A per-key `null` on a waypoint routing label.

Big Bang documents removing the umbrella's waypoint labels by setting each key to `null`. The
label keys come from the umbrella's `defaults` values, not from the package chart's own
`values.yaml`, so Helm 3.19+ and 4.1+ keep the null (they only delete a null where the chart has
a non-nil default) and render `istio.io/use-waypoint: null` on the Service, which client-side
validation rejects. Only Helm 4.0.x deleted it.

FAIL:

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: null

PASS (Istio's explicit opt-out, renders with every Helm):

                istio.io/use-waypoint: none
                istio.io/ingress-use-waypoint: "false"

Fix: `bbvalues migrate --to ambient-gateway --label-removal none`, or verify the render with
your Helm version.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.releases import release_table
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.scalars import format_scalar
from bbvalues.lint.context import LintContext, label_entries
from bbvalues.lint.finding import WARNING, Finding

ID = "null-waypoint-label"
SEVERITY = WARNING
TITLE = "Per-key null on a waypoint label"


def check(context: LintContext) -> Iterator[Finding]:
    table = release_table()
    for path, value in label_entries(context.values):
        if path[-1] in table.waypoint_label_keys and value is None:
            opt_out = table.waypoint_label_opt_outs.get(path[-1])
            fix = (f"set it to {format_scalar(opt_out)} (bbvalues migrate --label-removal none)" if opt_out
                   else "drop it once istio.io/use-waypoint is none (bbvalues migrate --label-removal none)")
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"{dotted_path(path)} is null: Helm 3.19+/4.1+ keep it and render a null Service "
                             f"label (the key comes from the umbrella's defaults, not a chart default)",
                             fix + ", or verify the render with your Helm")
