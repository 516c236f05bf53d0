"""Shared helpers for the netpol tests: where the bb-common conformance cases live and how to read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbvalues.documents.inputs import load_inputs

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = (REPO_ROOT / ".." / "shared" / "conformance" / "bbcommon").resolve()
GROUPS = ("unittests", "quirks", "generated", "generated-errors")
MISSING = f"bb-common conformance cases not found at {CONFORMANCE} (they ship with the bbvalues workplace, not the repo)"


def conformance_cases() -> list:
    """Every case folder of every group, as pytest params with `group/case` ids."""
    if not CONFORMANCE.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="conformance-missing")]
    return [pytest.param(case, id=f"{group}/{case.name}")
            for group in GROUPS for case in sorted((CONFORMANCE / group).iterdir()) if case.is_dir()]


def read_meta(case: Path) -> dict[str, str]:
    meta = {}
    for line in (case / "meta.txt").read_text().splitlines():
        key, _, value = line.partition(": ")
        meta[key.strip()] = value
    return meta


def case_values(case: Path) -> dict:
    """The case's values exactly as Helm reads them (YAML 1.1 scalars)."""
    return load_inputs([str(case / "values.yaml")]).sources[0].values
