"""Real Big Bang values files and the umbrella renders of the research kit as test inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.errors import BBValuesError
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from tests.conftest import SHARED, shared_params, shared_path
from tests.helpers import drop_required_edits, is_umbrella_values, with_overlay

VALUES_FILES = shared_params(("corpus", "realworld"), lambda corpus: [
    pytest.param(path, id=str(path.relative_to(SHARED)))
    for path in sorted(corpus.rglob("*.yaml")) if "template-helmRepo" not in path.parts])


def _rendered_mode(inputs: Path) -> str | None:
    """The mode a research render stands for: the three modes and the dev-sso example (`devsso-<mode>`).
    Variants (map-level nulls, opt-out values, ztunnel-only, round trips) are tested on their own."""
    name = inputs.parent.name.removeprefix("devsso-")
    return name if name in MODES else None


RENDERED_MODES = shared_params(("conformance", "umbrella"), lambda umbrella: [
    pytest.param(inputs, id=f"{inputs.parent.parent.name}/{inputs.parent.name}")
    for inputs in sorted(umbrella.glob("*/*/inputs")) if _rendered_mode(inputs)])


@pytest.mark.parametrize("path", VALUES_FILES)
@pytest.mark.parametrize("target", MODES)
def test_every_real_values_file_migrates_to_every_mode(path, target, tmp_path):
    release = select_release("3.30.0")
    files = [str(path)]
    if not is_umbrella_values(path):
        # package chart values, and stale examples with keys Big Bang removed (`hostname`): helm refuses them
        with pytest.raises(BBValuesError, match="not Big Bang umbrella values"):
            plan_migration(load_inputs(files), MigrationOptions(target), release)
        return
    plan = plan_migration(load_inputs(files), MigrationOptions(target), release)
    after = with_overlay(files, render_overlay(plan), tmp_path)
    drop_required_edits(after, plan)
    detection = detect_inputs(after, release)
    assert (detection.mode, detection.problems) == (target, [])


def _release_of(inputs: Path):
    version = inputs.parent.parent.name
    return select_release("next" if version == "head" else version)


@pytest.mark.parametrize("inputs", RENDERED_MODES)
def test_umbrella_render_inputs_are_detected_as_their_mode(inputs):
    """The research gateway inputs follow seed 002's per-key nulls, which render null Service labels, and from 3.30
    lack the routes.inbound.*.authservice keys BIGBANG-MODES.md §1.4 requires: inconsistent, naming exactly those."""
    mode, release = _rendered_mode(inputs), _release_of(inputs)
    loaded = load_inputs(sorted(str(p) for p in inputs.glob("*.yaml")))
    if mode != "sidecar" and not release.release.supports_ambient_sso:
        with pytest.raises(BBValuesError, match="3.23.0 or later"):
            plan_migration(loaded, MigrationOptions(mode), release)
        return
    detection = detect_inputs(loaded, release)
    if mode == "ambient-gateway":
        assert detection.mode == "inconsistent"
        kinds = {violation.kind for violation in detection.violations}
        assert kinds == ({"null-label", "on"} if release.release.enrollments[0].routes else {"null-label"})
    else:
        assert (detection.mode, detection.problems) == (mode, [])


def test_template_repo_gitops_layout_reads_in_valuesfrom_order():
    base = shared_path("corpus", "realworld", "template-helmRepo", "base")
    inputs = load_inputs([str(base / "configmap.yaml"), str(base / "common-bb-secret.yaml"),
                          str(base / "helmrelease.yaml")])
    assert [source.embedding.name for source in inputs.sources] == ["common-bb", "common-bb-secret"]
    assert inputs.helm_release.chart_version == "3.2.0"


def test_research_opt_out_variant_left_thanos_on_its_waypoint():
    """The research `none` variant neutralised monitoring's labels only (and, like every research gateway input,
    has no routes keys); at HEAD thanos has its own waypoint too."""
    inputs = shared_path("conformance", "umbrella", "head", "ambient-gateway-none", "inputs")
    detection = detect_inputs(load_inputs(sorted(str(p) for p in inputs.glob("*.yaml"))), select_release("next"))
    assert detection.mode == "inconsistent"
    label_problems = [violation for violation in detection.violations if violation.requirement.label_map]
    assert label_problems and all(violation.path[:2] == ("addons", "thanos") for violation in label_problems)
