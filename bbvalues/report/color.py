"""Whether to colour terminal output, and the few styles text reports use.

Colour is for people at a terminal: `--color auto` (the default) colours only when the stream is a
TTY. `NO_COLOR` (any non-empty value, no-color.org) and `TERM=dumb` turn it off, `FORCE_COLOR`
(non-empty, not "0") turns it on for CI logs that render ANSI; an explicit `--color always|never`
wins over all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping, TextIO

CHOICES = ("auto", "always", "never")
_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}


def color_enabled(choice: str = "auto", stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if choice == "always":
        return True
    if choice == "never":
        return False
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class Palette:
    """ANSI styles, or plain text when `enabled` is false."""

    enabled: bool = False

    def style(self, text: str, *names: str) -> str:
        if not self.enabled or not names:
            return text
        codes = ";".join(_CODES[name] for name in names)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def severity(self, severity: str, text: str | None = None) -> str:
        colour = {"error": "red", "warning": "yellow", "info": "blue"}.get(severity)
        return self.style(text if text is not None else severity, "bold", colour) if colour else (text or severity)

    def bold(self, text: str) -> str:
        return self.style(text, "bold")

    def dim(self, text: str) -> str:
        return self.style(text, "dim")

    def added(self, text: str) -> str:
        return self.style(text, "green")

    def removed(self, text: str) -> str:
        return self.style(text, "red")
