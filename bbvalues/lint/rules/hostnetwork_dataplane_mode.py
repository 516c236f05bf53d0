"""A hostNetwork workload without `istio.io/dataplane-mode: none` in ambient mode.

Big Bang labels every package namespace `istio.io/dataplane-mode: ambient`. A pod on the host
network shares the node's network namespace; ztunnel cannot capture it, and enrolling it breaks
health checks and node traffic. Such pods must opt out with the pod label
`istio.io/dataplane-mode: none` (Istio ambient "pods using hostNetwork").

FAIL (ambient):

    loki:
      values:
        daemonset:
          hostNetwork: true

PASS:

          hostNetwork: true
          podLabels:
            istio.io/dataplane-mode: none
"""

from __future__ import annotations

from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import get_path
from bbvalues.documents.yamltree import walk
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import WARNING, Finding
from bbvalues.bigbang.packages import package_blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "hostnetwork-dataplane-mode"
SEVERITY = WARNING
TITLE = "hostNetwork workload without istio.io/dataplane-mode: none"
OPT_OUT = ("istio.io/dataplane-mode", "none")
# Where charts take pod labels, relative to the block that sets hostNetwork.
POD_LABEL_KEYS = ("podLabels", "labels", "commonLabels", "podMetadata")


def check(context: LintContext) -> Iterator[Finding]:
    if not context.view.ambient:
        return
    for block in package_blocks(context.values):
        values_path = block.path + ("values",)
        for relative, value in walk(block.values):
            if relative and relative[-1] == "hostNetwork" and value is True:
                holder = relative[:-1]
                if not _opted_out(block.values, holder):
                    path = values_path + relative
                    yield Finding.at(context.locate(path), ID, SEVERITY,
                                     f"{dotted_path(path)}: true in ambient without the pod label "
                                     f"{OPT_OUT[0]}: {OPT_OUT[1]}: ztunnel cannot capture host-network pods",
                                     f"add {OPT_OUT[0]}: {OPT_OUT[1]} to this workload's pod labels "
                                     f"({dotted_path(values_path + holder + ('podLabels',))} or the chart's equivalent)")


def _opted_out(values: dict, holder: tuple) -> bool:
    """The opt-out label in the workload's block or any parent block's pod labels."""
    for end in range(len(holder), -1, -1):
        block = get_path(values, holder[:end])
        if not isinstance(block, dict):
            continue
        for key in POD_LABEL_KEYS:
            labels = block.get(key)
            if isinstance(labels, dict) and key == "podMetadata":
                labels = labels.get("labels")
            if isinstance(labels, dict) and labels.get(OPT_OUT[0]) == OPT_OUT[1]:
                return True
    return False
