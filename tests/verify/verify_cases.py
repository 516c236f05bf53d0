"""Shared helpers for the verify tests: the fixture charts and inputs, running `bbvalues verify` with a real
helm, and where the umbrella conformance renders live."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_params, shared_path
from tests.helm_runner import helm_binary
from tests.helpers import run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
# Relative to the repository root: the tests run from there, so reports (and snapshots) name them so.
UMBRELLA = "tests/fixtures/umbrella"
MONITORING_CHART = "tests/fixtures/monitoring-chart"
INPUTS = "tests/fixtures/verify-inputs"
CONFORMANCE_PARTS = ("conformance", "umbrella")


def run_verify(*args: str, helm: str | None = None):
    """`bbvalues verify --chart <fixture umbrella> --helm <real helm> ARGS...` from the repository root."""
    return run_cli("verify", "--chart", UMBRELLA, "--helm", helm or helm_binary(), *args)


def conformance_root() -> Path:
    return shared_path(*CONFORMANCE_PARTS)


def conformance_renders() -> list:
    """Every `<version>/<mode>/` render with decoded package files, as pytest params with `version/mode` ids."""
    def renders(root: Path) -> list:
        folders = sorted({path.parent.parent for path in root.glob("*/*/*/fluxmerged.yaml")})
        return [pytest.param(folder, id=f"{folder.parent.name}/{folder.name}") for folder in folders]

    return shared_params(CONFORMANCE_PARTS, renders)


def conformance_packages() -> list:
    """Every `<version>/<mode>/<pkg>/` folder, as pytest params."""
    return shared_params(CONFORMANCE_PARTS, lambda root: [
        pytest.param(path.parent, id=str(path.parent.relative_to(root)))
        for path in sorted(root.glob("*/*/*/fluxmerged.yaml"))])


def synthetic_render(folder: Path, base64_data: bool = False) -> str:
    """What `helm template` of the real umbrella printed for this render, as far as verify reads it.

    A values Secret per decoded package folder (stringData, or base64 data), the HelmReleases listed
    in index.txt, and the Namespaces of facts.json. The head variants without facts.json borrow the
    Namespaces of the mode they vary (`ambient-gateway-none` -> `ambient-gateway`), which they share.
    """
    import base64
    import json

    from bbvalues.documents.emit import emit_values

    manifests = []
    for package in sorted(path.parent for path in folder.glob("*/fluxmerged.yaml")):
        texts = {key: (package / f"{key}.yaml").read_text() for key in ("common", "defaults", "overlays")}
        field = "data" if base64_data else "stringData"
        if base64_data:
            texts = {key: base64.b64encode(text.encode()).decode() for key, text in texts.items()}
        manifests.append({"apiVersion": "v1", "kind": "Secret", "type": "generic",
                          "metadata": {"name": f"bigbang-{package.name}-values", "namespace": "bigbang"},
                          field: texts})
    for line in (folder / "index.txt").read_text().splitlines():
        if line.startswith("HR "):
            manifests.append({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                              "metadata": {"name": line[3:], "namespace": "bigbang"}})
    for name, labels in json.loads(_facts_for(folder).read_text())["namespaces"].items():
        manifests.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}})
    return "".join(f"---\n{emit_values(manifest)}" for manifest in manifests)


def conformance_view(folder: Path):
    """The user's values of a render (inputs/*.yaml) read through its release row: what verify judges it with."""
    from bbvalues.bigbang.modes import UmbrellaView
    from bbvalues.bigbang.releases import select_release
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.helm.merge import merge_sources

    version = folder.parent.name
    inputs = load_inputs([str(path) for path in sorted((folder / "inputs").glob("*.yaml"))])
    release = select_release("next" if version == "head" else version).release
    return UmbrellaView(merge_sources(inputs.sources), release)


def _facts_for(folder: Path) -> Path:
    """The render's facts.json, else its base mode's (`devsso-sidecar` -> `sidecar`), else ambient-gateway's:
    the remaining head variants (`canonical-null`, `back-to-waypoint`) are ambient, whose namespaces agree."""
    base = folder.name.removeprefix("devsso-").removesuffix("-none").removesuffix("-mapnull")
    candidates = (folder / "facts.json", folder.parent / base / "facts.json", folder.parent / "ambient-gateway" / "facts.json")
    return next(path for path in candidates if path.exists())
