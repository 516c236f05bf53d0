"""Finding helm (--helm, $HELM, PATH) and turning helm's failures into one-line errors."""

from __future__ import annotations

import os

import pytest

from bbvalues.errors import BBValuesError
from bbvalues.verify.helm import INSTALL_HINT, check_chart, find_helm, helm_error, helm_template
from tests.helm_runner import helm_binary
from tests.verify.verify_cases import FIXTURES


def fake_helm(directory, name="helm"):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return str(path)


def test_explicit_then_env_then_path(tmp_path):
    explicit, from_env, on_path = (fake_helm(tmp_path / d) for d in ("explicit", "env", "path"))
    env = {"HELM": from_env, "PATH": str(tmp_path / "path")}
    assert (find_helm(explicit, env).path, find_helm(explicit, env).found_by) == (explicit, "--helm")
    assert (find_helm(None, env).path, find_helm(None, env).found_by) == (from_env, "$HELM")
    assert find_helm(None, {"PATH": str(tmp_path / "path")}).path == on_path


def test_missing_helm_is_one_line_with_the_install_hint(tmp_path):
    with pytest.raises(BBValuesError) as error:
        find_helm(None, {"PATH": str(tmp_path)})
    assert "\n" not in str(error.value)
    assert str(error.value) == f"helm not found on PATH: {INSTALL_HINT}"
    assert "tools/install-helm" in INSTALL_HINT and "https://helm.sh/docs/intro/install/" in INSTALL_HINT


@pytest.mark.parametrize("where", ["--helm", "$HELM"])
def test_a_named_helm_that_is_not_executable(tmp_path, where):
    not_executable = tmp_path / "helm"
    not_executable.write_text("")
    explicit, env = (str(not_executable), {}) if where == "--helm" else (None, {"HELM": str(not_executable)})
    with pytest.raises(BBValuesError, match=f"{where.replace('$', '[$]')} names .* not an executable file"):
        find_helm(explicit, env)


@pytest.mark.parametrize("stderr,where,rest", [
    # helm 4.1
    ('Error: bigbang/templates/monitoring.yaml:5:25\n  executing "bigbang/templates/monitoring.yaml" at '
     '<.Values.monitoring.sso.enabled>:\n    nil pointer evaluating interface {}.enabled\n\n'
     'Use --debug flag to render out invalid YAML\n',
     "templates/monitoring.yaml:5:25",
     'executing "bigbang/templates/monitoring.yaml" at <.Values.monitoring.sso.enabled>: nil pointer evaluating '
     'interface {}.enabled'),
    # helm 3
    ('Error: template: bigbang/templates/x.yaml:12:3: executing "bigbang/templates/x.yaml" at <.Values.a.b>: '
     'nil pointer evaluating interface {}.b\n', "templates/x.yaml:12:3",
     'executing "bigbang/templates/x.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b'),
    ("Error: execution error at (bigbang/templates/x.yaml:2:5): domain is required\n\nUse --debug flag to render "
     "out invalid YAML\n", "templates/x.yaml:2:5", "execution error at (bigbang/templates/x.yaml:2:5): domain is required"),
    ('Error: parse error at (bigbang/templates/x.yaml:1): function "foo" not defined\n', "templates/x.yaml:1",
     'parse error at (bigbang/templates/x.yaml:1): function "foo" not defined'),
    ("Error: YAML parse error on bigbang/charts/upstream/templates/svc.yaml: error converting YAML to JSON\n",
     "charts/upstream/templates/svc.yaml",
     "YAML parse error on bigbang/charts/upstream/templates/svc.yaml: error converting YAML to JSON"),
])
def test_helm_errors_name_the_failing_template(stderr, where, rest):
    error = helm_error(stderr, "./chart")
    assert str(error) == f"./chart: helm template failed in {where}: {rest}"


def test_errors_without_a_template_keep_helms_words_and_user_file_names():
    error = helm_error("Error: failed to parse /tmp/x/01-values.yaml: yaml: line 1: did not find expected node\n",
                       "chart", {"/tmp/x/01-values.yaml": "values.yaml"})
    assert str(error) == "chart: helm template failed: failed to parse values.yaml: yaml: line 1: did not find " \
                         "expected node"
    schema = helm_error("Error: values don't meet the specifications of the schema(s) in the following chart(s):\n"
                        "bigbang:\n- at '': additional properties 'istio' not allowed\n", "chart")
    assert "\n" not in str(schema) and str(schema).endswith("bigbang: - at '': additional properties 'istio' not allowed")


def test_check_chart(tmp_path):
    check_chart(str(FIXTURES / "umbrella"))
    check_chart("oci://registry1.dso.mil/bigbang/bigbang")
    with pytest.raises(BBValuesError, match="no such chart"):
        check_chart(str(tmp_path / "missing"))
    with pytest.raises(BBValuesError, match="no Chart.yaml"):
        check_chart(str(tmp_path))


def test_real_helm_failure_names_the_chart_and_template(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("monitoring:\n  sso: null\n")
    helm = find_helm(helm_binary(), os.environ)
    chart = str(FIXTURES / "umbrella")
    with pytest.raises(BBValuesError) as error:
        helm_template(helm, chart, "bigbang", "bigbang", [values], {str(values): "values.yaml"})
    assert error.value.file == chart
    assert error.value.message.startswith("helm template failed in templates/monitoring.yaml:")


def test_timeout_is_an_error(tmp_path):
    slow = tmp_path / "helm"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(BBValuesError, match="did not finish within 0.2 seconds"):
        helm_template(find_helm(str(slow)), str(FIXTURES / "umbrella"), "bigbang", "bigbang", [], timeout=0.2)
