"""`bbvalues review -o json`: the review as data (the plan in `bbvalues migrate -o json` form)."""

from __future__ import annotations

from bbvalues.report.json_document import dump, json_document
from bbvalues.report.lint_json import finding_fields
from bbvalues.report.plan_json import plan_fields


def review_document(review) -> dict:
    """docs/schemas/review.schema.json"""
    return json_document(
        review.release,
        source_mode=review.source_mode,
        target_mode=review.target_mode,
        waypoint_model=review.waypoint_model,
        plan=plan_fields(review.plan),
        umbrella_policies=[{"id": item.entry.id, "package": item.entry.package, "change": item.change,
                            "shorthand": item.entry.shorthand, "note": item.entry.note, "names": item.names,
                            **({"error": item.error} if item.error else {})}
                           for item in review.umbrella_policies],
        package_policies=[{"package": item.package, "namespace": item.namespace,
                           **({"error": item.error} if item.error else {"diff": item.diff.as_dict()})}
                          for item in review.package_policies],
        remaining_findings=[finding_fields(finding) for finding in review.remaining],
        blocking=review.blocking,
    )


def render_review_json(review) -> str:
    return dump(review_document(review))
