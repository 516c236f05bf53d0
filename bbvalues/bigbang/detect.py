"""Which mode effective umbrella values are in, and what keeps them from fully being in it.

The switches select a mode (bigbang.modes.base_mode); the mode contract (bigbang.contract) says what
else that mode needs. Values that switch a mode on but break its contract (a gateway without the
selector label, a Service still routed to a waypoint that is not built, a per-key null that renders
a null label) are `inconsistent`, with one problem per violation.
"""

from __future__ import annotations

from bbvalues.bigbang.contract import DEFAULT_CHECK, CheckOptions, Violation, requirements, violations
from bbvalues.bigbang.modes import INCONSISTENT, MODES, UmbrellaView, base_mode, view_of
from bbvalues.bigbang.state import PredictedState
from bbvalues.documents.paths import has_path
from bbvalues.documents.yamltree import dotted_path
from bbvalues.errors import Origin
from bbvalues.records import named_tuple, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


# Records, not dataclasses (bbvalues.records says why).

@named_tuple
class Evidence:
    path: str
    value: Any
    origin: Origin | None
    note: str


@named_tuple
class Problem:
    """One violation of the detected mode's contract: the rule that repairs it, where, what, why and how to fix it."""

    rule: str
    path: str
    detail: str
    why: str
    fix: str
    origin: Origin | None = None

    @property
    def message(self) -> str:
        return f"{self.detail}: {self.why}"


class Detection(Record):
    __slots__ = ("base_mode", "evidence", "mode", "problems", "release", "violations")

    def __init__(self, mode: str, base_mode: str, release: str, evidence: list[Evidence] | None = None,
                 problems: list[Problem] | None = None, violations: list[Violation] | None = None):
        self.mode, self.base_mode, self.release = mode, base_mode, release
        self.evidence = [] if evidence is None else evidence
        self.problems = [] if problems is None else problems
        self.violations = [] if violations is None else violations

    __hash__ = None  # unhashable: its lists are filled after it is made


def detect(view: UmbrellaView, release_label: str, options: CheckOptions = DEFAULT_CHECK) -> Detection:
    """The mode the switches select, and every violation of that mode's contract as a problem."""
    base = base_mode(view)
    found = mode_problems(view, base, options)
    return Detection(mode=INCONSISTENT if found else base, base_mode=base, release=release_label,
                     evidence=list(_evidence(view, base)), problems=[_problem(view, violation) for violation in found],
                     violations=found)


def mode_problems(view: UmbrellaView, mode: str, options: CheckOptions = DEFAULT_CHECK) -> list[Violation]:
    """The violations of `mode`'s contract that are problems (leftovers are not)."""
    return [violation for violation in violations(PredictedState(view, mode), mode, options) if violation.is_problem]


def detected_mode(view: UmbrellaView, options: CheckOptions = DEFAULT_CHECK) -> str:
    """The mode the switches select, or `inconsistent` when its contract does not hold (detect, without evidence)."""
    base = base_mode(view)
    return INCONSISTENT if mode_problems(view, base, options) else base


def _problem(view: UmbrellaView, violation: Violation) -> Problem:
    return Problem(violation.requirement.id, dotted_path(violation.path), violation.detail, violation.requirement.why,
                   violation.fix, view.origin(violation.path))


def _evidence(view: UmbrellaView, base: str):
    """Every key the user wrote that some mode's contract is about, once, named after the first requirement about
    it: the detected mode's contract first."""
    seen = set()
    for mode in (base, *(mode for mode in MODES if mode != base)):
        for requirement in requirements(view, mode):
            for path in requirement.keys or (requirement.path,):
                for written in _written_under(view, path):
                    if written not in seen:
                        seen.add(written)
                        yield Evidence(dotted_path(written), view.value(written), view.origin(written), requirement.id)


def _written_under(view: UmbrellaView, path: tuple):
    """`path` itself when the user wrote it; for a label map, each label written in it."""
    if not path or not has_path(view.values, path):
        return
    value = view.value(path)
    if isinstance(value, dict) and path[-1] == "labels":
        yield from (path + (key,) for key in value)
    else:
        yield path


def detect_inputs(inputs, selected, options: CheckOptions = DEFAULT_CHECK) -> Detection:
    """Detect the mode of an `InputSet` merged as Helm does, on the `SelectedRelease`."""
    return detect(view_of(inputs, selected.release), selected.label, options)
