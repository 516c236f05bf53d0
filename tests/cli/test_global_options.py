"""-q, -v and --color work before the subcommand and after it, with the same effect."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT, run_cli

BROKEN = ROOT / "tests" / "lint" / "fixtures" / "many-findings-3.30.yaml"
LINT = ["lint", "--bigbang-version", "3.30.0", str(BROKEN)]


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_verbose_and_color_on_either_side(where):
    def call(*options: str):
        return run_cli(*options, *LINT) if where == "before" else run_cli(*LINT, *options)

    assert "linted 1 values source(s)" in call("-v").stderr
    quiet = call("-q")
    assert quiet.stderr == "" and quiet.exit_code == 2
    assert "\x1b[" in call("--color", "always").stdout and "\x1b[" not in call("--color", "never").stdout


def test_a_color_after_the_command_wins_and_quiet_beats_verbose():
    assert "\x1b[" in run_cli("--color", "never", *LINT, "--color=always").stdout
    assert run_cli("-v", *LINT, "-q").stderr == ""


def test_global_options_work_with_subcommands_of_netpol(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("networkPolicies: {enabled: false}\n")
    assert "render no policies" in run_cli("netpol", "expand", str(values)).stderr
    assert run_cli("netpol", "expand", str(values), "-q").stderr == ""
