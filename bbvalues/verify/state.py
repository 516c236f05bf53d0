"""The mode contract's questions answered from a real umbrella render (`RenderedState`).

bigbang.state predicts what each package chart will see; here helm has rendered it: each package's
values Secret, decoded and merged as Flux does (common <- defaults <- overlays, nulls kept), the
HelmReleases and the Namespaces. The contract (bigbang.contract) checks this state with the same
requirements detect, migrate and lint check the prediction with. Umbrella-level switches are read
from the user's values (the umbrella passes them through unchanged).
"""

from __future__ import annotations

from bbvalues.bigbang.modes import UmbrellaView, go_truthy
from bbvalues.bigbang.releases import Enrollment, LabelMap, Protection, Waypoint
from bbvalues.bigbang.state import BUILT_BY_AUTHSERVICE
from bbvalues.documents.paths import MISSING, get_path
from bbvalues.documents.yamltree import dotted_path
from bbvalues.verify.render import UmbrellaRender

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def chart_relative(path: tuple) -> tuple:
    """A release-table path below a package block (`values.upstream...`) as a chart values path."""
    return path[1:] if path[:1] == ("values",) else path


class RenderedState:
    """What the umbrella render hands each package, for `mode`, with the user's (after) values in `view`."""

    def __init__(self, view: UmbrellaView, mode: str, render: UmbrellaRender):
        self.view = view
        self.release = view.release
        self.table = view.table
        self.mode = mode
        self.render = render
        self.memo: dict = {}

    def package_values(self, package: str) -> dict | None:
        values = self.render.packages.get(package)
        return values.merged if values is not None else None

    def _at(self, package: str, path: tuple) -> Any:
        values = self.package_values(package)
        return MISSING if values is None else get_path(values, chart_relative(path), MISSING)

    def service_labels(self, enrollment: Enrollment, label_map: LabelMap) -> Any:
        return self._at(enrollment.package, label_map.path)

    def route(self, enrollment: Enrollment, route: tuple) -> Any:
        return self._at(enrollment.package, route)

    def pod_labels(self, protection: Protection, labels: tuple) -> Any:
        return self._at(protection.package, labels)

    def gateway_labels(self, gateway: str) -> Any:
        values = self.package_values(self.table.gateway_package(gateway))
        return MISSING if values is None else get_path(values, self.table.gateway_labels_key, MISSING)

    def waypoint_built(self, waypoint: Waypoint) -> tuple[bool, str]:
        """Whether this render creates `waypoint`: the authservice chart unless its toggle is false, or bb-common
        in the package whose route asks for authservice."""
        # The authservice chart builds its waypoint (`built_by` names that package); bb-common builds a
        # per-package one in the package whose routes ask for it.
        package = waypoint.built_by if waypoint.built_by == BUILT_BY_AUTHSERVICE else next(
            e.package for e in self.release.enrollments if e.waypoint == waypoint)
        values = self.package_values(package)
        if values is None:
            return False, f"no {package} values in the render"
        if not go_truthy(get_path(values, self.table.package_ambient_switch)):
            return False, f"{package} is not in ambient mode"
        if waypoint.built_by == BUILT_BY_AUTHSERVICE:
            toggle = self.table.chart_path(package, self.table.waypoint_toggle)
            if get_path(values, toggle) is False:
                return False, f"authservice {dotted_path(toggle)} is false"
            return True, "the authservice chart creates it"
        routes = [chart_relative(route) for e in self.release.enrollments if e.waypoint == waypoint
                  for route in e.routes]
        asking = [route for route in routes if get_path(values, route) is True]
        if not asking:
            return False, f"no {package} route asks for authservice ({dotted_path(routes[0])} ...)"
        return True, f"bb-common builds it for {dotted_path(asking[0])}"

    def namespace_labels(self, namespace: str) -> dict | None:
        return self.render.namespaces.get(namespace)

    def helm_releases(self) -> set[str]:
        return set(self.render.helm_releases)
