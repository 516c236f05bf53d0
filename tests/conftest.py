"""Shared test fixtures: snapshot storage under tests/snapshots/, paths to the research kit and profiles."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, settings
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots"
PROFILES = ROOT / "profiles"
SHARED = ROOT.parent / "shared"
REQUIRE_SHARED = "BBVALUES_REQUIRE_SHARED"
SHARED_MISSING_ID = "research-kit-missing"

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


def shared_required() -> bool:
    """`.ci/run` sets BBVALUES_REQUIRE_SHARED=1 where the research kit is present: then a test that cannot
    find what it needs fails instead of skipping, so a moved or renamed kit folder is noticed."""
    return os.environ.get(REQUIRE_SHARED) == "1"


def shared_missing(path: Path) -> str:
    """One line: what is missing and how to get it."""
    return (f"research kit not found: ../{path.relative_to(ROOT.parent)} (conformance cases and real-world values, "
            f"kept out of this repository); put the kit beside this clone as ../shared to run this test")


def shared_path(*parts: str) -> Path:
    """A path in the research kit beside the checkout, inside a test: skip (or, when required, fail) without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if shared_required():
            pytest.fail(f"{shared_missing(path)} ({REQUIRE_SHARED}=1)", pytrace=False)
        pytest.skip(shared_missing(path))
    return path


def shared_params(parts: tuple[str, ...], params: Callable[[Path], list]) -> list:
    """Parameters made from a research-kit folder, at collection: `params(folder)`, or one skipped
    parameter saying what is missing (a collection error when the kit is required)."""
    folder = SHARED.joinpath(*parts)
    if folder.exists():
        return params(folder)
    if shared_required():
        pytest.fail(f"{shared_missing(folder)} ({REQUIRE_SHARED}=1)", pytrace=False)
    return [pytest.param(None, marks=pytest.mark.skip(reason=shared_missing(folder)), id=SHARED_MISSING_ID)]


def shared_folder_marks(*parts: str) -> list:
    """`pytestmark` for a module whose every test reads one research-kit folder: skip them all without it."""
    folder = SHARED.joinpath(*parts)
    if folder.exists():
        return []
    if shared_required():
        pytest.fail(f"{shared_missing(folder)} ({REQUIRE_SHARED}=1)", pytrace=False)
    return [pytest.mark.skip(reason=shared_missing(folder))]
