"""Find the real tools (helm, and kubectl for `kubectl kustomize`) for the tests that compare bbvalues with them.

Without a tool those tests skip and say how to get it, so a fresh clone (in any CI too) runs everything
else. `.ci/run` installs helm and kubectl and sets BBVALUES_REQUIRE_TOOLS=1: there a missing tool is a
failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUIRE_TOOLS = "BBVALUES_REQUIRE_TOOLS"


def helm_binary() -> str:
    return tool_binary("helm", [os.environ.get("HELM"), shutil.which("helm"), str(ROOT / ".tools" / "bin" / "helm")],
                       "set HELM, put it on PATH, or run tools/install-helm")


def tool_binary(name: str, candidates: list, remedy: str) -> str:
    """The first executable of `candidates`; else a failure where the tools are required, a skip elsewhere."""
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    message = f"{name} not found: {remedy} to run this test"
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{message} ({REQUIRE_TOOLS}=1)", pytrace=False)
    pytest.skip(message)


def render_values(chart_dir: Path, files: list[Path]) -> dict:
    """The values Helm hands to templates after merging `files` (a chart that prints `toJson .Values`)."""
    args = [helm_binary(), "template", "probe", str(chart_dir)]
    for file in files:
        args += ["-f", str(file)]
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    payload = result.stdout.split("values: |", 1)[1]
    return json.loads(payload.strip())


def make_probe_chart(directory: Path) -> Path:
    (directory / "templates").mkdir(parents=True)
    (directory / "Chart.yaml").write_text("apiVersion: v2\nname: probe\nversion: 0.1.0\n")
    (directory / "values.yaml").write_text("{}\n")
    (directory / "templates" / "out.yaml").write_text("values: |\n{{ toJson .Values | indent 2 }}\n")
    return directory
