"""`bbvalues verify -o json`: the verification as data (the command redacts it first)."""

from __future__ import annotations

from bbvalues.documents.paths import MISSING
from bbvalues.documents.yamltree import dotted_path
from bbvalues.report.json_document import dump, json_document, key_path
from bbvalues.report.verify_text import sorted_findings


def verify_document(report) -> dict:
    """docs/schemas/verify.schema.json"""
    return json_document(
        report.release,
        chart=report.chart,
        source_mode=report.source_mode,
        target_mode=report.target_mode,
        reached=report.reached,
        helm=report.helm,
        before=list(report.before),
        after=list(report.after),
        warnings=list(report.warnings),
        not_modelled=list(report.not_modelled),
        waypoints=[{"name": w.name, "owner": w.owner, "created": w.created, "why": w.why}
                   for w in report.analysis.waypoints.values()],
        findings=[_finding(finding) for finding in sorted_findings(report.findings)],
        package_charts=[{"package": chart.package, "chart": chart.chart, "helm_release": chart.release,
                         "namespace": chart.namespace, "before": _chart_render(chart.before),
                         "after": _chart_render(chart.after)} for chart in report.package_charts],
    )


def _finding(finding) -> dict:
    data = {"package": finding.package, "kind": finding.kind, "blocks": finding.blocks, "message": finding.message}
    if finding.path:
        data.update(key_path(finding.path, dotted_path(finding.path)))
    for name in ("before", "after"):
        value = getattr(finding, name)
        if value is not MISSING:
            data[name] = value
    if finding.caveat:
        data["caveat"] = finding.caveat
    return data


def _chart_render(render) -> dict | None:
    if render is None:
        return None
    return {"services": [{"namespace": s.namespace, "name": s.name, "labels": s.labels, "null_labels": s.null_labels}
                         for s in render.services],
            "policies": list(render.policies)}


def render_verify_json(report) -> str:
    return dump(verify_document(report))
