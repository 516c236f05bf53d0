"""Shared test fixtures: snapshot storage under tests/snapshots/, paths to the research kit and profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots"
PROFILES = ROOT / "profiles"
SHARED = ROOT.parent / "shared"

# Property tests check behaviour, not speed: on a loaded CI machine a slow example is not a failure.
settings.register_profile("bbvalues", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("bbvalues")


class TextSnapshot(SingleFileSnapshotExtension):
    """One readable text file per snapshot, under tests/snapshots/<test module>/."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / Path(test_location.filepath).stem)


@pytest.fixture
def snapshot_text(snapshot):
    return snapshot.use_extension(TextSnapshot)


def shared_path(*parts: str) -> Path:
    """A path in the research kit beside the checkout; skip (visibly) where a user clone has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI runs beside the shared research kit")
        pytest.skip(f"{path} not present (the shared research kit lives beside the bbvalues checkout)")
    return path
