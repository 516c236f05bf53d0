"""Find a real kubectl for the tests that compare bbvalues' Kustomize builds with `kubectl kustomize`.

tools/install-kubectl installs kubectl v1.35.2 (Kustomize v5.7.1) into .tools/bin, which is preferred
over one on PATH. `.ci/run` installs it and sets BBVALUES_REQUIRE_TOOLS=1: there a missing kubectl is a
failure. Elsewhere the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.helm_runner import tool_binary

ROOT = Path(__file__).resolve().parents[1]


def kubectl_binary() -> str:
    return tool_binary("kubectl", [os.environ.get("KUBECTL"), str(ROOT / ".tools" / "bin" / "kubectl"),
                                   shutil.which("kubectl")],
                       "set KUBECTL, run tools/install-kubectl, or put it on PATH")


def kustomize_build(directory: Path) -> list[dict]:
    """The objects `kubectl kustomize` emits, files outside the directory allowed (as Flux allows them)."""
    result = subprocess.run([kubectl_binary(), "kustomize", "--load-restrictor", "LoadRestrictionsNone",
                             str(directory)], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"kubectl kustomize {directory} failed: {result.stderr}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]
