"""`bbvalues completion bash|zsh|fish` prints a script for that shell, and what the script asks is answered."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli

SCRIPT_MARKS = {"bash": "complete -o default -F _bbvalues_completion bbvalues", "zsh": "#compdef bbvalues",
                "fish": "complete --command bbvalues"}


@pytest.mark.parametrize("shell", list(SCRIPT_MARKS))
def test_each_shell_gets_its_own_script(shell):
    result = run_cli("completion", shell)
    assert result.exit_code == 0 and SCRIPT_MARKS[shell] in result.stdout and "_BBVALUES_COMPLETE" in result.stdout
    others = [mark for other, mark in SCRIPT_MARKS.items() if other != shell]
    assert not any(mark in result.stdout for mark in others)


def test_an_unknown_shell_is_an_error():
    result = run_cli("completion", "tcsh")
    assert result.exit_code == 1 and result.stderr == "error: no completion for 'tcsh': choose bash, zsh or fish\n"


@pytest.mark.parametrize("env, expected", [
    ({"_BBVALUES_COMPLETE": "complete_bash", "COMP_WORDS": "bbvalues mig", "COMP_CWORD": "1"}, ["migrate"]),
    ({"_BBVALUES_COMPLETE": "complete_bash", "COMP_WORDS": "bbvalues netpol e", "COMP_CWORD": "2"}, ["expand"]),
    ({"_BBVALUES_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "bbvalues migrate --to ",
      "_TYPER_COMPLETE_FISH_ACTION": "get-args"}, ["sidecar", "ambient-waypoint", "ambient-gateway"]),
    ({"_BBVALUES_COMPLETE": "complete_bash", "COMP_WORDS": "bbvalues explain waypoint-labels-s", "COMP_CWORD": "2"},
     ["waypoint-labels-strip"]),
])
def test_the_scripts_questions_are_answered(env, expected):
    result = run_cli(env=env)
    assert result.exit_code == 0 and result.stdout.split() == expected
