"""Progress of a long run on stderr: a bar on a terminal, plain lines in CI logs and pipes, nothing when quiet.

Nothing is shown until `delay` seconds have passed, so a run that ends quickly prints nothing at all.
On a terminal the bar is redrawn in place (at most ten times a second) and erased by `close()`; where
stderr is not a terminal, or under CI (`CI` set), a plain line is written every few seconds instead,
which a log viewer shows as it is. `BBVALUES_QUIET=1` (`bbvalues -q`) silences it.
"""

from __future__ import annotations

import os
import sys
import time

_REDRAW_SECONDS = 0.1
_LINE_SECONDS = 5.0
_BAR_WIDTH = 24


class Progress:
    def __init__(self, label: str, total: int | None = None, *, stream=None, delay: float = 1.0):
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._start = time.monotonic()
        self._delay = delay
        self._last = float("-inf")
        self._drawn = False
        self._quiet = os.environ.get("BBVALUES_QUIET") == "1"
        isatty = getattr(self.stream, "isatty", None)
        self._bar = bool(isatty and isatty()) and not os.environ.get("CI")

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def advance(self, n: int = 1, detail: str = "") -> None:
        self.done += n
        now = time.monotonic()
        if self._quiet or now - self._start < self._delay:
            return
        if now - self._last < (_REDRAW_SECONDS if self._bar else _LINE_SECONDS):
            return
        self._last = now
        self._write(self._bar_text(detail) if self._bar else self._line_text(detail))

    def close(self) -> None:
        """Erase the bar, or end the plain lines with the final count."""
        if self._drawn and self._bar:
            self._write("\r\x1b[K", shown=False)
        elif self._drawn:
            self._write(self._line_text("done"))
        self._drawn = False

    def _counts(self) -> str:
        return f"{self.done}/{self.total}" if self.total else str(self.done)

    def _bar_text(self, detail: str) -> str:
        if self.total:
            filled = min(_BAR_WIDTH, _BAR_WIDTH * self.done // self.total)
            bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
            return f"\r\x1b[K{self.label} [{bar}] {self._counts()} {detail}"[:200]
        return f"\r\x1b[K{self.label} {self._counts()} {detail}"[:200]

    def _line_text(self, detail: str) -> str:
        elapsed = time.monotonic() - self._start
        return f"{self.label}: {self._counts()} ({elapsed:.0f} s){f' {detail}' if detail else ''}\n"

    def _write(self, text: str, shown: bool = True) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            return  # a closed stderr must not end the run
        self._drawn = shown
