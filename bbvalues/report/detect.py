"""Text rendering of a mode detection."""

from __future__ import annotations

import json


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
        lines.extend(f"  - {problem}" for problem in detection.problems)
    return "\n".join(lines) + "\n"
