"""bbvalues reads and merges values exactly as the real helm does (YAML 1.1 scalars, keys, nulls, order)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings, strategies as st

from bbvalues.documents.inputs import load_inputs
from bbvalues.helm.merge import merge_sources
from tests.helm_runner import make_probe_chart, render_values

SCALAR_TOKENS = ["yes", "no", "on", "Off", "y", "n", "true", "~", "null", "", "0777", "0x1F", "1_000", "1e3", "-0",
                 "2026-01-01", '"on"', "'yes'", "keycloak", "none", '"false"', "1.5", "+12"]


def _normalise(value):
    """JSON numbers from helm are floats-or-ints; compare numerically."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and not math.isinf(value) and value.is_integer():
        return int(value)
    return value


def _ours(files) -> dict:
    return _normalise(merge_sources(load_inputs([str(f) for f in files]).sources).values)


def test_helm_and_bbvalues_agree_on_a_typical_layering(tmp_path):
    chart = make_probe_chart(tmp_path / "chart")
    first = tmp_path / "a.yaml"
    first.write_text("a: yes\nb: {c: 1, d: [1, 2]}\ny: on\nn: 0777\nk: null\nt: 2026-01-01\nf: 1e3\nh: 0x1F\n"
                     "s: \"on\"\ne:\nanchor: &x {p: 1}\nalias: *x\nmerged: {<<: *x, q: 2}\n")
    second = tmp_path / "b.yaml"
    second.write_text("b: {c: null, d: [3]}\nz: ~\nk: {now: map}\n")
    assert _ours([first, second]) == _normalise(render_values(chart, [first, second]))


keys = st.sampled_from(["a", "b", "on", "y", "n", "10", "istio.io/use-waypoint", "protect"])
leaf = st.sampled_from(SCALAR_TOKENS)
tree = st.recursive(leaf, lambda children: st.dictionaries(keys, children, max_size=3), max_leaves=8)
documents = st.dictionaries(keys, tree, min_size=1, max_size=4)


def _dump(node, indent=0) -> str:
    pad = "  " * indent
    lines = []
    for key, value in node.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{key!s}:\n{_dump(value, indent + 1)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key!s}: {{}}")
        else:
            lines.append(f"{pad}{key!s}: {value}".rstrip())
    return "\n".join(lines)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(layers=st.lists(documents, min_size=1, max_size=3))
def test_generated_layers_merge_like_helm(tmp_path_factory, layers):
    directory = tmp_path_factory.mktemp("probe")
    chart = make_probe_chart(directory / "chart")
    files = []
    for index, layer in enumerate(layers):
        path = directory / f"{index}.yaml"
        path.write_text(_dump(layer) + "\n")
        files.append(path)
    assert _ours(files) == _normalise(render_values(chart, files))
