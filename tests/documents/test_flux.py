"""A HelmRelease's values resolved as helm-controller resolves them: valuesFrom order, valuesKey, targetPath,
optional, inline values last; every key keeps its file and line; unreadable sources make it partial."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from bbvalues.documents.flux import ChartIdentity, ValuesRef, _target_path_source, _typed, chart_releases, \
    resolve_release
from bbvalues.documents.kustomize import FileCache, build
from bbvalues.errors import BBValuesError, Origin
from bbvalues.helm.merge import merge_sources

FLEET = Path(__file__).resolve().parents[1] / "fixtures" / "gitops" / "fleet"
CHART = ChartIdentity("bigbang", "chart")


def resolved(layout: str):
    cache = FileCache()
    built = build(str(FLEET / layout), cache)
    (release, source), = chart_releases(built, CHART)
    return resolve_release(built, release, source, cache)


def test_sources_come_in_valuesfrom_order_with_inline_values_last():
    prod = resolved("prod")
    labels = [layer.source.label if layer.source else None for layer in prod.layers]
    assert [label.split("/")[-1] if label else None for label in labels] == [
        "common.yaml (ConfigMap common-bb, key values.yaml)", "values.yaml (ConfigMap prod-bb, key values.yaml)",
        "secret.yaml (Secret prod-bb-secret, key values.yaml)", "helmrelease.yaml"]
    assert [problem.kind for problem in prod.problems] == ["optional-missing"]
    assert merge_sources(prod.inputs.sources).values["addons"]["thanos"] == {"enabled": False}


def test_every_key_keeps_its_file_and_line():
    effective = merge_sources(resolved("prod").inputs.sources)
    assert str(effective.origin(("domain",))).endswith("fleet/prod/values.yaml:8:5")
    assert str(effective.origin(("sso", "url"))).endswith("fleet/base/common.yaml:10:7")
    assert str(effective.origin(("addons", "thanos", "enabled"))).endswith("fleet/prod/valuesfrom-patch.yaml:21:9")


def test_a_sops_secret_makes_the_release_partial_not_an_error():
    dev = resolved("dev")
    assert dev.partial
    assert [(problem.kind, problem.origin.line) for problem in dev.problems] == [("unreadable", 20)]
    assert "dev-bb-secret.enc.yaml (SOPS-encrypted)" in dev.problems[0].message


def test_generated_configmaps_read_their_file_and_target_path_sets_one_key():
    staging = resolved("staging")
    effective = merge_sources(staging.inputs.sources)
    assert effective.values["domain"] == "staging.example.mil"
    assert str(effective.origin(("domain",))).endswith("fleet/staging/kustomization.yaml:15:5")
    assert str(effective.origin(("istio", "ambient", "enabled"))).endswith("fleet/staging/staging-values.yaml:4:5")
    assert [layer.editable for layer in staging.layers] == [True, True, False]


@pytest.mark.parametrize("layout, kind, version", [("clusters/oci", "OCIRepository", "3.29.0"),
                                                   ("clusters/git", "GitRepository", "3.30.0"),
                                                   ("dev", "HelmRepository", "3.30.0")])
def test_the_chart_is_recognised_from_each_kind_of_source(layout, kind, version):
    built = build(str(FLEET / layout))
    found = chart_releases(built, CHART)
    assert [(source.source_kind, source.version) for _release, source in found] == [(kind, version)]


def test_a_release_of_another_chart_is_not_big_bang():
    built = build(str(FLEET / "clusters/git"))
    assert {release.name for release in built.manifests if release.kind == "HelmRelease"} == {"bigbang", "podinfo"}
    assert [release.name for release, _source in chart_releases(built, CHART)] == ["bigbang"]


def _ref(path: str) -> ValuesRef:
    return ValuesRef("ConfigMap", "c", "v", path, False, None)


@pytest.mark.parametrize("text, value", [("true", True), ("FALSE", False), ("null", None), ("0", 0), ("42", 42),
                                         ("042", "042"), ("x.mil", "x.mil"), ("'7'", "7"), ('"true"', "true")])
def test_target_path_types_the_text_as_helm_set_does(text, value):
    source = _target_path_source(_ref("a.b"), text, Origin("k.yaml", 3))
    assert source.values == {"a": {"b": value}}
    assert source.origins[("a", "b")] == Origin("k.yaml", 3)


def test_target_path_escapes_dots_and_indexes_lists():
    assert _target_path_source(_ref(r"labels.app\.kubernetes\.io/name"), "x", Origin("k", 1)).values == {
        "labels": {"app.kubernetes.io/name": "x"}}
    assert _target_path_source(_ref("list[1]"), "x", Origin("k", 1)).values == {"list": [None, "x"]}


def test_a_comma_in_a_target_path_value_is_refused_as_flux_refuses_it():
    with pytest.raises(BBValuesError, match="comma"):
        _target_path_source(_ref("a"), "x,y", Origin("k", 1))


@given(st.integers(min_value=1, max_value=2 ** 62))
def test_integers_without_a_leading_zero_are_numbers(number):
    assert _typed(str(number)) == number


def test_a_secret_in_a_missing_encrypted_file_is_looked_for_in_the_file_named_after_it(tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [helmrelease.yaml, common-secret.enc.yaml, extra.enc.yaml]\n")
    (tmp_path / "helmrelease.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: bigbang}\nspec:\n"
        "  chart:\n    spec: {chart: bigbang, version: 3.30.0, sourceRef: {kind: HelmRepository, name: repo}}\n"
        "  valuesFrom:\n  - {kind: Secret, name: common-secret}\n  - {kind: Secret, name: other-secret}\n")
    cache = FileCache()
    built = build(str(tmp_path), cache)
    (release, source), = chart_releases(built, CHART)
    named, unnamed = (problem.message for problem in resolve_release(built, release, source, cache).problems)
    assert "common-secret.enc.yaml" in named and "extra.enc.yaml" not in named
    assert "common-secret.enc.yaml" in unnamed and "extra.enc.yaml" in unnamed
