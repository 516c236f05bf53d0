"""`ztunnel.enabled: false`, `istioCNI.enabled: false` or `gatewayAPI.enabled: false` with ambient on.

The umbrella renders ztunnel, istio-cni and the Gateway API CRDs when their own key is true OR
ambient is on (`ambientEnabled` is `or .Values.ztunnel.enabled .Values.istio.ambient.enabled`,
bigbang `_helpers.tpl:969-971`; `istio-cni/helmrelease.yaml:3`, `gateway-api/helmrelease.yaml:3`).
Setting them false while `istio.ambient.enabled: true` turns nothing off.

FAIL:

    istio: {ambient: {enabled: true}}
    ztunnel: {enabled: false}

PASS: leave the keys out in ambient mode.

Fix: delete the key; to leave ambient, run `bbvalues migrate --to sidecar`.
"""

from __future__ import annotations

from bbvalues.bigbang.packages import resolve_key
from bbvalues.bigbang.releases import release_table
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "ambient-infrastructure-toggle"
SEVERITY = WARNING
TITLE = "Infrastructure switched off while ambient is on (no effect)"


def check(context: LintContext) -> Iterator[Finding]:
    if not context.view.ambient:
        return
    for key in release_table().ambient_forces_on:
        path = resolve_key(context.values, key)
        if get_path(context.values, path) is False:
            yield Finding.at(context.locate(path), ID, SEVERITY,
                             f"{dotted_path(path)}: false has no effect while ambient is on: the umbrella renders "
                             f"it whenever ambient is enabled",
                             "delete the key (bbvalues migrate --to sidecar to leave ambient)")
