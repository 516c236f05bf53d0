"""Waypoint routing labels written by the user in sidecar mode.

In sidecar mode the umbrella puts no `istio.io/use-waypoint*` label on any Service. A label the
user wrote (often left over from an ambient experiment) renders exactly as written: a value
routes nothing without ztunnel but confuses the next migration, and a `null` renders as a null
label that client-side validation rejects.

FAIL (sidecar mode):

    monitoring:
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: null

PASS: no `istio.io/use-waypoint`, `istio.io/use-waypoint-namespace` or
`istio.io/ingress-use-waypoint` key in any labels map.

Fix: delete the key from the file that sets it.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import SIDECAR
from bbvalues.bigbang.releases import release_table
from bbvalues.documents.yamltree import dotted_path
from bbvalues.lint.context import LintContext, label_entries
from bbvalues.lint.finding import WARNING, Finding

ID = "waypoint-labels-in-sidecar"
SEVERITY = WARNING
TITLE = "Waypoint routing labels in sidecar mode"


def check(context: LintContext) -> Iterator[Finding]:
    if context.mode != SIDECAR:
        return
    for path, value in label_entries(context.values):
        if path[-1] in release_table().waypoint_label_keys:
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"{dotted_path(path)} is set ({value!r}) in sidecar mode, where Big Bang sets no "
                             f"waypoint labels: it renders as written",
                             "delete the key")
