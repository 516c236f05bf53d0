"""`networkPolicies.additionalPolicies`: raw NetworkPolicies passed through (§12).

No release prefix, no HBONE injection, no de-duplication; the spec goes through `tpl`. The legacy
key `additional` is used when `additionalPolicies` is empty.
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol.gotypes import truthy
from bbvalues.netpol.metadata import SOURCE_LABEL
from bbvalues.netpol.templating import ChartContext, render_tree


def additional_policies(chart: ChartContext) -> list[dict]:
    network_policies = chart.values.get("networkPolicies") or {}
    key = "additionalPolicies" if truthy(network_policies.get("additionalPolicies")) else "additional"
    policies = []
    for index, entry in enumerate(network_policies.get(key) or []):
        entry = entry if isinstance(entry, dict) else {}
        # a user `source` label is printed after bb-common's, and the last duplicate key wins
        metadata: dict = {"name": entry.get("name"), "namespace": chart.namespace,
                          "labels": {SOURCE_LABEL: "bb-common", **(entry.get("labels") or {})}}
        if truthy(entry.get("annotations")):
            metadata["annotations"] = copy_values(entry["annotations"])
        spec = render_tree(copy_values(entry.get("spec")), chart, ("networkPolicies", key, index, "spec"))
        policies.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": metadata,
                         "spec": spec})
    return policies
