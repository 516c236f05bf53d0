"""`bbvalues review --format json`: the review as data (the plan in `bbvalues migrate -o json` form)."""

from __future__ import annotations

import json

from bbvalues.report.plan_json import plan_as_json


def review_as_dict(review) -> dict:
    return {
        "source_mode": review.source_mode,
        "target_mode": review.target_mode,
        "release": review.release,
        "release_how": review.release_how,
        "waypoint_model": review.waypoint_model,
        "plan": plan_as_json(review.plan),
        "umbrella_policies": [{"id": item.entry.id, "package": item.entry.package, "change": item.change,
                               "shorthand": item.entry.shorthand, "note": item.entry.note, "names": item.names,
                               **({"error": item.error} if item.error else {})}
                              for item in review.umbrella_policies],
        "package_policies": [{"package": item.package, "namespace": item.namespace,
                              **({"error": item.error} if item.error else {"diff": item.diff.as_dict()})}
                             for item in review.package_policies],
        "remaining_findings": [finding.as_dict() for finding in review.remaining],
        "blocking": review.blocking,
    }


def render_review_json(review) -> str:
    return json.dumps(review_as_dict(review), indent=2, default=str) + "\n"
