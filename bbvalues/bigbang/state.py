"""What each package chart will see: the state the mode contract (bigbang.contract) is checked against.

`PredictedState` predicts it from umbrella values and the release table: the waypoint labels, route
toggles and pod labels the umbrella writes into a package's `defaults` (the facts the table records),
then the user's `<package>.values` over them the way Flux merges `valuesFrom` (nulls kept, a null map
replacing the umbrella's). The umbrella computes those defaults from the ambient switch, so a state is
predicted for a mode: the values as they would be once the mode's switch is set. verify's
`RenderedState` answers the same questions from a real helm render, so the contract judges detect,
migrate, lint, the SSO check and verify by one set of rules.
"""

from __future__ import annotations

from bbvalues.bigbang.modes import SIDECAR, UmbrellaView, go_truthy
from bbvalues.bigbang.packages import package_path, resolve_key
from bbvalues.bigbang.releases import Enrollment, LabelMap, Protection, Waypoint
from bbvalues.documents.paths import MISSING, get_path
from bbvalues.helm.merge import merge_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# What builds a waypoint (releases.yaml `waypoints.*.built_by`): the authservice chart, unless its toggle
# is off, or bb-common, for a package whose route asks for authservice.
BUILT_BY_AUTHSERVICE = "authservice"
BUILT_BY_ROUTES = "routes"


def user_value(values: dict, base: tuple, relative: tuple) -> Any:
    """The user's value for a key inside a package's chart values, as the package chart will see it.

    Inside `<package>.values` a user null survives into the package's overlays (DOMAIN.md, Nulls), so a
    null (or non-map) above the key removes it, umbrella default and all: None. MISSING when the user
    does not write it.
    """
    current: Any = get_path(values, base, MISSING)
    for depth, key in enumerate(relative):
        if not isinstance(current, dict):
            return None if depth > 1 and current is not MISSING else MISSING
        if key not in current:
            return MISSING
        current = current[key]
    return current


def over(umbrella: Any, user: Any) -> Any:
    """Flux's merge of one key: the user's value over the umbrella's, maps merged, nulls kept."""
    if user is MISSING:
        return umbrella
    if isinstance(user, dict) and isinstance(umbrella, dict):
        return merge_values([umbrella, user])
    return user


class PredictedState:
    """The package values and waypoints the umbrella would render for `mode` from the user's values."""

    def __init__(self, view: UmbrellaView, mode: str):
        self.view = view
        self.values = view.values
        self.release = view.release
        self.table = view.table
        self.mode = mode
        self.ambient = mode != SIDECAR
        # A prediction depends only on the view and the mode: what is checked of it is remembered with the view.
        self.memo = view.memo

    def _enrolled(self, enrollment: Enrollment) -> bool:
        return self.ambient and self.release.supports_ambient_sso and self.view.condition_holds(enrollment.condition)

    def _user(self, package: str, relative: tuple) -> Any:
        return user_value(self.values, package_path(self.values, package), relative)

    def service_labels(self, enrollment: Enrollment, label_map: LabelMap) -> Any:
        """The Service's labels map: a dict, None (a null map, which renders no label), or MISSING."""
        umbrella = ({label.key: label.value for label in enrollment.labels} if self._enrolled(enrollment)
                    else MISSING)
        return over(umbrella, self._user(enrollment.package, label_map.path))

    def route(self, enrollment: Enrollment, route: tuple) -> Any:
        """A route's `authservice.enabled`: the umbrella turns it on wherever it enrolls the package."""
        return over(True if self._enrolled(enrollment) else MISSING, self._user(enrollment.package, route))

    def pod_labels(self, protection: Protection, labels: tuple) -> Any:
        """A protected package's pod labels: the umbrella adds the selector whenever the package's SSO is on."""
        key, value = self.view.selector
        umbrella = {key: value} if self.view.condition_holds(protection.condition) else MISSING
        return over(umbrella, self._user(protection.package, labels))

    def gateway_labels(self, gateway: str) -> Any:
        """The gateway's pod labels as the user writes them (over `shared` where the release merges that block)."""
        own = get_path(self.values, resolve_key(self.values, self.table.gateway_labels(gateway)), MISSING)
        if not self.release.shared_gateway_values:
            return own
        shared = get_path(self.values, resolve_key(self.values, self.table.shared_gateway_labels_path), MISSING)
        return over(shared, own)

    def waypoint_built(self, waypoint: Waypoint) -> tuple[bool, str]:
        """Whether the release builds `waypoint` for these values, and why (not)."""
        if not self.ambient:
            return False, "ambient is off"
        if waypoint.built_by == BUILT_BY_AUTHSERVICE:
            if self.view.waypoint_disabled:
                return False, f"{self._toggle_name()} is false"
            if not self.view.authservice_deployed:
                return False, "authservice is not deployed"
            return True, "the authservice chart builds it"
        for enrollment in self.release.enrollments:
            if enrollment.waypoint == waypoint and self._enrolled(enrollment):
                asking = [route for route in enrollment.routes if go_truthy(self.route(enrollment, route))]
                if asking:
                    return True, f"bb-common builds it for {'.'.join(asking[0][1:])}"
        return False, f"no {waypoint.namespace} route asks for authservice"

    def _toggle_name(self) -> str:
        return ".".join(resolve_key(self.values, self.table.waypoint_toggle))

    def namespace_labels(self, namespace: str) -> dict | None:
        """Not predicted: the umbrella derives Namespace labels from the ambient switch alone."""
        return None

    def helm_releases(self) -> set[str] | None:
        """Not predicted: the umbrella renders the ambient infrastructure from the ambient switch alone."""
        return None
