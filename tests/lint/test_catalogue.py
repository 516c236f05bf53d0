"""The checks document themselves: ids, severities, docstrings with PASS/FAIL, explain, docs/lint.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bbvalues.lint.finding import SEVERITIES
from bbvalues.lint.rules import BY_ID, CHECKS
from bbvalues.migrate.rules import RULES
from bbvalues.report.lint_reference import render_lint_reference
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9.]+)*$")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.ID)
def test_check_module_contract(check):
    assert KEBAB.match(check.ID), check.ID
    assert check.SEVERITY in SEVERITIES
    assert check.TITLE and callable(check.check)
    doc = check.__doc__ or ""
    assert "FAIL" in doc and "PASS" in doc, f"{check.ID}: the docstring is the documentation: give PASS/FAIL examples"


def test_check_ids_are_unique_and_distinct_from_migration_rules():
    assert len(BY_ID) == len(CHECKS)
    assert not set(BY_ID) & set(RULES)


@pytest.mark.parametrize("check_id", sorted(BY_ID))
def test_explain_prints_the_check_docstring(check_id):
    result = run_cli("explain", check_id)
    assert result.exit_code == 0
    first_line = BY_ID[check_id].__doc__.strip().splitlines()[0]
    assert result.stdout.startswith(f"{check_id} (lint, {BY_ID[check_id].SEVERITY})")
    assert first_line in result.stdout


def test_explain_lists_rules_and_checks():
    listing = run_cli("explain").stdout
    for rule_id in [*RULES, *BY_ID]:
        assert re.search(rf"^{re.escape(rule_id)}\s", listing, re.M), rule_id


def test_docs_lint_md_is_generated_from_the_docstrings():
    text = (ROOT / "docs" / "lint.md").read_text()
    assert text == render_lint_reference(CHECKS), (
        "docs/lint.md is stale: bbvalues explain --lint-reference > docs/lint.md")
