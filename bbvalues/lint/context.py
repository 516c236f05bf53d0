"""What every lint check reads: the inputs file by file, the merged values, the release row and the mode."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bbvalues.bigbang.contract import Violation, violations
from bbvalues.bigbang.modes import UmbrellaView, base_mode, view_of
from bbvalues.bigbang.state import PredictedState
from bbvalues.bigbang.releases import SelectedRelease
from bbvalues.documents.inputs import InputSet, ValuesSource
from bbvalues.documents.yamltree import walk
from bbvalues.errors import Origin
from bbvalues.helm.merge import Effective

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

# Maps whose values Kubernetes reads as label values (metadata labels and label selectors).
LABEL_MAP_KEYS = frozenset({"labels", "podLabels", "commonLabels", "matchLabels", "customLabels"})


@dataclass
class LintContext:
    inputs: InputSet
    release: SelectedRelease

    @cached_property
    def view(self) -> UmbrellaView:
        return view_of(self.inputs, self.release.release)

    @property
    def effective(self) -> Effective:
        return self.view.effective

    @property
    def values(self) -> dict:
        return self.effective.values

    @cached_property
    def mode(self) -> str:
        """The mode the values switch on (sidecar, ambient-waypoint or ambient-gateway)."""
        return base_mode(self.view)

    @cached_property
    def contract_violations(self) -> list[Violation]:
        """The problems of the detected mode's contract and of the SSO prerequisites every mode shares."""
        state = PredictedState(self.view, self.mode)
        found = violations(state, self.mode) + violations(state, self.mode, specs=self.view.table.sso_prerequisites)
        return [violation for violation in found if violation.is_problem]

    @property
    def sources(self) -> list[ValuesSource]:
        return self.inputs.sources

    def written(self, path: tuple, depth: int = 1) -> Origin | None:
        """Where `path` or its nearest parent at least `depth` keys long was written, if anywhere."""
        for end in range(len(path), depth - 1, -1):
            origin = self.effective.origin(path[:end])
            if origin is not None:
                return origin
        return None

    def locate(self, path: tuple) -> Origin:
        """Where `path` was written, else its nearest written parent, else the top of the last input.

        A finding about a missing key points at the block it belongs in, which is where the fix goes.
        """
        origin = self.written(path)
        if origin is not None:
            return origin
        last = self.sources[-1] if self.sources else None
        return Origin(last.file if last else "<input>", 1, 1)


def label_entries(values: dict) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every entry of every label map in `values`."""
    for path, value in walk(values):
        if path and path[-1] in LABEL_MAP_KEYS and isinstance(value, dict):
            for key, label_value in value.items():
                yield path + (key,), label_value
