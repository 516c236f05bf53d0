"""Shared helpers for the netpol tests: where the bb-common conformance cases live and how to read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbvalues.documents.inputs import load_inputs
from tests.conftest import shared_params, shared_path

CONFORMANCE_PARTS = ("conformance", "bbcommon")
GROUPS = ("unittests", "quirks", "generated", "generated-errors")


def conformance_cases() -> list:
    """Every case folder of every group, as pytest params with `group/case` ids."""
    return shared_params(CONFORMANCE_PARTS, lambda root: [
        pytest.param(case, id=f"{group}/{case.name}")
        for group in GROUPS for case in sorted((root / group).iterdir()) if case.is_dir()])


def conformance_case(group: str, case: str) -> Path:
    """One case folder, inside a test (skips or fails as `shared_path` does)."""
    return shared_path(*CONFORMANCE_PARTS, group, case)


def read_meta(case: Path) -> dict[str, str]:
    meta = {}
    for line in (case / "meta.txt").read_text().splitlines():
        key, _, value = line.partition(": ")
        meta[key.strip()] = value
    return meta


def case_values(case: Path) -> dict:
    """The case's values exactly as Helm reads them (YAML 1.1 scalars)."""
    return load_inputs([str(case / "values.yaml")]).sources[0].values
