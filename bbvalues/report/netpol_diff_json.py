"""`bbvalues netpol diff -o json` (docs/schemas/netpol-diff.schema.json)."""

from __future__ import annotations

from bbvalues.netpol.diff import PolicyDiff
from bbvalues.report.json_document import dump, json_document


def render_netpol_diff_json(diff: PolicyDiff) -> str:
    return dump(json_document(**diff.as_dict()))
