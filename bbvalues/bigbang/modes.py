"""The three Istio modes and how to tell which one effective umbrella values are in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from bbvalues.bigbang.packages import package_path, resolve_key, setting
from bbvalues.bigbang.releases import Enrollment, Protection, Release, WaypointLabel, dotted, release_table
from bbvalues.bigbang.shape import check_umbrella_shape
from bbvalues.documents.yamltree import dotted_path
from bbvalues.errors import Origin
from bbvalues.documents.paths import get_path, has_path
from bbvalues.helm.merge import Effective

SIDECAR = "sidecar"
AMBIENT_WAYPOINT = "ambient-waypoint"
AMBIENT_GATEWAY = "ambient-gateway"
INCONSISTENT = "inconsistent"
MODES = (SIDECAR, AMBIENT_WAYPOINT, AMBIENT_GATEWAY)

AMBIENT_SWITCH = dotted("istio.ambient.enabled")
ZTUNNEL_SWITCH = dotted("ztunnel.enabled")
WAYPOINT_TOGGLE = dotted("addons.authservice.values.waypoint.enabled")


def go_truthy(value: Any) -> bool:
    """Truthiness as Go templates see it (`or`/`and`/`if` in the umbrella helpers)."""
    if isinstance(value, (dict, list, str)):
        return len(value) > 0
    return bool(value)


def is_ambient(values: dict) -> bool:
    """`ambientEnabled` = `or .Values.ztunnel.enabled .Values.istio.ambient.enabled` (bigbang _helpers.tpl:969-971)."""
    return go_truthy(setting(values, AMBIENT_SWITCH)) or go_truthy(setting(values, ZTUNNEL_SWITCH))


@dataclass(frozen=True)
class ServiceLabel:
    """One waypoint routing label on one protected Service, as the release sets it."""

    enrollment: Enrollment
    path: tuple[str, ...]
    label: WaypointLabel

    @property
    def key_path(self) -> tuple[str, ...]:
        return self.path + (self.label.key,)


class UmbrellaView:
    """Effective umbrella values read through one release row of the table.

    Building one refuses values with a wrong-typed key where the table reads (bigbang.shape), so
    nothing downstream mistakes `monitoring: 5` for "monitoring not set".
    """

    def __init__(self, effective: Effective, release: Release):
        check_umbrella_shape(effective, release)
        self.effective = effective
        self.values = effective.values
        self.release = release
        self.table = release_table()

    def setting(self, legacy_path: tuple[str, ...]) -> Any:
        return setting(self.values, legacy_path)

    def origin(self, path: tuple[str, ...]) -> Origin | None:
        return self.effective.origin(path)

    @property
    def ambient(self) -> bool:
        return is_ambient(self.values)

    @property
    def waypoint_disabled(self) -> bool:
        return self.setting(WAYPOINT_TOGGLE) is False

    @property
    def selector(self) -> tuple[str, str]:
        selector = get_path(self.values, resolve_key(self.values, self.table.selector_path))
        key, value = self.table.selector_default
        if isinstance(selector, dict):
            key = str(selector.get("key") or key)
            value = str(selector.get("value") or value)
        return key, value

    def condition_holds(self, name: str) -> bool:
        return all(go_truthy(self.setting(path)) for path in self.table.conditions[name])

    def active_enrollments(self) -> list[Enrollment]:
        return [e for e in self.release.enrollments if self.condition_holds(e.condition)]

    def service_labels(self, enrollments: list[Enrollment] | None = None) -> Iterator[ServiceLabel]:
        for enrollment in self.active_enrollments() if enrollments is None else enrollments:
            base = package_path(self.values, enrollment.package)
            for service in enrollment.services:
                for label in enrollment.labels:
                    yield ServiceLabel(enrollment, base + service, label)

    def route_paths(self) -> Iterator[tuple[Enrollment, tuple[str, ...]]]:
        for enrollment in self.active_enrollments():
            base = package_path(self.values, enrollment.package)
            for route in enrollment.routes:
                yield enrollment, base + route

    def active_protections(self) -> list[Protection]:
        """The SSO-protected packages whose SSO is on."""
        return [p for p in self.release.protections if self.condition_holds(p.condition)]

    def serving_gateway(self, protection: Protection) -> str:
        """The gateway that serves the package (its `ingress.gateway`; "" means the default, public)."""
        gateway = get_path(self.values, package_path(self.values, protection.package) + protection.gateway_key)
        return str(gateway) if gateway else self.table.default_gateway

    def protected_gateways(self) -> list[str]:
        """Gateways that serve an SSO-protected package (each package's `ingress.gateway`, default public)."""
        names = {self.serving_gateway(protection) for protection in self.active_protections()}
        return sorted(names) or [self.table.default_gateway]

    def gateway_label_path(self, gateway: str) -> tuple[str, ...]:
        return resolve_key(self.values, self.table.gateway_labels(gateway)) + (self.selector[0],)

    def shared_label_path(self) -> tuple[str, ...]:
        return resolve_key(self.values, self.table.shared_gateway_labels_path) + (self.selector[0],)

    def gateway_names(self) -> list[str]:
        gateways = get_path(self.values, resolve_key(self.values, self.table.gateways_path))
        return sorted(gateways) if isinstance(gateways, dict) else []

    def carries_selector(self, gateway: str) -> bool:
        """The gateway's pods match the authservice selector (key and value), so its policies attach there."""
        return get_path(self.values, self.gateway_label_path(gateway)) == self.selector[1]

    def labelled_gateways(self) -> list[str]:
        return [name for name in self.gateway_names() if self.carries_selector(name)]

    def label_overridden(self, service_label: ServiceLabel) -> bool:
        """The user set this label to something other than what the umbrella sets."""
        path = service_label.key_path
        return has_path(self.values, path) and get_path(self.values, path) != service_label.label.value

    def label_neutralised(self, service_label: ServiceLabel) -> bool:
        """The user set this label to null or to Istio's opt-out, so it routes to no waypoint. Any other
        override (a 3.29 `authservice-waypoint` left on a 3.30 monitoring Service) still routes somewhere."""
        path = service_label.key_path
        return has_path(self.values, path) and get_path(self.values, path) in (None, service_label.label.opt_out)


@dataclass
class Evidence:
    path: str
    value: Any
    origin: Origin | None
    note: str

    def as_dict(self) -> dict:
        origin = self.origin
        return {"path": self.path, "value": self.value, "note": self.note,
                "file": origin.file if origin else None, "line": origin.line if origin else None}


@dataclass
class Detection:
    mode: str
    base_mode: str
    release: str
    evidence: list[Evidence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"mode": self.mode, "release": self.release, "evidence": [e.as_dict() for e in self.evidence],
                "problems": list(self.problems)}


def detect(view: UmbrellaView, release_label: str) -> Detection:
    base = base_mode(view)
    detection = Detection(mode=base, base_mode=base, release=release_label)
    _collect_evidence(view, detection)
    detection.problems = list(mode_problems(view, base))
    if detection.problems:
        detection.mode = INCONSISTENT
    return detection


def base_mode(view: UmbrellaView) -> str:
    if not view.ambient:
        return SIDECAR
    return AMBIENT_GATEWAY if view.waypoint_disabled else AMBIENT_WAYPOINT


def _collect_evidence(view: UmbrellaView, detection: Detection) -> None:
    def add(path: tuple, note: str) -> None:
        if has_path(view.values, path):
            detection.evidence.append(Evidence(dotted_path(path), get_path(view.values, path), view.origin(path), note))

    add(AMBIENT_SWITCH, "global ambient switch")
    add(ZTUNNEL_SWITCH, "ztunnel.enabled also switches ambient on (ambientEnabled is an OR)")
    add(resolve_key(view.values, WAYPOINT_TOGGLE), "authservice waypoint toggle")
    for gateway in view.gateway_names():
        add(view.gateway_label_path(gateway), f"authservice selector label key on gateway {gateway}")
    add(view.shared_label_path(), "authservice selector label on the shared gateway block")
    for service_label in view.service_labels():
        add(service_label.key_path, f"waypoint routing label override ({service_label.enrollment.package})")
    for _enrollment, route in view.route_paths():
        add(route, "route authservice toggle")


def mode_problems(view: UmbrellaView, mode: str) -> Iterator[str]:
    """Why the values do not fully implement `mode` (empty when they do)."""
    key, value = view.selector
    release = view.release
    if view.ambient and not release.supports_ambient_sso:
        yield f"ambient is on, but Big Bang {release.name} has no ambient SSO (waypoints start in 3.23.0)"
    if get_path(view.values, view.shared_label_path()) == value:
        yield (f"the selector label {key} is on the shared gateway block, which also labels the "
               f"passthrough gateway; put it on istioGateway.values.gateways.<name>.upstream.labels")
    labelled = view.labelled_gateways()
    if mode in (SIDECAR, AMBIENT_WAYPOINT):
        for gateway in labelled:
            yield (f"gateway {gateway} carries the authservice selector label {key} in {mode} mode: "
                   f"SSO would be enforced twice (at the gateway and at the "
                   f"{'sidecar' if mode == SIDECAR else 'waypoint'})")
    overridden = [sl for sl in view.service_labels() if view.label_overridden(sl)]
    if mode == AMBIENT_WAYPOINT:
        for sl in overridden:
            yield (f"{dotted_path(sl.key_path)} is overridden while the authservice waypoint is on: "
                   f"the Service bypasses the waypoint and SSO")
        for _enrollment, route in view.route_paths():
            if get_path(view.values, route) is False:
                yield f"{dotted_path(route)} is false while the authservice waypoint is on"
    if mode == SIDECAR:
        for sl in overridden:
            yield f"{dotted_path(sl.key_path)} is set in sidecar mode, where the umbrella sets no waypoint labels"
    if mode == AMBIENT_GATEWAY:
        for gateway in view.protected_gateways():
            if not view.carries_selector(gateway):
                yield (f"gateway {gateway} serves SSO-protected packages but lacks the selector label "
                       f"{key}: {value}: nothing enforces SSO")
        for sl in view.service_labels():
            if sl.label.opt_out is not None and not view.label_neutralised(sl):
                yield (f"{dotted_path(sl.key_path)} still routes to a waypoint while the authservice waypoint "
                       f"is disabled: ztunnel would send traffic to a waypoint that does not exist")
        for _enrollment, route in view.route_paths():
            if get_path(view.values, route) is not False:
                yield f"{dotted_path(route)} must be false in gateway mode on Big Bang {release.name}"


def detect_inputs(inputs, selected) -> Detection:
    """Detect the mode of an `InputSet` merged as Helm does, on the `SelectedRelease`."""
    from bbvalues.helm.merge import merge_sources

    return detect(UmbrellaView(merge_sources(inputs.sources), selected.release), selected.label)
