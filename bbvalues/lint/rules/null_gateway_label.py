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

from typing import Iterator

from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "null-gateway-label"
SEVERITY = ERROR
TITLE = "Null gateway label or null gateway labels map"


def check(context: LintContext) -> Iterator[Finding]:
    view = context.view
    values = view.values
    gateways = get_path(values, resolve_key(values, view.table.gateways_path))
    if not isinstance(gateways, dict):
        return
    key, _value = view.selector
    for gateway in gateways:
        labels_path = resolve_key(values, view.table.gateway_labels(gateway))
        parent = get_path(values, labels_path[:-1])
        if isinstance(parent, dict) and labels_path[-1] in parent and parent[labels_path[-1]] is None:
            yield Finding.at(context.locate(labels_path), ID, SEVERITY,
                             f"{dotted_path(labels_path)} is null: the umbrella's enabledGateways helper runs "
                             f"dig on it and the whole Big Bang render fails",
                             "delete the labels key from the file that sets it")
            continue
        labels = get_path(values, labels_path)
        if isinstance(labels, dict):
            for label, label_value in labels.items():
                if label_value is None:
                    path = labels_path + (label,)
                    what = "the authservice selector label" if label == key else "a label"
                    yield Finding.at(context.locate(path), ID, SEVERITY,
                                     f"{dotted_path(path)} is null: {what} on gateway {gateway} renders as a "
                                     f"null pod label",
                                     'delete the key from the file that sets it, or set a non-matching value '
                                     'such as "none"')
