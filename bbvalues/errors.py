"""The one error type the library raises for bad input; the CLI prints it as file:line:col: message."""

from __future__ import annotations

from bbvalues.records import named_tuple


@named_tuple
class Origin:
    """Where a key or value was written: file, 1-based line and column (ordered by them).

    A named tuple, not a dataclass: a file has one per key, and every call builds its class (a
    dataclass's generated methods are compiled anew by each process; docs/benchmarks.md).
    """

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
