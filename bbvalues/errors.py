"""The one error type the library raises for bad input; the CLI prints it as file:line:col: message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)  # one per key of every input: no __dict__ each
class Origin:
    """Where a key or value was written: file, 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class BBValuesError(Exception):
    """Input the tool cannot work with. `origin` points at the offending place when known."""

    def __init__(self, message: str, origin: Origin | None = None, *, file: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.file = file or (origin.file if origin else None)
        self.hint = hint

    def __str__(self) -> str:
        where = str(self.origin) if self.origin else (self.file or "")
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text
