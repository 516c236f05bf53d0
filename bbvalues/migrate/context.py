"""What a migration rule plans with: the values, the target's predicted state, the options, the plan.

A rule repairs the violations of one requirement of the target mode's contract. It has two ways to
do so, and which one it takes depends on how the plan is realised:

- an overlay can only set keys, so it writes explicit values (and a key it cannot unset becomes a
  required edit of the user's file);
- an in-place edit hands control back to the release: it deletes the user's own override where the
  release's value then satisfies the requirement (`holds_without`), instead of pinning a value that
  the next release may contradict (3.29 pinned `authservice-waypoint`; 3.30 routes monitoring
  through `monitoring-monitoring-waypoint`).
"""

from __future__ import annotations

from bbvalues.bigbang.contract import CheckOptions, Requirement, violations
from bbvalues.bigbang.modes import UmbrellaView
from bbvalues.bigbang.state import PredictedState
from bbvalues.documents.paths import MISSING, delete_path, get_path, has_path
from bbvalues.documents.scalars import format_scalar
from bbvalues.helm.merge import Effective, copy_values
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


# A named tuple, not a dataclass: every call imports it, and a dataclass's methods are compiled anew by each process.
@named_tuple
class MigrationOptions:
    """`target` mode; `label_removal` auto|none|null; `gateways` to label (default: those serving SSO);
    `in_place`: the plan is realised as edits of the user's files (deletions hand control back)."""

    target: str
    label_removal: str = "auto"
    gateways: tuple[str, ...] = ()
    in_place: bool = False


class PlanContext:
    def __init__(self, view: UmbrellaView, options: MigrationOptions, plan: MigrationPlan):
        self.view = view
        self.values = view.values
        self.release = view.release
        self.table = view.table
        self.options = options
        self.target = options.target
        self.plan = plan
        self.state = PredictedState(view, options.target)
        self.check_options = CheckOptions(options.label_removal)

    @property
    def in_place(self) -> bool:
        return self.options.in_place

    def current(self, path: tuple) -> Any:
        return get_path(self.values, path, MISSING)

    def written(self, path: tuple) -> bool:
        return has_path(self.values, path)

    def set(self, path: tuple, new: Any, rule: str, reason: str, caveat: str | None = None) -> None:
        """Write `new` at `path` (the overlay, or the target file in place) unless it is already there."""
        old = self.current(path)
        if old is not MISSING and old == new and type(old) is type(new):
            return
        if any(change.path == tuple(path) for change in self.plan.changes):
            return
        self.plan.changes.append(Change(path=tuple(path), old=old, new=new, rule=rule, reason=reason,
                                        origin=self.view.origin(path), caveat=caveat))

    def require(self, path: tuple, rule: str, reason: str, action: str = "delete") -> None:
        """An edit of the user's file: a delete (done by --in-place), a rewrite or a label by hand."""
        if any(edit.path == tuple(path) for edit in self.plan.required_edits):
            return
        self.plan.required_edits.append(RequiredEdit(path=tuple(path), rule=rule, reason=reason,
                                                     origin=self.view.origin(path), action=action))

    def require_deleted(self, found: list, rule: str, reason: str) -> None:
        """Each violation's key deleted from the file that sets it (an overlay cannot unset a key)."""
        for violation in found:
            self.require(violation.path, rule, reason)

    def holds_without(self, requirement: Requirement, paths: list[tuple]) -> bool:
        """Whether `requirement` holds once the user's keys at `paths` are deleted (the release's values apply)."""
        values = copy_values(self.values)
        for path in paths:
            delete_path(values, path)
        view = UmbrellaView(Effective(values), self.release)
        state = PredictedState(view, self.target)
        return not any(violation.requirement.path == requirement.path
                       for violation in violations(state, self.target, self.check_options, (requirement.spec,)))

    def hand_back(self, requirement: Requirement, paths: list[tuple], rule: str, reason: str) -> bool:
        """In place: delete the user's overrides at `paths` when the release's values then satisfy `requirement`.
        False (nothing planned) for an overlay, or when the deletion alone would not do."""
        written = [path for path in paths if self.written(path)]
        if not self.in_place or not written or not self.holds_without(requirement, written):
            return False
        for path in written:
            self.require(path, rule, f"{reason} (the override is deleted: Big Bang {self.release.name}'s own "
                                     f"value applies again)")
        return True

    def repair_toggle(self, requirement: Requirement, rule: str, pinned: Any) -> None:
        """A toggle the mode needs at one value (`equals`) or off (`falsy`), at anything but one value (`differs`: in
        place the user's override is deleted, an overlay writes `pinned`), or not set at all (a leftover, deleted
        in place)."""
        spec = requirement.spec
        if spec.expect in ("equals", "falsy"):
            self.set(requirement.path, False if spec.expect == "falsy" else spec.value, rule, requirement.why)
        elif not self.hand_back(requirement, [requirement.path], rule, requirement.why) and not spec.leftover:
            self.set(requirement.path, pinned, rule, f"{requirement.why} (explicit {format_scalar(pinned)}: an overlay "
                                                     f"cannot delete the override, so this pins Big Bang "
                                                     f"{self.release.name}'s value)")
