"""bbvalues' Kustomize builds: the objects that decide a release's values equal `kubectl kustomize`'s
(Kustomize 5.7), on the fixture layouts and on generated layouts; what it does not build is reported."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from bbvalues.documents.kustomize import FileCache, build, content_hash, strategic_merge
from bbvalues.errors import BBValuesError
from tests.kubectl_runner import kustomize_build

FLEET = Path(__file__).resolve().parents[1] / "fixtures" / "gitops" / "fleet"
LAYOUTS = ["dev", "prod", "staging", "clusters/git", "base"]
_COMPARED = ("HelmRelease", "ConfigMap", "Secret")


def projection(objects) -> dict:
    """What decides values, by object: the HelmRelease's spec, a ConfigMap's or Secret's data."""
    found = {}
    for value in objects:
        if value["kind"] in _COMPARED:
            metadata = value["metadata"]
            body = {key: value.get(key) for key in ("spec", "data", "stringData", "type") if value.get(key) is not None}
            found[(value["kind"], metadata["name"], metadata.get("namespace"))] = json.loads(json.dumps(body))
    return found


def ours(directory: Path) -> dict:
    built = build(str(directory))
    unreadable = {(kind, name) for item in built.unreadable for kind, name, _ns in item.objects}
    return projection(m.value for m in built.manifests), unreadable


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fixture_layouts_build_as_kubectl_kustomize_builds_them(layout):
    theirs = projection(kustomize_build(FLEET / layout))
    mine, unreadable = ours(FLEET / layout)
    # a SOPS file is passed through by Kustomize; bbvalues lists it as unreadable instead
    assert {key: value for key, value in theirs.items() if key[:2] not in unreadable} == mine


def test_a_patched_helmrelease_keeps_every_position():
    built = build(str(FLEET / "dev"))
    release = next(m for m in built.manifests if m.kind == "HelmRelease")
    origins = release.origins
    assert str(origins[("spec", "chart", "spec", "version")]).endswith("fleet/base/helmrelease.yaml:11:7")
    assert str(origins[("spec", "valuesFrom", 1, "name")]).endswith("fleet/dev/kustomization.yaml:16:9")
    assert str(origins[("spec", "valuesFrom", 2, "name")]).endswith("fleet/dev/kustomization.yaml:22:9")


def test_a_sops_file_is_unreadable_not_an_error():
    built = build(str(FLEET / "dev"))
    assert [(item.reason, item.objects) for item in built.unreadable] == [
        ("SOPS-encrypted", (("Secret", "dev-bb-secret", "bigbang"),))]


def test_a_missing_encrypted_copy_is_unreadable_and_any_other_missing_file_an_error(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources:\n- secret.enc.yaml\n")
    assert [item.reason for item in build(str(tmp_path)).unreadable] == [
        "an encrypted file that is not in the checkout"]
    (tmp_path / "kustomization.yaml").write_text("resources:\n- missing.yaml\n")
    with pytest.raises(BBValuesError, match="resource missing.yaml does not exist") as raised:
        build(str(tmp_path))
    assert raised.value.origin.line == 2


@pytest.mark.parametrize("text, feature", [
    ("resources:\n- https://github.com/example/repo//base?ref=v1\n", "remote base"),
    ("components:\n- ../component\n", "components"),
    ("helmCharts:\n- name: x\n", "helmCharts"),
    ("replacements:\n- path: r.yaml\n", "replacements"),
    ("vars: []\n", "vars"),
    ("configurations:\n- nameref.yaml\n", "configurations"),
    ("transformers:\n- t.yaml\n", "transformer plugins"),
    ("surprise: 1\n", "surprise"),
])
def test_what_is_not_built_is_reported_by_name(tmp_path, text, feature):
    (tmp_path / "kustomization.yaml").write_text(text)
    gaps = build(str(tmp_path)).gaps
    assert [gap.feature for gap in gaps] == [feature]
    assert gaps[0].origin.file.endswith("kustomization.yaml") and gaps[0].origin.line >= 1


def test_a_kustomization_that_includes_itself_is_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "kustomization.yaml").write_text("resources:\n- ../b\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "kustomization.yaml").write_text("resources:\n- ../a\n")
    with pytest.raises(BBValuesError, match="includes itself"):
        build(str(tmp_path / "a"))


def test_generated_names_carry_kustomizes_content_hash():
    assert content_hash({"kind": "ConfigMap", "data": {"a": "b"}}) == "4h2mbtbbt6"
    assert content_hash({"kind": "Secret", "type": "Opaque", "data": {"a": "Yg=="}}) == "k695gkmbtk"


def test_strategic_merge_deletes_with_null_and_replaces_lists():
    target = {"spec": {"values": {"a": 1, "b": {"c": 2}}, "valuesFrom": [{"kind": "ConfigMap", "name": "x"}]}}
    patch = {"spec": {"values": {"a": None, "b": {"d": 3}}, "valuesFrom": [{"kind": "Secret", "name": "y"}]}}
    assert strategic_merge(target, patch) == {"spec": {"values": {"b": {"c": 2, "d": 3}},
                                                       "valuesFrom": [{"kind": "Secret", "name": "y"}]}}
    assert target["spec"]["values"]["a"] == 1  # neither argument changes


def test_the_file_cache_reads_a_shared_base_once():
    cache = FileCache()
    first = build(str(FLEET / "dev"), cache)
    second = build(str(FLEET / "prod"), cache)
    shared = FLEET / "base" / "helmrelease.yaml"
    assert cache.read(str(shared)) is cache.read(str(shared))
    assert first.manifests[1].value is not second.manifests[1].value or first.manifests[1].kind != "HelmRelease"


# -- generated layouts against the real Kustomize ------------------------------------------------------

_NAMES = st.sampled_from(["alpha", "beta", "gamma"])
_VALUES = st.dictionaries(st.sampled_from(["domain", "replicas", "enabled", "tier"]),
                          st.one_of(st.booleans(), st.integers(0, 9), st.sampled_from(["x", "y.mil"])), max_size=3)


@st.composite
def layouts(draw):
    """A base (HelmRelease, ConfigMaps) and an overlay with random patches, generators and name changes."""
    base_values = draw(_VALUES)
    config_maps = draw(st.lists(_NAMES, min_size=1, max_size=3, unique=True))
    operations = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["append", "value", "version", "remove"]))
        if kind == "append":
            operations.append({"op": "add", "path": "/spec/valuesFrom/-",
                               "value": {"kind": "ConfigMap", "name": draw(_NAMES)}})
        elif kind == "value":
            operations.append({"op": "add", "path": f"/spec/values/{draw(st.sampled_from(['a', 'b']))}",
                               "value": draw(_VALUES)})
        elif kind == "version":
            operations.append({"op": "replace", "path": "/spec/chart/spec/version",
                               "value": draw(st.sampled_from(["3.29.0", "3.30.1"]))})
        else:
            operations.append({"op": "remove", "path": "/spec/valuesFrom/0"})
    strategic = draw(st.one_of(st.none(), st.fixed_dictionaries({"values": _VALUES})))
    generator = draw(st.one_of(st.none(), st.fixed_dictionaries({
        "name": _NAMES, "behavior": st.sampled_from(["create", "merge"]),
        "literals": st.lists(st.sampled_from(["k=v", "values.yaml=domain: gen.mil", "x='quoted'"]), min_size=1,
                             max_size=2, unique=True),
        "hash": st.booleans()})))
    prefix = draw(st.sampled_from(["", "dev-"]))
    namespace = draw(st.sampled_from([None, "other"]))
    return base_values, config_maps, operations, strategic, generator, prefix, namespace


def write_layout(root: Path, layout) -> Path:
    base_values, config_maps, operations, strategic, generator, prefix, namespace = layout
    (root / "base").mkdir()
    (root / "overlay").mkdir()
    release = {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
               "metadata": {"name": "bigbang", "namespace": "bigbang"},
               "spec": {"chart": {"spec": {"chart": "bigbang", "version": "3.30.0"}},
                        "valuesFrom": [{"kind": "ConfigMap", "name": name} for name in config_maps],
                        "values": base_values}}
    maps = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "bigbang"},
             "data": {"values.yaml": f"domain: {name}.mil\n"}} for name in config_maps]
    (root / "base" / "objects.yaml").write_text(yaml.safe_dump_all([release] + maps))
    (root / "base" / "kustomization.yaml").write_text("resources:\n- objects.yaml\n")
    kustomization: dict = {"resources": ["../base"]}
    patches = []
    if operations:
        patches.append({"target": {"kind": "HelmRelease", "name": "bigbang"}, "patch": json.dumps(operations)})
    if strategic is not None:
        patches.append({"patch": json.dumps({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                                             "metadata": {"name": "bigbang", "namespace": "bigbang"},
                                             "spec": strategic})})
    if patches:
        kustomization["patches"] = patches
    if generator is not None:
        behavior = generator["behavior"] if generator["name"] in config_maps else "create"
        kustomization["configMapGenerator"] = [{
            "name": generator["name"], "namespace": "bigbang", "behavior": behavior,
            "literals": generator["literals"], "options": {"disableNameSuffixHash": not generator["hash"]}}]
    if prefix:
        kustomization["namePrefix"] = prefix
    if namespace:
        kustomization["namespace"] = namespace
    (root / "overlay" / "kustomization.yaml").write_text(json.dumps(kustomization))
    return root / "overlay"


@settings(max_examples=25)
@given(layouts())
def test_generated_layouts_build_as_kubectl_kustomize_builds_them(tmp_path_factory, layout):
    overlay = write_layout(tmp_path_factory.mktemp("layout"), layout)
    try:
        theirs = projection(kustomize_build(overlay))
    except AssertionError as failure:  # Kustomize refuses the layout: so must bbvalues
        with pytest.raises(BBValuesError):
            build(str(overlay))
        assert "failed" in str(failure)
        return
    built = build(str(overlay))
    if any(gap.feature == "strategic-merge retyped scalar" for gap in built.gaps):
        return  # Kustomize's answer depends on quoting bbvalues does not keep: reported, not guessed
    assert projection(m.value for m in built.manifests) == theirs


def test_generated_secrets_are_base64_as_kustomize_writes_them(tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "secretGenerator:\n- name: s\n  literals:\n  - 'values.yaml=domain: a.mil'\n")
    secret = build(str(tmp_path)).manifests[0]
    assert base64.b64decode(secret.value["data"]["values.yaml"]).decode() == "domain: a.mil"
    assert secret.name == f"s-{content_hash(secret.value)}"


def test_a_strategic_merge_that_retypes_a_scalar_is_reported(tmp_path):
    (tmp_path / "hr.yaml").write_text("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n"
                                      "  name: bigbang\nspec:\n  values:\n    domain: \"x\"\n")
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [hr.yaml]\npatches:\n- patch: |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n"
        "    kind: HelmRelease\n    metadata:\n      name: bigbang\n    spec:\n      values:\n        domain: false\n")
    gaps = build(str(tmp_path)).gaps
    assert [(gap.feature, gap.origin.line) for gap in gaps] == [("strategic-merge retyped scalar", 10)]
