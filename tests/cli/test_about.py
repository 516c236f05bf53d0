"""`bbvalues --version` and `bbvalues --help`: what they say, the same whichever parser answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bbvalues import __version__
from bbvalues.bigbang.releases import release_table
from bbvalues.bigbang.table_file import table_data
from bbvalues.cli.typer_app import run_typer
from tests.helpers import ROOT, run_cli


def test_version_names_the_release_table_rows_and_its_date():
    result = run_cli("--version")
    first, second = result.stdout.splitlines()
    assert result.exit_code == 0 and first == f"bbvalues {__version__}"
    assert second.startswith(f"Big Bang release table of {table_data()['date']}: ")
    table = release_table()
    released = ", ".join(release.name for release in table.releases if release.released)
    assert f": {released}; unreleased: {table.newest.name}" in second


def test_version_and_help_read_alike_through_typer(capsys):
    for args in (["--version"], ["-V"], ["--help"], []):
        quick = run_cli(*args)
        assert run_typer(args) == quick.exit_code == 0
        assert capsys.readouterr().out == quick.stdout, args


def test_help_lists_the_global_options_and_says_they_work_after_the_command():
    text = run_cli("--help").stdout
    assert all(spelling in text for spelling in ("-q, --quiet", "-v, --verbose", "--color auto|always|never"))
    assert "also work after the command" in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["explain"]])
def test_a_reader_that_goes_away_ends_the_call_quietly(args):
    """`bbvalues ... | head -0`: no traceback and no 'internal error', only exit 1."""
    process = subprocess.Popen([sys.executable, "-m", "bbvalues", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.close()  # before the call writes a byte
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1 and stderr == b""
