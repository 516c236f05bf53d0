"""Every profile x every target x every release row, as an overlay and in place: the result is in the target mode
with nothing left to do, and a second migration finds nothing to do. (With the real charts, the same matrix is
rendered by tests/verify/test_real_charts.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.migrate.inplace import apply_in_place, plan_in_place
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from tests.helpers import ROOT, drop_required_edits, profiles, with_overlay

ROWS = [row for row in release_table().releases if row.supports_ambient_sso]
CASES = [(profile, mode, row, in_place) for profile in profiles() for mode in MODES for row in ROWS
         for in_place in (False, True)]


def _id(case) -> str:
    profile, mode, row, in_place = case
    return f"{profile.name}-to-{mode}-on-{row.name}{'-in-place' if in_place else ''}"


def _version(row) -> str:
    return "next" if not row.released else ".".join(map(str, row.min))


def _copies(profile, directory: Path) -> list[str]:
    copies = []
    for name in profile.files:
        copy = directory / Path(name).name
        shutil.copy(ROOT / name, copy)
        copies.append(str(copy))
    return copies


@pytest.mark.parametrize("case", CASES, ids=map(_id, CASES))
def test_every_profile_reaches_every_mode_on_every_row_and_stays(case, tmp_path):
    profile, mode, row, in_place = case
    release = select_release(_version(row))
    files = _copies(profile, tmp_path)
    options = MigrationOptions(mode, in_place=in_place)
    plan = plan_migration(load_inputs(files), options, release)
    assert all(edit.deletes for edit in plan.required_edits), plan.required_edits
    if in_place:
        result = plan_in_place(plan, load_inputs(files))
        assert not result.refused and not result.manual, result.refused
        apply_in_place(result, backup=False)
        after = load_inputs(files)
    else:
        after = with_overlay(files, render_overlay(plan), tmp_path)
        drop_required_edits(after, plan)
    detection = detect_inputs(after, release)
    assert (detection.mode, [problem.message for problem in detection.problems]) == (mode, [])
    again = plan_migration(after, options, release)
    assert again.changes == [] and again.required_edits == [], (again.changes, again.required_edits)
    waypoint_keys = release_table().waypoint_label_keys
    assert not [change for change in plan.changes if change.new is None and change.path[-1] in waypoint_keys], \
        "the default removal never writes Big Bang's per-key nulls"
