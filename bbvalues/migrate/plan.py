"""What a migration changes: every change carries a rule id and a reason a reviewer can check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bbvalues.errors import Origin

ValuePath = tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """Set `path` to `new` in the overlay (or in the user's file when editing in place)."""

    path: ValuePath
    old: Any
    new: Any
    rule: str
    reason: str
    origin: Origin | None = None
    caveat: str | None = None


@dataclass(frozen=True)
class RequiredEdit:
    """A change an overlay cannot express, made in the file that sets `path`.

    `action` is `delete` (bbvalues removes the key when editing in place), or `rewrite` / `label`:
    a person must rewrite the entry or label a Service; bbvalues never guesses those.
    """

    path: ValuePath
    rule: str
    reason: str
    origin: Origin | None
    action: str = "delete"

    @property
    def deletes(self) -> bool:
        return self.action == "delete"

    @property
    def verb(self) -> str:
        return {"delete": "delete", "rewrite": "rewrite by hand", "label": "label by hand"}.get(self.action, self.action)


@dataclass
class MigrationPlan:
    inputs: list[str]
    source_mode: str
    target_mode: str
    release: str
    release_source: str = ""
    changes: list[Change] = field(default_factory=list)
    required_edits: list[RequiredEdit] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_work(self) -> bool:
        return bool(self.changes or self.required_edits)

    @property
    def blocking(self) -> bool:
        return bool(self.required_edits)
