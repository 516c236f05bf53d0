"""Hostile input: alias bombs, deep nesting and huge scalars end in one clear error, never a hang or a traceback.

The reader (documents.composer + documents.yamltree) refuses them, and every command reports the
refusal as `error: FILE:LINE:COL: ...` with exit 1. The time bounds are hang guards, generous enough
never to flake on a loaded machine; the speed itself is measured by bench/, not here.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc

import pytest

from bbvalues.cli import run
from bbvalues.documents.composer import MAX_DEPTH, MAX_SCALAR_CHARS
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.yamltree import LineMap, compose_documents, to_python, walk
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_values
from tests.helpers import ROOT

HANG_GUARD_SECONDS = 20


def billion_laughs(levels: int = 9, fan_out: int = 9) -> str:
    """The classic bomb: each anchor lists the previous one `fan_out` times (9**9 strings when expanded)."""
    lines = ["lol0: &lol0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * fan_out) + "]")
    return "\n".join(lines) + "\n"


def nested_block(levels: int) -> str:
    return "".join("  " * depth + "a:\n" for depth in range(levels - 1)) + "  " * (levels - 1) + "a: 1\n"


def nested_flow_sequence(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


def nested_flow_mapping(levels: int) -> str:
    return "x: " + "{a: " * levels + "1" + "}" * levels + "\n"


def huge_scalar(characters: int) -> str:
    return "istio:\n  enabled: true\nblob: " + "x" * characters + "\n"


def read(text: str, file: str = "hostile.yaml"):
    nodes = compose_documents(text, file)
    return to_python(nodes[0], LineMap(file))


def refusal(text: str) -> BBValuesError:
    start = time.perf_counter()
    with pytest.raises(BBValuesError) as caught:
        read(text)
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
    return caught.value


# -- alias bombs -------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_quickly_with_bounded_memory():
    tracemalloc.start()
    try:
        error = refusal(billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "alias expansion" in error.message and "refused" in error.message
    assert error.origin is not None and error.origin.file == "hostile.yaml"
    assert error.hint and "billion laughs" in error.hint
    assert peak < 50 * 1024 * 1024  # the full expansion would be ~400 million strings


def test_the_refusal_points_at_the_key_whose_alias_expands():
    error = refusal(billion_laughs())
    assert error.origin.line > 1  # a key that uses an alias, not the anchored list of strings on line 1
    assert error.origin.column == 1


def test_ordinary_reuse_of_anchors_is_expanded():
    text = ("defaults: &defaults {cpu: 100m, memory: 128Mi}\n"
            + "".join(f"pod{index}:\n  resources: *defaults\n  <<: {{labels: {{app: pod{index}}}}}\n"
                      for index in range(200)))
    doc = read(text)
    assert doc.value["pod199"] == {"resources": {"cpu": "100m", "memory": "128Mi"}, "labels": {"app": "pod199"}}
    assert ("pod7", "resources") in doc.anchored


def test_expansion_within_go_yaml_budget_is_allowed_beyond_it_refused():
    # go-yaml v2 lets up to 99% of a document's values come from aliases (for small documents).
    anchored = "base: &base [" + ", ".join(["x"] * 1000) + "]\n"
    within = anchored + "".join(f"k{index}: *base\n" for index in range(50))  # ~95% from aliases
    beyond = anchored + "".join(f"k{index}: *base\n" for index in range(200))  # ~99.4%
    assert len(read(within).value) == 51
    assert "excessive aliasing" in refusal(beyond).message


def test_an_alias_inside_its_own_anchor_is_refused():
    error = refusal("a: &loop\n  b: *loop\n")
    assert "would contain itself" in error.message and "*loop" in error.message
    assert (error.origin.line, error.origin.column) == (2, 6)


def test_an_undefined_alias_names_its_line():
    error = refusal("a: 1\nb: *nowhere\n")
    assert "undefined alias *nowhere" in error.message and (error.origin.line, error.origin.column) == (2, 4)


def test_a_reused_anchor_name_refers_to_the_latest_definition_as_in_go_yaml():
    assert read("a: &x 1\nb: &x 2\nc: *x\n").value == {"a": 1, "b": 2, "c": 2}


# -- deep nesting ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [nested_block(2000), nested_flow_sequence(2000), nested_flow_mapping(2000),
                                  "[" * 5_000_000],
                         ids=["block", "flow-sequence", "flow-mapping", "5-million-brackets"])
def test_nesting_beyond_the_limit_is_refused_at_its_position(text):
    error = refusal(text)
    assert f"deeper than {MAX_DEPTH} levels" in error.message
    assert error.origin.file == "hostile.yaml" and error.origin.line >= 1 and error.origin.column > 1


def test_nesting_at_the_limit_is_read_walked_and_merged():
    doc = read(nested_block(MAX_DEPTH))
    deepest = max(len(path) for path, _value in walk(doc.value))
    assert deepest == MAX_DEPTH
    assert merge_values([doc.value, doc.value]) == doc.value
    assert read(nested_flow_sequence(MAX_DEPTH - 1)).value["x"] is not None


def test_aliases_cannot_stack_nesting_beyond_the_limit():
    half = MAX_DEPTH // 2 + 10
    text = ("a: &a " + "{x: " * half + "1" + "}" * half + "\n"
            "b: " + "{y: " * half + "*a" + "}" * half + "\n")
    error = refusal(text)
    assert "through aliases and merge keys" in error.message
    assert error.origin.line == 2


def test_a_long_chain_of_merge_keys_is_refused_not_a_recursion_error():
    lines = ["m0: &m0 {k0: 0}"] + [f"m{index}: &m{index}\n  <<: *m{index - 1}\n  k{index}: {index}"
                                     for index in range(1, 3 * MAX_DEPTH)]
    assert "through aliases and merge keys" in refusal("\n".join(lines) + "\n").message


# -- huge scalars and bad characters -----------------------------------------------------------------

def test_a_20_mb_scalar_is_refused_at_its_position():
    error = refusal(huge_scalar(20 * 1024 * 1024))
    assert "scalar of 20,971,520 characters is refused" in error.message
    assert (error.origin.line, error.origin.column) == (3, 7)


def test_a_large_scalar_under_the_limit_is_read():
    start = time.perf_counter()
    doc = read(huge_scalar(MAX_SCALAR_CHARS - 1))
    assert len(doc.value["blob"]) == MAX_SCALAR_CHARS - 1
    assert time.perf_counter() - start < HANG_GUARD_SECONDS


def test_a_control_character_is_reported_at_its_line_and_column():
    error = refusal("a: é€😀\nb: x\x00y\n")  # multi-byte characters before it: columns count characters
    assert "#x0000" in error.message
    assert (error.origin.line, error.origin.column) == (2, 5)


# -- through the command line --------------------------------------------------------------------------

HOSTILE = {
    "bomb.yaml": billion_laughs(),
    "deep-block.yaml": nested_block(2000),
    "deep-flow.yaml": nested_flow_sequence(2000),
    "deep-mapping.yaml": nested_flow_mapping(2000),
    "scalar-20mb.yaml": huge_scalar(20 * 1024 * 1024),
}
COMMANDS = {
    "detect": ["detect"],
    "migrate": ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0"],
    "lint": ["lint", "--bigbang-version", "3.30.0"],
    "review": ["review", "--to", "ambient-gateway", "--bigbang-version", "3.30.0"],
    "netpol-expand": ["netpol", "expand"],
}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (directory / name).write_text(text)
    return directory


def _one_error_line(stderr: str, path) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr[:2000]
    assert str(path) in errors[0] and "internal error" not in errors[0]
    assert "Traceback" not in stderr
    return errors[0]


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
@pytest.mark.parametrize("name", HOSTILE, ids=list(HOSTILE))
def test_every_command_refuses_hostile_input_in_one_line(hostile_files, name, command, capsys, monkeypatch):
    monkeypatch.setenv("BBVALUES_DEBUG", "1")  # an unexpected exception propagates and fails the test
    path = hostile_files / name
    start = time.perf_counter()
    code = run([*COMMANDS[command], str(path)])
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
    assert code == 1
    line = _one_error_line(capsys.readouterr().err, path)
    assert f"{path}:" in line  # with line and column


@pytest.mark.parametrize("name", HOSTILE, ids=list(HOSTILE))
def test_the_installed_command_exits_1_without_traceback(hostile_files, name):
    path = hostile_files / name
    result = subprocess.run([sys.executable, "-m", "bbvalues", *COMMANDS["migrate"], str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=HANG_GUARD_SECONDS)
    assert result.returncode == 1 and result.stdout == ""
    _one_error_line(result.stderr, path)


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_values_nested_to_the_limit_go_through_every_command(tmp_path, command, capsys, monkeypatch):
    monkeypatch.setenv("BBVALUES_DEBUG", "1")
    deep = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH - 4)) + "  " * (MAX_DEPTH - 4) + "x: 1\n"
    text = "addons:\n  authservice:\n    enabled: true\n    values:\n" + "".join("      " + line + "\n"
                                                                             for line in deep.splitlines())
    path = tmp_path / "deep-but-allowed.yaml"
    path.write_text(text)
    assert len(max((p for p, _v in walk(load_inputs([str(path)]).sources[0].values)), key=len)) == MAX_DEPTH
    code = run([*COMMANDS[command], str(path)])
    assert code in (0, 2, 3), capsys.readouterr().err[:2000]
