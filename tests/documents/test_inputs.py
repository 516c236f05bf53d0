"""Reading values the way Helm and Flux do: YAML 1.1 scalars, merge order, manifests, errors with positions."""

from __future__ import annotations

import base64
import textwrap

import pytest

from bbvalues.documents import inputs as inputs_module
from bbvalues.documents.inputs import load_inputs
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_sources
from tests.helpers import RecordedProgress


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


# -- line ends and byte-order marks as Helm reads them ------------------------------------------------------

@pytest.mark.parametrize(("text", "values", "line_of_c"), [
    pytest.param(b"a: 1\rb:\r  c: 2\r", {"a": 1, "b": {"c": 2}}, 3, id="lone-cr"),
    pytest.param(b"a: 1\r\nb:\r\n  c: 2\r\n", {"a": 1, "b": {"c": 2}}, 3, id="crlf"),
    pytest.param(b"a: 1\xc2\x85b:\n  c: 2\n", {"a": 1, "b": {"c": 2}}, 3, id="nel"),
    pytest.param(b"a: 1\xe2\x80\xa8b:\xe2\x80\xa9  c: 2\n", {"a": 1, "b": {"c": 2}}, 3,
                 id="line-and-paragraph-separator"),
    pytest.param(b"apiVersion: v1\rkind: ConfigMap\rmetadata: {name: v}\rdata:\r  values.yaml: |\r    a: 1\r"
                 b"    b:\r      c: 2\r", {"a": 1, "b": {"c": 2}}, 8, id="lone-cr-configmap"),
    pytest.param(b"apiVersion: v1\rkind: ConfigMap\rdata:\r  values.yaml: |\r", {}, None, id="lone-cr-empty-block"),
])
def test_every_line_break_helm_knows_is_a_line(tmp_path, text, values, line_of_c):
    """helm template -f reads CR, NEL, LS and PS as line breaks (helm 4.1.4); so do positions here."""
    path = tmp_path / "v.yaml"
    path.write_bytes(text)
    (source,) = load_inputs([str(path)]).sources
    assert source.values == values
    if line_of_c is not None:
        assert source.origins[("b", "c")].line == line_of_c


def test_a_syntax_error_in_a_lone_cr_file_names_its_line(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_bytes(b"a: 1\rb: x\x07y\r")
    with pytest.raises(BBValuesError) as info:
        load_inputs([str(path)])
    assert str(info.value).startswith(f"{path}:2:5: ")


@pytest.mark.parametrize("text", [b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n", b"\xef\xbb\xbf\xef\xbb\xbf# comment\na: 1\n"])
def test_a_doubled_byte_order_mark_is_refused_as_helm_refuses_it(tmp_path, text):
    """helm 4.1.4: `yaml: line 1: did not find expected key`; one mark is fine."""
    path = tmp_path / "v.yaml"
    path.write_bytes(text)
    with pytest.raises(BBValuesError, match="two byte-order marks") as info:
        load_inputs([str(path)])
    assert str(info.value).startswith(f"{path}:1:1: ")
    path.write_bytes(text[3:])
    assert load_inputs([str(path)]).sources[0].values == {"a": 1}


# -- files that hold no values ------------------------------------------------------------------------------

DEPLOYMENT = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n"
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [configmap.yaml]\n"


@pytest.mark.parametrize("files", [
    pytest.param({"deploy.yaml": DEPLOYMENT}, id="deployment-and-service"),
    pytest.param({"kustomization.yaml": KUSTOMIZATION}, id="kustomization"),
    pytest.param({"kustomization.yaml": KUSTOMIZATION, "deploy.yaml": DEPLOYMENT}, id="several"),
])
def test_inputs_without_any_values_are_refused_naming_the_file(tmp_path, files):
    paths = [write(tmp_path, name, text) for name, text in files.items()]
    with pytest.raises(BBValuesError, match="no Big Bang values here") as info:
        load_inputs(paths)
    assert (info.value.file, info.value.origin.line) == (paths[0], 2)  # its first `kind:`
    assert all(path in str(info.value) for path in paths[1:])


def test_a_manifest_file_without_values_next_to_values_is_a_warning(tmp_path):
    kustomization = write(tmp_path, "kustomization.yaml", KUSTOMIZATION)
    values = write(tmp_path, "values.yaml", "monitoring: {enabled: true}\n")
    inputs = load_inputs([kustomization, values])
    assert [source.file for source in inputs.sources] == [values]
    assert inputs.warnings == [f"{kustomization}: no values read from it: it holds Kustomization, and no ConfigMap "
                               "or Secret with a values.yaml data key (bbvalues reads values from those, a "
                               "HelmRelease or a plain values file)"]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n"])
def test_empty_plain_values_files_stay_valid(tmp_path, text):
    inputs = load_inputs([write(tmp_path, "empty.yaml", text)])
    assert [source.values for source in inputs.sources] == [{}] and inputs.warnings == []


def test_a_helmrelease_alone_is_read_without_a_warning(tmp_path):
    path = write(tmp_path, "hr.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
                                      "metadata: {name: bigbang}\nspec:\n  chart:\n    spec: {version: 3.30.0}\n")
    inputs = load_inputs([path])
    assert (inputs.sources, inputs.warnings, inputs.helm_release.chart_version) == ([], [], "3.30.0")


def test_reading_a_big_file_reports_every_character_read(tmp_path, monkeypatch):
    monkeypatch.setattr(RecordedProgress, "steps", [])
    path = tmp_path / "big.yaml"
    text = "".join(f"package{n}:\n  enabled: true\n  values:\n    replicas: {n}\n" for n in range(3000))
    path.write_text(text)
    load_inputs([str(path)], progress=RecordedProgress)
    (step,) = RecordedProgress.steps
    assert (step.label, step.total, step.closed) == (f"reading {path}", len(text), True)
    assert sum(n for n, detail in step.advances if detail == "reading values") == len(text)
    assert len(step.advances) > 4  # reported as the work goes, not only at the end


def test_a_big_file_with_anchors_is_reported_once_over(tmp_path, monkeypatch):
    monkeypatch.setattr(RecordedProgress, "steps", [])
    path = tmp_path / "big.yaml"
    text = "".join(f"package{n}:\n  enabled: true\n  values:\n    replicas: {n}\n" for n in range(3000))
    path.write_text(text + "anchored: &a {x: 1}\nalias: *a\n")
    load_inputs([str(path)], progress=RecordedProgress)
    (step,) = RecordedProgress.steps
    assert sum(n for n, _detail in step.advances) == len(path.read_text())  # read again whole, from the start



def test_a_manifest_is_composed_only_for_values_embedded_in_it(tmp_path, monkeypatch):
    import bbvalues.documents.composer as composer

    real, composed = composer._Composer.documents, []
    monkeypatch.setattr(composer._Composer, "documents", lambda self, events: composed.append(self) or real(self, events))
    release = write(tmp_path, "hr.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
                                         "metadata: {name: bigbang}\nspec:\n  chart:\n    spec: {version: 3.30.0}\n")
    load_inputs([release])
    assert composed == []  # read, not composed: nothing needs its nodes
    configmap = write(tmp_path, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: common}\n"
                                           "data:\n  values.yaml: |\n    istio: {enabled: true}\n")
    (source,) = load_inputs([configmap]).sources
    assert len(composed) == 1 and source.values == {"istio": {"enabled": True}}  # where the block sits


@pytest.mark.parametrize("size, refused", [(1000, False), (1001, True)])
def test_a_file_is_read_whole_up_to_the_bound_and_refused_past_it(tmp_path, monkeypatch, size, refused):
    """A regular file is read in one read of its size; one byte past the bound is still caught."""
    monkeypatch.setattr(inputs_module, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(inputs_module, "_READ_CHUNK", 7)  # the bound holds whichever way the file is read
    path = tmp_path / "values.yaml"
    text = "a: " + "x" * (size - 4) + "\n"
    path.write_text(text, encoding="utf-8")
    if refused:
        with pytest.raises(BBValuesError, match="larger than"):
            inputs_module.read_file(path, str(path))
    else:
        assert inputs_module.read_file(path, str(path)) == (text.encode("utf-8"), text)


def test_a_file_that_grows_while_read_is_read_to_its_end(tmp_path, monkeypatch):
    """The first read is sized by the file's size when opened; whatever follows is read in chunks."""
    path = tmp_path / "values.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    real_first_read = inputs_module._first_read

    def first_read_then_grow(handle):
        size = real_first_read(handle)
        path.write_text("a: 1\nb: 2\n", encoding="utf-8")  # same inode: the open handle sees the growth
        return size

    monkeypatch.setattr(inputs_module, "_first_read", first_read_then_grow)
    assert inputs_module.read_file(path, str(path))[1] == "a: 1\nb: 2\n"


@pytest.mark.parametrize("content, bom", [(b"\xef\xbb\xbfa: 1\n", True), (b"a: 1\n", False), (b"\xef\xbb", False),
                                          (b"", False)])
def test_whether_a_file_starts_with_a_byte_order_mark_is_read_from_its_first_bytes(tmp_path, content, bom):
    path = tmp_path / "values.yaml"
    path.write_bytes(content)
    assert inputs_module.starts_with_bom(path, "values.yaml") is bom


def test_a_file_gone_or_a_directory_gives_the_same_one_line_errors_to_each_reader(tmp_path):
    for read in (inputs_module.read_file, inputs_module.starts_with_bom):
        with pytest.raises(BBValuesError, match="no such file"):
            read(tmp_path / "gone.yaml", "gone.yaml")
        with pytest.raises(BBValuesError, match="is a directory"):
            read(tmp_path, "dir")


def test_an_ascii_file_is_parsed_from_its_bytes_and_any_other_from_its_text(tmp_path, monkeypatch):
    """Its bytes are its characters one for one: the parser reads them instead of encoding the text again."""
    import bbvalues.documents.composer as composer

    parsed, parser = [], composer._EventSource
    monkeypatch.setattr(composer, "_EventSource", lambda source: parsed.append(source) or parser(source))
    files = {"ascii.yaml": b"a: 1\nb: [x, z]\n", "utf8.yaml": "a: \u00e9\nb: [x, z]\n".encode(),
             "bom.yaml": b"\xef\xbb\xbfa: 1\nb: [x, z]\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    loaded = load_inputs([str(tmp_path / name) for name in files])
    assert parsed == [files["ascii.yaml"], "a: \u00e9\nb: [x, z]\n", "a: 1\nb: [x, z]\n"]
    assert [source.values for source in loaded.sources] == [{"a": 1, "b": ["x", "z"]}, {"a": "\u00e9", "b": ["x", "z"]},
                                                            {"a": 1, "b": ["x", "z"]}]
