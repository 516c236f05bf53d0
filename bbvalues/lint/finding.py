"""A lint finding: which check, how bad, where, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from bbvalues.errors import Origin

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
_RANK = {ERROR: 3, WARNING: 2, INFO: 1}


def at_or_above(severity: str, threshold: str) -> bool:
    """`--fail-on warning` fails on warnings and errors."""
    return _RANK[severity] >= _RANK[threshold]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the user's values. `line`/`column` are 1-based; `fix` says what to change."""

    file: str
    line: int
    column: int
    id: str
    severity: str
    message: str
    fix: str

    @classmethod
    def at(cls, origin: Origin, rule_id: str, severity: str, message: str, fix: str) -> "Finding":
        return cls(origin.file, origin.line, origin.column, rule_id, severity, message, fix)

    def as_dict(self) -> dict:
        return {"id": self.id, "severity": self.severity, "file": self.file, "line": self.line,
                "column": self.column, "message": self.message, "fix": self.fix}
