"""What a migration changes: every change carries a rule id and a reason a reviewer can check."""

from __future__ import annotations

from bbvalues.errors import Origin
from bbvalues.records import named_tuple, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ValuePath = tuple[str, ...]


# Records, not dataclasses (bbvalues.records says why).

@named_tuple
class Change:
    """Set `path` to `new` in the overlay (or in the user's file when editing in place)."""

    path: ValuePath
    old: Any
    new: Any
    rule: str
    reason: str
    origin: Origin | None = None
    caveat: str | None = None


@named_tuple
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


class MigrationPlan(Record):
    """The plan the rules fill: changes for the overlay, edits of the user's files, and what to tell the user."""

    __slots__ = ("caveats", "changes", "inputs", "release", "release_source", "required_edits", "source_mode",
                 "target_mode", "warnings")

    def __init__(self, inputs: list[str], source_mode: str, target_mode: str, release: str, release_source: str = "",
                 changes: list[Change] | None = None, required_edits: list[RequiredEdit] | None = None,
                 caveats: list[str] | None = None, warnings: list[str] | None = None):
        self.inputs, self.source_mode, self.target_mode = inputs, source_mode, target_mode
        self.release, self.release_source = release, release_source
        self.changes = [] if changes is None else changes
        self.required_edits = [] if required_edits is None else required_edits
        self.caveats = [] if caveats is None else caveats
        self.warnings = [] if warnings is None else warnings

    __hash__ = None  # unhashable: its lists are filled after it is made

    @property
    def has_work(self) -> bool:
        return bool(self.changes or self.required_edits)

    @property
    def blocking(self) -> bool:
        return bool(self.required_edits)
