"""Input files merge in command-line order, as `helm -f a -f b` does, whether given as arguments or with -f."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bbvalues.cli import app, lookup
from bbvalues.cli.invoke import invoke
from bbvalues.cli.parse import parse_top_level
from tests.helpers import run_cli


@pytest.fixture
def layers(tmp_path):
    ambient, sidecar = tmp_path / "ambient.yaml", tmp_path / "sidecar.yaml"
    ambient.write_text("istio:\n  ambient:\n    enabled: true\n")
    sidecar.write_text("istio:\n  ambient:\n    enabled: false\n")
    return str(ambient), str(sidecar)


@pytest.mark.parametrize("spelling", [
    lambda a, s: [a, s], lambda a, s: ["-f", a, "-f", s], lambda a, s: [a, "-f", s], lambda a, s: ["-f", a, s],
    lambda a, s: ["--values", a, "--", s],
], ids=["arguments", "all -f", "argument then -f", "-f then argument", "--values then --"])
def test_the_later_file_wins_however_it_is_given(spelling, layers):
    ambient, sidecar = layers
    args = spelling(ambient, sidecar)
    detected = json.loads(run_cli("detect", "-o", "json", "--bigbang-version", "3.30.0", *args).stdout)
    assert detected["mode"] == "sidecar"
    plan = json.loads(run_cli("migrate", "--to", "sidecar", "-o", "json", "--bigbang-version", "3.30.0", *args).stdout)
    assert plan["inputs"] == [ambient, sidecar]


def test_typer_merges_in_the_same_order(layers):
    ambient, sidecar = layers
    result = CliRunner().invoke(app, ["detect", "-o", "json", "--bigbang-version", "3.30.0", "-f", ambient, sidecar])
    assert json.loads(result.stdout)["mode"] == "sidecar"


def test_where_the_order_is_unknown_mixing_is_refused(layers, capsys):
    ambient, sidecar = layers
    invocation = parse_top_level(["detect", "-f", ambient, sidecar], lookup)
    invocation.inputs = None  # as when only Typer could read the line
    assert invoke(invocation) == 1
    assert capsys.readouterr().err == ("error: give the input files either all as arguments or all with -f: bbvalues "
                                       "merges them in command-line order, which this call does not show\n")
