"""Progress on stderr: nothing for a short run, a bar redrawn in place on a terminal, plain lines in CI."""

from __future__ import annotations

import io

from bbvalues.report.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_run_shorter_than_the_delay_shows_nothing():
    stream = Terminal()
    with Progress("scanning", 3, stream=stream, delay=60) as bar:
        bar.advance(3)
    assert stream.getvalue() == ""


def test_a_terminal_gets_a_bar_that_is_erased_at_the_end(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BBVALUES_QUIET", raising=False)
    stream = Terminal()
    with Progress("scanning", 4, stream=stream, delay=0) as bar:
        bar.advance(2, "dev")
    text = stream.getvalue()
    assert "scanning [############------------] 2/4 dev" in text and text.endswith("\r\x1b[K")


def test_ci_and_pipes_get_plain_lines(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("BBVALUES_QUIET", raising=False)
    stream = Terminal()
    with Progress("scanning", 10, stream=stream, delay=0) as bar:
        bar.advance(1)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("scanning: 1/10 (") and lines[-1].endswith("done") and "\x1b" not in stream.getvalue()


def test_quiet_shows_nothing(monkeypatch):
    monkeypatch.setenv("BBVALUES_QUIET", "1")
    stream = Terminal()
    with Progress("scanning", 2, stream=stream, delay=0) as bar:
        bar.advance(2)
    assert stream.getvalue() == ""
