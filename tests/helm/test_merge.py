"""Merging sources: shared subtrees, origins looked up in the layers, and nothing downstream changes a source."""

from __future__ import annotations

import copy

import pytest

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.paths import has_path
from bbvalues.errors import Origin
from bbvalues.helm.merge import merge_sources, merge_values
from bbvalues.lint import run_lint
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.review import build_review
from tests.helpers import ROOT


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.fixture
def layered(tmp_path):
    base = write(tmp_path, "base.yaml", "a:\n  b: 1\n  c: [1, 2]\nd:\n  e: x\nshared:\n  deep: {f: 1}\n")
    prod = write(tmp_path, "prod.yaml", "a:\n  b: 2\n  c: 3\nd: null\nnew: {g: 1}\n")
    return load_inputs([base, prod])


def test_the_later_file_wins_and_replaced_keys_lose_their_origins(layered):
    effective = merge_sources(layered.sources)
    base, prod = (source.file for source in layered.sources)
    assert effective.values == {"a": {"b": 2, "c": 3}, "d": None, "shared": {"deep": {"f": 1}}, "new": {"g": 1}}
    assert effective.origin(("a", "b")) == Origin(prod, 2, 3)
    assert effective.origin(("a",)) == Origin(prod, 1, 1)
    assert effective.origin(("shared", "deep", "f")) == Origin(base, 7, 10)
    assert effective.origin(("a", "c", 0)) is None and ("d", "e") not in effective.origins
    with pytest.raises(KeyError):
        effective.origins[("d", "e")]


def test_origins_iterate_as_a_dict_updated_file_by_file_would(layered):
    effective = merge_sources(layered.sources)
    expected: dict = {}
    for source in layered.sources:
        expected.update(source.origins.items())
    expected = {path: origin for path, origin in expected.items() if has_path(effective.values, path)}
    assert list(effective.origins.items()) == list(expected.items()) and len(effective.origins) == len(expected)


def test_a_subtree_one_file_sets_is_shared_and_a_merged_one_is_a_copy(layered):
    base, prod = layered.sources
    effective = merge_sources(layered.sources)
    assert effective.values["shared"] is base.values["shared"] and effective.values["new"] is prod.values["new"]
    assert effective.values["a"] is not base.values["a"] and base.values["a"] == {"b": 1, "c": [1, 2]}
    assert merge_values([base.values])["shared"] is not base.values["shared"]  # merge_values still copies


PROFILES = sorted(path for path in (ROOT / "profiles").glob("*.yaml"))


@pytest.mark.parametrize("profile", PROFILES, ids=[path.name for path in PROFILES])
def test_nothing_downstream_changes_the_values_it_shares_with_the_sources(profile):
    inputs = load_inputs([str(profile)])
    before = [copy.deepcopy(source.values) for source in inputs.sources]
    release = select_release("3.30.0" if profile.name.startswith("3.30") else "3.29.0")
    detect_inputs(inputs, release)
    run_lint(inputs, release)
    for mode in MODES:
        for in_place in (False, True):
            plan = plan_migration(inputs, MigrationOptions(mode, in_place=in_place), release)
            render_overlay(plan)
        build_review(inputs, MigrationOptions(mode), release)
    assert [source.values for source in inputs.sources] == before
