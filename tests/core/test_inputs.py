"""Reading values the way Helm and Flux do: YAML 1.1 scalars, merge order, manifests, errors with positions."""

from __future__ import annotations

import base64
import textwrap

import pytest

from bbvalues.documents.inputs import load_inputs
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_sources


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


@pytest.mark.parametrize("token, value", [
    ("yes", True), ("on", True), ("y", True), ("Off", False), ("n", False), ("~", None), ("", None),
    ("0777", 511), ("0x1F", 31), ("1_000", 1000), ("1e3", 1000.0), ('"on"', "on"), ("'yes'", "yes"),
    ("!!str on", "on"), ("keycloak", "keycloak"), ("2026-11-22", "2026-11-22"),
])
def test_scalars_read_as_helm_reads_them(tmp_path, token, value):
    inputs = load_inputs([write(tmp_path, "v.yaml", f"key: {token}\n")])
    assert inputs.sources[0].values == {"key": value}


def test_later_files_win_maps_merge_lists_replace_nulls_kept(tmp_path):
    first = write(tmp_path, "a.yaml", """
        monitoring:
          enabled: true
          values: {a: 1, keep: x, list: [1, 2]}
        """)
    second = write(tmp_path, "b.yaml", """
        monitoring:
          values:
            a: 2
            list: [3]
            keep: null
        """)
    effective = merge_sources(load_inputs([first, second]).sources)
    assert effective.values == {"monitoring": {"enabled": True, "values": {"a": 2, "keep": None, "list": [3]}}}
    assert effective.origin(("monitoring", "values", "a")).file == second
    assert effective.origin(("monitoring", "enabled")).file == first


def test_duplicate_keys_keep_the_last_and_are_reported(tmp_path):
    inputs = load_inputs([write(tmp_path, "d.yaml", "a: 1\nb: 2\na: 3\n")])
    assert inputs.sources[0].values == {"a": 3, "b": 2}
    (dup,) = inputs.duplicates
    assert (dup.path, dup.first.line, dup.last.line) == (("a",), 1, 3)


def test_keys_become_strings_as_in_sigs_k8s_yaml(tmp_path):
    inputs = load_inputs([write(tmp_path, "k.yaml", "y: 1\non: 2\n3: 3\n")])
    assert inputs.sources[0].values == {"true": 2, "3": 3}


def test_merge_keys_and_aliases(tmp_path):
    inputs = load_inputs([write(tmp_path, "m.yaml", "base: &b {x: 1, z: 2}\nother:\n  <<: *b\n  z: 3\n")])
    assert inputs.sources[0].values["other"] == {"x": 1, "z": 3}
    assert ("base",) in inputs.sources[0].document.anchored


def test_configmap_and_secret_values_with_helmrelease_order(tmp_path):
    secret_values = base64.b64encode(b"monitoring:\n  enabled: false\n").decode()
    manifests = write(tmp_path, "manifests.yaml", f"""
        apiVersion: v1
        kind: Secret
        metadata: {{name: late}}
        data:
          values.yaml: {secret_values}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {{name: early}}
        data:
          values.yaml: |
            monitoring:
              enabled: true
            domain: example.mil
        """)
    release = write(tmp_path, "hr.yaml", """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: bigbang}
        spec:
          chart: {spec: {chart: bigbang, version: 3.29.0}}
          valuesFrom:
            - {kind: ConfigMap, name: early}
            - {kind: Secret, name: late}
          values:
            domain: inline.mil
        """)
    inputs = load_inputs([manifests, release])
    assert inputs.helm_release.chart_version == "3.29.0"
    effective = merge_sources(inputs.sources)
    assert effective.values == {"monitoring": {"enabled": False}, "domain": "inline.mil"}
    early = inputs.sources[0]
    assert early.embedding.name == "early"
    assert early.origins[("domain",)].line == 15  # the text starts with a blank line


def test_values_key_option(tmp_path):
    path = write(tmp_path, "cm.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: x}
        data:
          overrides.yaml: |
            a: 1
        """)
    assert load_inputs([path], values_key="overrides.yaml").sources[0].values == {"a": 1}


def test_stdin(tmp_path):
    inputs = load_inputs(["-"], stdin_text="a: yes\n")
    assert inputs.sources[0].values == {"a": True} and inputs.sources[0].file == "<stdin>"


@pytest.mark.parametrize("text, message, line", [
    ("a: [1, 2\n", "invalid YAML", 2),
    ("- a\n- b\n", "values must be a mapping, not a list", 1),
    ("sops:\n  version: 3.8\na: 1\n", "SOPS-encrypted", 1),
    ("a:\n  b: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\n", "SOPS-encrypted value", 2),
    ("a: 1\n---\nb: 2\n", "one YAML document", 3),
])
def test_errors_name_file_and_line(tmp_path, text, message, line):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(BBValuesError) as info:
        load_inputs([path])
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}:")


def test_sops_error_suggests_decrypting_to_stdin(tmp_path):
    with pytest.raises(BBValuesError) as info:
        load_inputs([write(tmp_path, "s.yaml", "sops:\n  version: 3.8\n")])
    assert "sops -d" in str(info.value) and "bbvalues ... -" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(BBValuesError, match="no such file"):
        load_inputs([str(tmp_path / "nope.yaml")])


def test_syntax_error_inside_a_configmap_points_into_the_manifest(tmp_path):
    path = write(tmp_path, "cm.yaml", """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: x}
        data:
          values.yaml: |
            a: 1
            b: {c: d: e}
        """)
    with pytest.raises(BBValuesError) as info:
        load_inputs([path])
    assert str(info.value).startswith(f"{path}:7:")
