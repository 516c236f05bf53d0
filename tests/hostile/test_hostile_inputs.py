"""Every command against hostile inputs: exit 1 and one `error:` line naming the file (with line and
column where they are known), never a traceback, nothing on stdout, and an in-place run that fails
leaves every file byte-identical with its modification time.

Not errors, on purpose: a UTF-8 byte-order mark, CRLF or lone-CR line ends, an empty or comment-only
file, a `null` anywhere (Helm reads it as "not set") and duplicate keys (Helm keeps the last one;
bbvalues warns) are values Helm installs. Those must give exactly what the plain equivalent gives.
Two byte-order marks are refused, as Helm refuses them.

Alias bombs, 2,000-level nesting and 20 MB scalars belong to the reader (tests/documents/test_reader_limits.py).
Most cases run in-process through `bbvalues.cli.run`; real exit codes, real stdin, stdout on a full
device and an unreadable file (without root's power to ignore file modes, when the tests run as root)
use a subprocess.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bbvalues.bigbang.releases import parse_version, release_table
from bbvalues.cli import run
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.yamltree import dotted_path, walk
from tests.conftest import shared_path
from tests.helpers import PROFILES, ROOT

RELEASE = "3.30.0"
VERSION = ("--bigbang-version", RELEASE)
IN_PLACE = "migrate-in-place"
UMBRELLA_COMMANDS = {
    "detect": ("detect", *VERSION),
    "migrate": ("migrate", "--to", "ambient-gateway", *VERSION),
    IN_PLACE: ("migrate", "--to", "ambient-gateway", "--in-place", *VERSION),
    "netpol-expand-package": ("netpol", "expand", "--package", "monitoring", *VERSION),
    "lint": ("lint", *VERSION),
    "review": ("review", "--to", "ambient-gateway", *VERSION),
}
# bb-common's own (package-level) values: the umbrella's keys mean nothing to it.
PACKAGE_COMMANDS = {"netpol-expand": ("netpol", "expand")}
COMMANDS = {**UMBRELLA_COMMANDS, **PACKAGE_COMMANDS}
WITH_OUTPUT_FILE = ("migrate", "lint", "review")
PROFILE = PROFILES / "3.30-ambient-waypoint.yaml"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def subprocess_bbvalues(*args: str, stdin: bytes = b"", stdout=subprocess.PIPE, **options) -> Result:
    completed = subprocess.run([sys.executable, "-m", "bbvalues", *args], input=stdin, stdout=stdout,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
                               **options)
    return Result(completed.returncode, (completed.stdout or b"").decode(), completed.stderr.decode())


def assert_refused(result: Result, name: str, line: int | None = None, column: int | None = None, *,
                   positioned: bool = False, message: str | None = None) -> str:
    """Exit 1, nothing on stdout, one `error:` line naming `name` (at `line:column` when given)."""
    assert result.code == 1, (result.code, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    error = errors[0]
    if line is not None:
        assert error.startswith(f"error: {name}:{line}:{column}: "), error
    elif positioned:
        assert re.match(rf"error: {re.escape(name)}:\d+:\d+: ", error), error
    else:
        assert error.startswith(f"error: {name}:"), error
    if message is not None:
        assert message in error, error
    return error


@dataclass
class Unchanged:
    """A directory's files as they were: bytes and modification times, and no file added."""

    directory: Path

    def __post_init__(self):
        self.before = self._state()

    def _state(self) -> dict[str, tuple[bytes, int]]:
        return {path.name: (path.read_bytes(), path.stat().st_mtime_ns)
                for path in self.directory.iterdir() if path.is_file()}

    def check(self) -> None:
        assert self._state() == self.before


def run_on(tmp_path: Path, command: str, files: dict[str, bytes]) -> tuple[Result, list[str]]:
    """Write `files` into a fresh directory, run `command` on them; an in-place run that fails changes nothing."""
    directory = tmp_path / "inputs"
    directory.mkdir()
    names = []
    for name, content in files.items():
        (directory / name).write_bytes(content)
        names.append(str(directory / name))
    unchanged = Unchanged(directory)
    result = invoke(*COMMANDS[command], *names)
    if command == IN_PLACE and result.code == 1:
        unchanged.check()
    return result, names


# -- inputs that are not values at all ------------------------------------------------------------------

@dataclass(frozen=True)
class Hostile:
    name: str
    content: bytes
    line: int | None = None  # where the error must point; None: the reader decides (`positioned`), or file only
    column: int | None = None
    positioned: bool = True


NOT_VALUES = (
    Hostile("malformed-flow", b"monitoring:\n  enabled: [true, false\nistio: }\n"),
    Hostile("tab-indentation", b"monitoring:\n\tenabled: true\n"),
    Hostile("latin-1-not-utf-8", b"monitoring:\n  enabled: true\n  note: caf\xe9\n", 3, 12),
    Hostile("utf-8-cut-in-a-character", b"domain: \xe2\x82\n", 1, 9),
    Hostile("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 1, 1),
    Hostile("binary-nul-in-text", b"monitoring:\n  enabled: tr\x00ue\n"),
    Hostile("control-character", b"domain: bigbang\x1b[31m.dev\n"),
    Hostile("utf-16", "monitoring:\n  enabled: true\n".encode("utf-16"), 1, 1),
    Hostile("two-byte-order-marks", b"\xef\xbb\xbf\xef\xbb\xbfmonitoring:\n  enabled: true\n", 1, 1),
    Hostile("list-root", b"- monitoring\n- istio\n", 1, 1),
    Hostile("scalar-root", b"just some text\n", 1, 1),
    Hostile("two-documents-no-manifests", b"monitoring:\n  enabled: true\n---\nistio:\n  ambient:\n    enabled: true\n",
            4, 1),
    Hostile("configmap-values-not-a-string", b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bb\n"
                                              b"data:\n  values.yaml:\n    monitoring: {}\n", 6, 3),
    Hostile("configmap-values-a-list", b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bb\n"
                                        b"data:\n  values.yaml: |\n    - a\n", 6, 3),
)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("hostile", NOT_VALUES, ids=lambda hostile: hostile.name)
def test_input_that_is_not_values_is_refused_at_its_position(tmp_path, command, hostile):
    result, (name,) = run_on(tmp_path, command, {"values.yaml": hostile.content})
    assert_refused(result, name, hostile.line, hostile.column, positioned=hostile.positioned)


# Flux HelmReleases of the wrong shape: the API server would refuse them, so does the reader, at the key.
HELMRELEASE = b"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
BROKEN_HELMRELEASES = (
    Hostile("helmrelease-metadata-number", HELMRELEASE + b"metadata: 5\nspec: {}\n", 3, 1),
    Hostile("helmrelease-values-from-number", HELMRELEASE + b"metadata:\n  name: bigbang\nspec:\n  valuesFrom: 3\n",
            6, 3),
    Hostile("helmrelease-spec-number", HELMRELEASE + b"metadata:\n  name: bigbang\nspec: 5\n", 5, 1),
    Hostile("helmrelease-chart-spec-number", HELMRELEASE + b"spec:\n  chart:\n    spec: 5\n", 5, 5),
    Hostile("helmrelease-values-number", HELMRELEASE + b"spec:\n  values: 5\n", 4, 3),
    Hostile("helmrelease-version-float", HELMRELEASE + b"spec:\n  chart:\n    spec:\n      version: 3.30\n", 6, 7),
    Hostile("helmrelease-values-from-entry-string", HELMRELEASE + b"spec:\n  valuesFrom:\n  - bigbang\n", 5, 5),
    Hostile("helmrelease-values-from-kind-wrong", HELMRELEASE + b"spec:\n  valuesFrom:\n  - {kind: Pod, name: x}\n",
            5, 6),
    Hostile("helmrelease-values-from-name-missing", HELMRELEASE + b"spec:\n  valuesFrom:\n  - kind: Secret\n", 5, 5),
)


@pytest.mark.parametrize("hostile", BROKEN_HELMRELEASES, ids=lambda hostile: hostile.name)
def test_helmrelease_of_the_wrong_shape_is_refused(tmp_path, hostile):
    result, (name,) = run_on(tmp_path, "detect", {"helmrelease.yaml": hostile.content})
    assert_refused(result, name, hostile.line, hostile.column, message="Flux rejects this HelmRelease")


# -- wrong types where the tool reads a map, a list or a switch -----------------------------------------

@dataclass(frozen=True)
class WrongType:
    name: str
    text: str
    line: int
    column: int
    message: str


UMBRELLA_WRONG_TYPES = (
    WrongType("monitoring-integer", "monitoring: 5\n", 1, 1, "`monitoring` must be a map, got an integer"),
    WrongType("istio-list", "istio: [a]\n", 1, 1, "`istio` must be a map, got a list"),
    WrongType("addons-string", 'addons: "x"\n', 1, 1, "`addons` must be a map, got a string"),
    WrongType("network-policies-number", "networkPolicies: 3\n", 1, 1, "`networkPolicies` must be a map"),
    WrongType("authservice-values-boolean", "addons:\n  authservice:\n    values: true\n", 3, 5,
              "`addons.authservice.values` must be a map, got a boolean"),
    WrongType("gateways-list", "istioGateway:\n  values:\n    gateways: []\n", 3, 5,
              "`istioGateway.values.gateways` must be a map, got a list"),
    WrongType("one-gateway-string", "istioGateway:\n  values:\n    gateways:\n      public: yes-please\n", 4, 7,
              "`istioGateway.values.gateways.public` must be a map, got a string"),
    WrongType("gateway-labels-list", "istioGateway:\n  values:\n    gateways:\n      public:\n        upstream:\n"
                                     "          labels: [protect, keycloak]\n", 6, 11,
              "`istioGateway.values.gateways.public.upstream.labels` must be a map, got a list"),
    WrongType("service-labels-list", "monitoring:\n  values:\n    upstream:\n      prometheus:\n        service:\n"
                                     "          labels:\n            - istio.io/use-waypoint\n", 6, 11,
              "`monitoring.values.upstream.prometheus.service.labels` must be a map, got a list"),
    WrongType("sso-switch-list", "monitoring:\n  sso:\n    enabled: [true]\n", 3, 5,
              "`monitoring.sso.enabled` must be true or false, got a list"),
    WrongType("selector-string", "addons:\n  authservice:\n    values:\n      selector: protect=keycloak\n", 4, 7,
              "`addons.authservice.values.selector` must be a map, got a string"),
    WrongType("selector-key-map", "addons:\n  authservice:\n    values:\n      selector:\n        key: {protect: 1}\n",
              5, 9, "`addons.authservice.values.selector.key` must be a single value, got a map"),
    WrongType("ingress-gateway-map", "monitoring:\n  ingress:\n    gateway: {name: public}\n", 3, 5,
              "`monitoring.ingress.gateway` must be a single value, got a map"),
    WrongType("route-switch-map", "monitoring:\n  values:\n    routes:\n      inbound:\n"
                                  "        monitoring-prometheus:\n          authservice:\n            enabled: {}\n",
              7, 13,
              "`monitoring.values.routes.inbound.monitoring-prometheus.authservice.enabled` must be true or false"),
    WrongType("custom-policies-map", "monitoring:\n  values:\n    istio:\n      authorizationPolicies:\n"
                                     "        custom: {a: 1}\n", 5, 9,
              "`monitoring.values.istio.authorizationPolicies.custom` must be a list, got a map"),
    WrongType("custom-policy-string", "monitoring:\n  values:\n    istio:\n      authorizationPolicies:\n"
                                      "        custom:\n          - allow-all\n", 6, 13,
              "`monitoring.values.istio.authorizationPolicies.custom.0` must be a map, got a string"),
    WrongType("packages-list", "packageConfiguration:\n  version: v1\npackages: [monitoring]\n", 3, 1,
              "`packages` must be a map, got a list"),
    WrongType("package-contract-block-number", "packageConfiguration:\n  version: v1\npackages:\n  monitoring: 1\n",
              4, 3, "`packages.monitoring` must be a map, got an integer"),
)
PACKAGE_WRONG_TYPES = (
    WrongType("ingress-number", "networkPolicies:\n  enabled: true\n  ingress: 3\n", 3, 3, "got integer, want object"),
    WrongType("istio-list", "istio: [a]\n", 1, 1, "got array, want object"),
    WrongType("literal-annotations-string", "networkPolicies:\n  enabled: true\n  ingress:\n    to:\n      app:8080:\n"
                                            "        from:\n          literal:\n            peers:\n"
                                            "              metadata:\n                annotations: x\n", 10, 17,
              "expected map[string]interface {}; got string"),
)


@pytest.mark.parametrize("command", UMBRELLA_COMMANDS)
@pytest.mark.parametrize("wrong", UMBRELLA_WRONG_TYPES, ids=lambda wrong: wrong.name)
def test_wrong_type_where_the_umbrella_is_read_names_the_key(tmp_path, command, wrong):
    """The wrong key is in the second file, over a valid profile: the error names that file and key."""
    result, (_profile, name) = run_on(tmp_path, command, {"a-profile.yaml": PROFILE.read_bytes(),
                                                          "b-overrides.yaml": wrong.text.encode()})
    assert_refused(result, name, wrong.line, wrong.column, message=wrong.message)
    assert "\n  hint: " in result.stderr, "a wrong type comes with a fix"


@pytest.mark.parametrize("wrong", PACKAGE_WRONG_TYPES, ids=lambda wrong: wrong.name)
def test_wrong_type_in_package_values_is_what_bb_common_rejects(tmp_path, wrong):
    result, (name,) = run_on(tmp_path, "netpol-expand", {"values.yaml": wrong.text.encode()})
    assert_refused(result, name, wrong.line, wrong.column)
    assert wrong.message in result.stderr  # bb-common's schema report lists each violation below the error line


def _read_paths() -> list[tuple[tuple[str, ...], bool]]:
    """(legacy path, whether its value is a map) for the umbrella keys the release table says are read."""
    table = release_table()
    release = table.for_version(parse_version(RELEASE))
    scalars = [*table.defaults, *(key for keys in table.conditions.values() for key in keys)]
    maps = [table.selector_path, table.gateways_path, table.gateway_labels("public"),
            table.shared_gateway_labels_path,
            *(location.legacy + ("values",) for location in table.packages.values())]
    for enrollment in release.enrollments:
        base = table.packages[enrollment.package].legacy
        maps += [base + label_map.path for label_map in enrollment.services]
        scalars += [base + route for route in enrollment.routes]
    return sorted({(tuple(path), False) for path in scalars} | {(tuple(path), True) for path in maps})


READ_PATHS = _read_paths()
# Text YAML can carry as the JSON escapes below write it: \uXXXX (no surrogate pairs), assigned code points.
TEXT = st.text(st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cn")), max_size=8)
SCALARS = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), TEXT)
NOT_A_MAP = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
NOT_A_SWITCH = st.one_of(st.lists(SCALARS, max_size=3), st.dictionaries(TEXT, SCALARS, max_size=2))


@st.composite
def wrong_typed_keys(draw):
    """A key on a read path (the path itself or one of its parents) and a value of the wrong kind for it."""
    path, leaf_is_map = draw(st.sampled_from(READ_PATHS))
    depth = draw(st.integers(1, len(path)))
    expects_map = depth < len(path) or leaf_is_map
    return path[:depth], draw(NOT_A_MAP if expects_map else NOT_A_SWITCH), expects_map


def nested_yaml(path: tuple[str, ...], value) -> str:
    """`path` one key per line (so the last key is on line len(path)), the value in JSON flow style."""
    lines = [f"{'  ' * depth}{json.dumps(key)}:" for depth, key in enumerate(path[:-1])]
    lines.append(f"{'  ' * (len(path) - 1)}{json.dumps(path[-1])}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(wrong=wrong_typed_keys(), command=st.sampled_from(sorted(UMBRELLA_COMMANDS)))
def test_any_wrong_typed_read_key_is_refused_at_its_line(tmp_path_factory, wrong, command):
    key, value, expects_map = wrong
    tmp_path = tmp_path_factory.mktemp("wrong-type")
    result, (_profile, name) = run_on(tmp_path, command, {"a-profile.yaml": PROFILE.read_bytes(),
                                                          "b-overrides.yaml": nested_yaml(key, value).encode()})
    expected = "a map" if expects_map else ""
    assert_refused(result, name, len(key), 2 * len(key) - 1, message=f"`{dotted_path(key)}` must be {expected}")


WRONG_VALUES = st.one_of(NOT_A_MAP, NOT_A_SWITCH, st.none(), st.just({}), st.just([]))


def _replace_one_value(values: dict, data) -> dict:
    """`values` with one key, at any depth, set to a random value of any kind."""
    values = json.loads(json.dumps(values))
    paths = [path for path, _value in walk(values) if path]
    path = data.draw(st.sampled_from(paths))
    parent = values
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(WRONG_VALUES)
    return values


def _any_outcome_is_clean(result: Result, name: str) -> None:
    assert result.code in (0, 1, 2, 3) and "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    if result.code == 1:
        assert_refused(result, name)


PROFILE_VALUES = [load_inputs([str(path)]).sources[0].values for path in sorted(PROFILES.glob("*.yaml"))]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), command=st.sampled_from(sorted(UMBRELLA_COMMANDS)))
def test_any_value_of_any_kind_anywhere_in_a_profile_never_crashes(tmp_path_factory, data, command):
    values = _replace_one_value(data.draw(st.sampled_from(PROFILE_VALUES)), data)
    tmp_path = tmp_path_factory.mktemp("any-value")
    result, (name,) = run_on(tmp_path, command, {"values.yaml": json.dumps(values).encode()})
    _any_outcome_is_clean(result, name)


@pytest.fixture(scope="module")
def bbcommon_values() -> list[dict]:
    cases = shared_path("conformance", "bbcommon", "unittests")
    return [load_inputs([str(case / "values.yaml")]).sources[0].values
            for case in sorted(cases.iterdir()) if (case / "values.yaml").exists()]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_of_any_kind_in_bb_common_values_never_crashes(tmp_path_factory, bbcommon_values, data):
    values = _replace_one_value(data.draw(st.sampled_from(bbcommon_values)), data)
    tmp_path = tmp_path_factory.mktemp("any-netpol-value")
    result, (name,) = run_on(tmp_path, "netpol-expand", {"values.yaml": json.dumps(values).encode()})
    _any_outcome_is_clean(result, name)


# -- files that cannot be read ---------------------------------------------------------------------------

def _missing(tmp_path: Path) -> str:
    return str(tmp_path / "missing.yaml")


def _directory(tmp_path: Path) -> str:
    (tmp_path / "values.yaml").mkdir()
    return str(tmp_path / "values.yaml")


def _below_a_file(tmp_path: Path) -> str:
    (tmp_path / "values.yaml").write_text("monitoring: {}\n")
    return str(tmp_path / "values.yaml" / "more.yaml")


def _endless_device(tmp_path: Path) -> str:
    return "/dev/zero"  # read without a bound, this would fill the memory


UNREADABLE = {"missing": (_missing, "no such file"), "directory": (_directory, "is a directory"),
              "path-below-a-file": (_below_a_file, "cannot read: Not a directory"),
              "endless-device": (_endless_device, "larger than 64 MiB")}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", UNREADABLE)
def test_unreadable_input_is_named(tmp_path, command, kind):
    make, message = UNREADABLE[kind]
    name = make(tmp_path)
    assert_refused(invoke(*COMMANDS[command], name), name, message=message)


_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_root_file_access() -> None:
    """In the child before exec: drop root's powers to ignore file modes (the interpreter lives under /root,
    so switching to another user would not do)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_is_refused_by_the_real_command(tmp_path):
    secret = tmp_path / "values.yaml"
    secret.write_text("monitoring: {}\n")
    secret.chmod(0)
    options = {"preexec_fn": _without_root_file_access} if os.geteuid() == 0 else {}
    try:
        result = subprocess_bbvalues("detect", *VERSION, str(secret), **options)
    except subprocess.SubprocessError as exc:
        pytest.skip(f"running as root without CAP_SETPCAP, so a chmod 000 file stays readable: {exc}")
    finally:
        secret.chmod(0o644)
    assert_refused(result, str(secret), message="cannot read: Permission denied")


# -- valid but unusual: the same answer as the plain file ----------------------------------------------

def _same_as_plain(tmp_path: Path, command: str, plain: bytes, variant: bytes) -> tuple[bytes, bytes, Result]:
    """Run `command` on the plain and the variant file (same relative name) and compare; return both files
    after, and the variant's result."""
    results, after = [], []
    for label, content in (("plain", plain), ("variant", variant)):
        directory = tmp_path / label
        directory.mkdir()
        (directory / "values.yaml").write_bytes(content)
        with contextlib.chdir(directory):
            results.append(invoke(*COMMANDS[command], "values.yaml"))
        after.append((directory / "values.yaml").read_bytes())
    plain_result, variant_result = results
    assert "Traceback" not in variant_result.stderr and "internal error" not in variant_result.stderr
    assert (variant_result.code, variant_result.stdout) == (plain_result.code, plain_result.stdout)
    return after[0], after[1], variant_result


VARIANTS = {
    "utf-8-bom": (lambda text: b"\xef\xbb\xbf" + text, lambda text: b"\xef\xbb\xbf" + text),
    "crlf": (lambda text: text.replace(b"\n", b"\r\n"), lambda text: text.replace(b"\n", b"\r\n")),
    # old Mac line ends: libyaml and Helm read a lone CR as a line break
    "lone-cr": (lambda text: text.replace(b"\n", b"\r"), lambda text: text.replace(b"\n", b"\r")),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_bom_and_crlf_change_nothing_and_survive_an_in_place_edit(tmp_path, command, variant):
    encode, expected_after = VARIANTS[variant]
    plain = (PROFILES / "3.30-sidecar.yaml").read_bytes()
    plain_after, variant_after, _result = _same_as_plain(tmp_path, command, plain, encode(plain))
    assert variant_after == expected_after(plain_after)


EMPTY_ENOUGH = {
    "empty": b"",
    "comment-only": b"# values for the dev cluster, filled in later\n# (nothing yet)\n",
    "document-marker-only": b"---\n",
    "null-sso": b"sso: null\n",
    "null-blocks": b"monitoring: null\nistioGateway: ~\naddons:\n  authservice: null\n",
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", EMPTY_ENOUGH)
def test_empty_and_null_values_mean_nothing_set(tmp_path, command, kind):
    _same_as_plain(tmp_path, command, b"{}\n", EMPTY_ENOUGH[kind])


@pytest.mark.parametrize("command", ["detect", "migrate", "netpol-expand-package"])
def test_duplicate_keys_keep_the_last(tmp_path, command):
    last = b"monitoring:\n  enabled: true\n  sso:\n    enabled: true\n"
    duplicated = b"monitoring:\n  enabled: false\n" + last
    _plain, _variant, result = _same_as_plain(tmp_path, command, last, duplicated)
    if command == "migrate":
        assert "values.yaml:3:1: duplicate key monitoring (also at line 1)" in result.stderr


def test_duplicate_keys_are_a_lint_finding_at_the_second_key(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_bytes(b"monitoring:\n  enabled: false\nmonitoring:\n  enabled: true\n")
    result = invoke("lint", *VERSION, "--format", "json", str(path))
    findings = json.loads(result.stdout)
    found = findings if isinstance(findings, list) else findings.get("findings", [])
    assert any(f["rule"] == "duplicate-key" and f["line"] == 3 for f in found), result.stdout


# -- real processes: exit codes, stdin, full devices ------------------------------------------------------

STDIN_CASES = {
    "invalid-utf-8": (b"monitoring:\n  enabled: \xff\n", 2, 12),
    "nul-byte": (b"monitoring:\n  enabled: \x00\n", None, None),
}


@pytest.mark.parametrize("case", STDIN_CASES)
def test_hostile_standard_input_is_named_stdin(case):
    content, line, column = STDIN_CASES[case]
    result = subprocess_bbvalues("detect", *VERSION, "-", stdin=content)
    assert_refused(result, "<stdin>", line, column, positioned=True)


def test_bom_on_standard_input_reads_like_the_file():
    plain = (PROFILES / "3.30-sidecar.yaml").read_bytes()
    from_stdin = subprocess_bbvalues("detect", *VERSION, "-", stdin=b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n"))
    from_file = invoke("detect", *VERSION, str(PROFILES / "3.30-sidecar.yaml"))
    assert (from_stdin.code, from_stdin.stdout) == (from_file.code, from_file.stdout) == (0, from_file.stdout)


RENDERING_PACKAGE_VALUES = b"networkPolicies:\n  enabled: true\n"


@pytest.mark.parametrize("command", ["detect", "migrate", "netpol-expand"])
def test_stdout_on_a_full_device_is_an_error_not_a_crash(tmp_path, command):
    values = tmp_path / "values.yaml"
    values.write_bytes(RENDERING_PACKAGE_VALUES if command == "netpol-expand" else PROFILE.read_bytes())
    with open("/dev/full", "wb") as full:
        result = subprocess_bbvalues(*COMMANDS[command], str(values), stdout=full)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.code == 1 and errors == ["error: cannot write standard output: No space left on device"]
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.parametrize("command", WITH_OUTPUT_FILE)
def test_output_file_on_a_full_device_is_named(command):
    result = invoke(*COMMANDS[command], "--output-file", "/dev/full", str(PROFILE))
    assert_refused(result, "/dev/full", message="No space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "the device must still be a device, not a replaced file"


# -- in-place: targets that cannot be written, a disk that fills up --------------------------------------

def _sidecar_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "values"
    directory.mkdir()
    path = directory / "values.yaml"
    path.write_bytes((PROFILES / "3.30-sidecar.yaml").read_bytes())
    return path


@pytest.mark.parametrize("protect", ["read-only-file", "read-only-directory"])
def test_in_place_on_a_protected_target_changes_nothing(tmp_path, protect):
    path = _sidecar_copy(tmp_path)
    protected = path if protect == "read-only-file" else path.parent
    unchanged = Unchanged(path.parent)
    protected.chmod(0o444 if protected.is_file() else 0o555)
    try:
        result = invoke(*COMMANDS[IN_PLACE], str(path))
    finally:
        protected.chmod(0o644 if protected.is_file() else 0o755)
    assert_refused(result, str(path), message="nothing was written")
    unchanged.check()


def test_in_place_that_must_not_edit_an_anchored_block_reports_once_and_writes_nothing(tmp_path):
    anchored = (b"sso:\n  labels: &labels\n    protect: keycloak\nistio:\n  ambient:\n    enabled: true\n"
                b"addons:\n  authservice:\n    values:\n      waypoint:\n        enabled: false\n"
                b"istioGateway:\n  values:\n    gateways:\n      public:\n        upstream:\n"
                b"          labels: *labels\n"
                b"      admin:\n        upstream:\n          labels: *labels\n")
    path = tmp_path / "values.yaml"
    path.write_bytes(anchored)
    unchanged = Unchanged(tmp_path)
    result = invoke("migrate", "--to", "sidecar", "--in-place", *VERSION, str(path))
    unchanged.check()
    name = str(path)
    error = assert_refused(result, name, 17, 11, message="is an alias (*labels)")
    assert error.endswith("; nothing was written") and f"  also refused: {name}:20:11: " in result.stderr


@pytest.mark.parametrize("call", ["write", "fsync", "open"])
def test_in_place_on_a_full_disk_changes_nothing(tmp_path, monkeypatch, call):
    path = _sidecar_copy(tmp_path)
    unchanged = Unchanged(path.parent)
    real = getattr(os, call)

    def disk_full(*args, **kwargs):
        if call == "open" and not str(args[0]).endswith(".bbvalues-tmp"):
            return real(*args, **kwargs)  # only creating the staged file fails
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, call, disk_full)
    result = invoke(*COMMANDS[IN_PLACE], str(path))
    monkeypatch.undo()
    error = assert_refused(result, str(path), message="No space left on device")
    assert "nothing was changed" in error
    unchanged.check()
