"""A mode detection as text and as JSON."""

from __future__ import annotations

import json

from bbvalues.report.json_document import json_document, position


def detection_document(detection, release) -> dict:
    """`bbvalues detect -o json` (docs/schemas/detect.schema.json)."""
    return json_document(release, mode=detection.mode, closest_mode=detection.base_mode,
                         evidence=[{"path": item.path, "value": item.value, "note": item.note,
                                    **position(item.origin)} for item in detection.evidence],
                         problems=[{"rule": problem.rule, "path": problem.path, "message": problem.message,
                                    "fix": problem.fix, **position(problem.origin)} for problem in detection.problems])


def render_detection_text(detection) -> str:
    lines = [f"mode: {detection.mode}", f"release: {detection.release}"]
    if detection.mode != detection.base_mode:
        lines.append(f"closest mode: {detection.base_mode}")
    lines.append("evidence:" if detection.evidence else "evidence: none (Big Bang defaults: sidecar)")
    for item in detection.evidence:
        where = f"{item.origin.file}:{item.origin.line}" if item.origin else "?"
        lines.append(f"  {item.path} = {json.dumps(item.value)}  ({where}) {item.note}")
    if detection.problems:
        lines.append("problems:")
        lines.extend(_problem_lines(detection.problems))
    return "\n".join(lines) + "\n"


def _problem_lines(problems) -> list[str]:
    """Each problem with its place; the reason and the fix once for a run of problems with the same ones."""
    lines = []
    for index, problem in enumerate(problems):
        where = f"  ({problem.origin.file}:{problem.origin.line})" if problem.origin else ""
        lines.append(f"  - {problem.detail}{where}")
        following = problems[index + 1] if index + 1 < len(problems) else None
        if following is None or (following.rule, following.why, following.fix) != (problem.rule, problem.why,
                                                                                  problem.fix):
            lines.append(f"    why [{problem.rule}]: {problem.why}")
            lines.append(f"    fix: {problem.fix}")
    return lines
