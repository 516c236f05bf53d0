"""Progress of one long step (reading, composing or editing a big input) on standard error.

Nothing is shown for a step that ends within `delay` seconds, which is every step on ordinary
values files; after that a terminal gets a bar redrawn in place (and erased when the step ends),
while a log (not a terminal, or `CI` set) gets a plain line now and then and one when the step
ends. Under `-q` the command line creates none.

    with Progress(f"reading {name}", total=len(text)) as progress:
        for chunk in chunks:
            ...
            progress.advance(len(chunk), "composing")

`advance` is cheap (a clock read) so it can be called every few thousand events; the display is
redrawn at most ten times a second on a terminal and every `LOG_INTERVAL` seconds in a log.
Imports only os, sys and time: every command may create one.
"""

from __future__ import annotations

import os
import sys
import time

LOG_INTERVAL = 10.0
_REDRAW_INTERVAL = 0.1
_BAR_WIDTH = 24
_DEFAULT_COLUMNS = 80


class Progress:
    """Progress of one step: `advance` as the work goes, `close` (or leave the `with` block) at its end."""

    def __init__(self, label: str, total: int | None = None, *, stream=None, delay: float = 1.0):
        self.label = label
        self.total = total
        self.done = 0
        self.detail = ""
        self._stream = stream if stream is not None else sys.stderr
        self._bar = not _is_ci() and _is_terminal(self._stream)
        self._started = time.monotonic()
        self._show_from = self._started + delay
        self._next_draw = self._show_from
        self._shown = False
        self._closed = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def advance(self, n: int = 1, detail: str = "") -> None:
        """`n` more units of work done; `detail` (when given) says what is being done now."""
        self.done += n
        if detail:
            self.detail = detail
        if self._closed:
            return
        now = time.monotonic()
        if now >= self._next_draw:
            self._draw(now)

    def close(self) -> None:
        """The step is over: erase the bar, or end the log with a last line; nothing if nothing was shown."""
        if self._closed:
            return
        self._closed = True
        if not self._shown:
            return
        if self._bar:  # one column short of the width, as drawn: a full line wraps on some terminals
            self._write("\r" + " " * (_columns(self._stream) - 1) + "\r")
        else:
            self._write(f"{self.label}: done in {time.monotonic() - self._started:.1f} s\n")

    def _draw(self, now: float) -> None:
        self._shown = True
        if self._bar:
            self._next_draw = now + _REDRAW_INTERVAL
            line = f"{self.label} {self._gauge()} {self._amount()}"
            width = _columns(self._stream) - 1
            self._write("\r" + line[:width].ljust(width))
        else:
            self._next_draw = now + LOG_INTERVAL
            self._write(f"{self.label}: {self._amount()}, {now - self._started:.0f} s\n")

    def _gauge(self) -> str:
        if not self.total:
            return "[" + "".join("#" if i == self.done % _BAR_WIDTH else "." for i in range(_BAR_WIDTH)) + "]"
        filled = min(_BAR_WIDTH, _BAR_WIDTH * self.done // self.total)
        return "[" + "#" * filled + "." * (_BAR_WIDTH - filled) + "]"

    def _amount(self) -> str:
        if self.total:
            amount = f"{min(100, 100 * self.done // self.total)}%"
        else:
            amount = f"{self.done:,}"
        return f"{amount} {self.detail}".rstrip()

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr: progress is not worth failing for
            self._closed = True


def _is_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _columns(stream) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or _DEFAULT_COLUMNS
    except (AttributeError, OSError, ValueError):
        return _DEFAULT_COLUMNS
