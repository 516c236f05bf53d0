"""Every bundled profile x every target mode: snapshot the overlay and the plan, and check that the
overlay really lands in the target mode and that a second migration finds nothing to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.migrate.inplace import apply_in_place, plan_in_place
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from tests.helpers import ROOT, drop_required_edits, profiles, run_cli, with_overlay

PROFILES = profiles()
CASES = [(profile, mode) for profile in PROFILES for mode in MODES]


def _ids(case):
    profile, mode = case
    return f"{profile.name}-to-{mode}"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _release(profile, inputs):
    flag = profile.version_args[1] if profile.version_args else None
    info = inputs.helm_release
    return select_release(flag, info.chart_version if info else None)


def test_every_era_and_mode_has_a_profile():
    names = {profile.name for profile in PROFILES}
    for era in ("3.29", "3.30"):
        for mode in MODES:
            assert f"{era}-{mode}" in names
    assert any(len(profile.files) > 1 for profile in PROFILES), "a ConfigMap-embedded profile"


@pytest.mark.parametrize("case", CASES, ids=map(_ids, CASES))
def test_overlay_snapshot(case, snapshot_text):
    profile, mode = case
    result = run_cli("migrate", "--to", mode, *profile.version_args, *profile.files)
    assert result.exit_code in (0, 3), result.output
    assert result.stdout == snapshot_text


@pytest.mark.parametrize("case", CASES, ids=map(_ids, CASES))
def test_plan_json_snapshot(case, snapshot_text):
    profile, mode = case
    result = run_cli("migrate", "--to", mode, "-o", "json", *profile.version_args, *profile.files)
    assert result.exit_code in (0, 3), result.output
    assert result.stdout == snapshot_text


def _broken(profile) -> bool:
    """Profiles that keep a broken state as a repair input (Big Bang's documented per-key nulls)."""
    return profile.name.endswith("-per-key-nulls")


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_detect_snapshot(profile, snapshot_text):
    result = run_cli("detect", *profile.version_args, *profile.files)
    assert result.exit_code == (2 if _broken(profile) else 0), result.output
    assert result.stdout == snapshot_text


@pytest.mark.parametrize("case", CASES, ids=map(_ids, CASES))
def test_overlay_lands_in_target_mode_and_is_idempotent(case, tmp_path):
    profile, mode = case
    inputs = load_inputs([str(ROOT / f) for f in profile.files])
    release = _release(profile, inputs)
    plan = plan_migration(inputs, MigrationOptions(mode), release)

    after = with_overlay(list(profile.files), render_overlay(plan), tmp_path)
    drop_required_edits(after, plan)
    detection = detect_inputs(after, release)
    assert (detection.mode, detection.problems) == (mode, [])

    again = plan_migration(after, MigrationOptions(mode), release)
    assert again.changes == [] and again.required_edits == []


@pytest.mark.parametrize("case", CASES, ids=map(_ids, CASES))
def test_in_place_lands_in_target_mode_and_is_idempotent(case, tmp_path):
    """In place, the files themselves reach the target (overrides deleted, not pinned), and stay there."""
    profile, mode = case
    copies = []
    for name in profile.files:
        copy = tmp_path / Path(name).name
        shutil.copy(ROOT / name, copy)
        copies.append(str(copy))
    inputs = load_inputs(copies)
    release = _release(profile, inputs)
    options = MigrationOptions(mode, in_place=True)
    plan = plan_migration(inputs, options, release)
    result = plan_in_place(plan, inputs)
    assert not result.refused and not result.manual, result.refused or result.manual
    apply_in_place(result, backup=False)

    after = load_inputs(copies)
    detection = detect_inputs(after, release)
    assert (detection.mode, detection.problems) == (mode, [])
    again = plan_migration(after, options, release)
    assert again.changes == [] and again.required_edits == []
    assert not [change for change in plan.changes if "pins" in change.reason], "in place hands control back"


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_profiles_are_consistent_examples_of_their_mode(profile):
    inputs = load_inputs([str(ROOT / f) for f in profile.files])
    detection = detect_inputs(inputs, _release(profile, inputs))
    expected = next((mode for mode in MODES if mode in profile.name), "sidecar")
    if _broken(profile):
        assert (detection.mode, detection.base_mode) == ("inconsistent", expected)
        assert {violation.kind for violation in detection.violations} == {"null-label"}
    else:
        assert (detection.mode, detection.problems) == (expected, [])
