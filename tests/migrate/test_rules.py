"""The migration rules document themselves, and the contract, the planner and explain agree on them."""

from __future__ import annotations

import textwrap

import pytest

from bbvalues.bigbang.contract import LABEL_REMOVAL
from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.lint.rules import BY_ID as LINT_CHECKS
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.rules import CONTRACT_RULES, RULES
from tests.helpers import ROOT, profiles, run_cli

PROFILES = profiles()


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.ID)
def test_each_rule_module_documents_what_it_changes_why_and_for_which_releases(rule):
    doc = textwrap.dedent(rule.__doc__ or "")
    for section in ("Changes:", "Why:", "Releases:"):
        assert section in doc, f"{rule.ID}: the docstring is what `bbvalues explain` prints; it needs {section}"
    assert rule.TITLE and rule.__name__.rsplit(".", 1)[-1] == rule.ID.replace("-", "_")


def test_every_requirement_of_every_mode_is_repaired_by_a_rule_and_reported_by_a_lint_check():
    table = release_table()
    for mode, specs in table.contract.items():
        for spec in specs:
            assert spec.id in RULES, f"{mode}: {spec.id} names no migration rule"
            for _kind, check in spec.lint:
                assert check in LINT_CHECKS, f"{spec.id}: lint check {check} does not exist"
    for spec in table.sso_prerequisites:
        assert all(check in LINT_CHECKS for _kind, check in spec.lint)


def test_contract_rules_are_the_rules_the_contract_names():
    named = {spec.id for specs in release_table().contract.values() for spec in specs}
    assert {rule.ID for rule in CONTRACT_RULES} == named


PLANS = [(profile, mode, removal, in_place) for profile in PROFILES for mode in MODES for removal in LABEL_REMOVAL
         for in_place in (False, True)]


@pytest.mark.parametrize("case", PLANS, ids=lambda c: f"{c[0].name}-to-{c[1]}-{c[2]}{'-in-place' if c[3] else ''}")
def test_every_emitted_rule_id_is_a_documented_rule(case):
    profile, mode, removal, in_place = case
    inputs = load_inputs([str(ROOT / name) for name in profile.files])
    info = inputs.helm_release
    release = select_release(profile.version_args[1] if profile.version_args else None,
                             info.chart_version if info else None)
    plan = plan_migration(inputs, MigrationOptions(mode, removal, in_place=in_place), release)
    emitted = {change.rule for change in plan.changes} | {edit.rule for edit in plan.required_edits}
    assert emitted <= set(RULES)
    for rule_id in emitted:
        assert run_cli("explain", rule_id).stdout.startswith(f"{rule_id} (migration rule)")


def test_explain_shows_where_the_contract_asks_for_a_rule():
    text = run_cli("explain", "route-authservice").stdout
    assert "In the mode contract" in text
    assert "- ambient-gateway: each route, falsy" in text and "- ambient-waypoint: each route, differs False" in text
