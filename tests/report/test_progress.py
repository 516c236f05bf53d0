"""Progress on standard error: silent for short steps and with -q, a bar on a terminal, lines in a log."""

from __future__ import annotations

import io

import pytest

from bbvalues.report.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def not_quiet_not_ci(monkeypatch):
    monkeypatch.delenv("BBVALUES_QUIET", raising=False)
    monkeypatch.delenv("CI", raising=False)


def run(stream, total=100, steps=(40, 60), delay=0.0, detail="composing") -> str:
    with Progress("reading big.yaml", total, stream=stream, delay=delay) as progress:
        for step in steps:
            progress.advance(step, detail)
    return stream.getvalue()


def test_a_step_shorter_than_the_delay_shows_nothing():
    assert run(Terminal(), delay=3600) == ""
    assert run(io.StringIO(), delay=3600) == ""


def test_a_terminal_gets_a_bar_redrawn_in_place_and_erased_at_the_end():
    shown = run(Terminal())
    first = shown.split("\r")[1]
    assert first.startswith("reading big.yaml [#########...............] 40% composing")
    assert shown.endswith("\r" + " " * 79 + "\r")  # nothing is left on the 80-column line for the next message
    assert "\n" not in shown


def test_a_log_gets_plain_lines_and_a_last_one():
    lines = run(io.StringIO()).splitlines()
    assert lines[0].startswith("reading big.yaml: 40% composing, ")
    assert lines[-1].startswith("reading big.yaml: done in ")
    assert len(lines) == 2  # the second advance comes within the log interval: no line for it


def test_ci_gets_plain_lines_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert run(Terminal()).startswith("reading big.yaml: 40% composing, ")


def test_quiet_has_no_display():
    from bbvalues.cli.common import progress_display, settings

    try:
        settings.set(quiet=True)
        assert progress_display() is None
        settings.set()
        assert progress_display() is Progress
    finally:
        settings.set()


def test_without_a_total_the_count_is_shown():
    assert run(io.StringIO(), total=None, steps=(1500,), detail="").startswith("reading big.yaml: 1,500, ")


def test_a_broken_stream_ends_the_display_without_an_error():
    class Broken(io.StringIO):
        def write(self, text):
            raise OSError("EPIPE")

    assert run(Broken()) == ""


def test_close_is_idempotent_and_advancing_after_it_draws_nothing():
    stream = io.StringIO()
    progress = Progress("step", 10, stream=stream, delay=0)
    progress.advance(5)
    progress.close()
    shown = stream.getvalue()
    progress.close()
    progress.advance(5)
    assert stream.getvalue() == shown
