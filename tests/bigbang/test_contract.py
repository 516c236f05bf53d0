"""The mode contract as data: each release row's contract, instantiated, is a reviewed snapshot; the checks it
drives are covered where they are used (tests/bigbang/test_enforcement.py, tests/migrate/test_planner.py, tests/lint, tests/verify).
A new Big Bang release is a table row, a profile and a snapshot here."""

from __future__ import annotations

import pytest

from bbvalues.bigbang.releases import release_table
from tests.helpers import run_cli

ROWS = release_table().releases


def _version(row) -> str:
    return "next" if not row.released else ".".join(map(str, row.min))


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name.replace("< ", "before "))
def test_each_release_rows_contract_is_a_reviewed_snapshot(row, snapshot_text):
    result = run_cli("explain", "--contract", "--bigbang-version", _version(row))
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot_text


def test_the_rows_before_3_23_ask_nothing_of_ambient_but_refuse_it():
    text = run_cli("explain", "--contract", "--bigbang-version", "3.22.0").stdout
    assert "[ambient-supported]" in text and "routes-through-waypoint" not in text
