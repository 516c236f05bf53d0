"""Where SSO is enforced for each SSO-protected package: the security invariant of every migration.

Big Bang hands the SSO of monitoring (prometheus, alertmanager) and thanos to authservice. In
every Istio mode each such package needs one Envoy proxy that runs the authservice policies on
its traffic, or the package is reachable without logging in:

- sidecar: the package's own pods; the umbrella labels them with the authservice selector, and
  a user override of that label takes the sidecar out of the policies' reach;
- ambient-waypoint: the waypoint its Services route through, which must be the waypoint the
  release builds for that package (a 3.30 monitoring Service still pointing at the shared
  `authservice-waypoint` reaches a waypoint that no longer serves monitoring) and must exist;
- ambient-gateway: the ingress gateway serving the package, whose pods carry the selector label,
  with no Service of the package still routed to a waypoint that is not there.

Everything Big Bang-specific comes from the release table (which packages, their pod label maps
and gateway, the waypoints and what builds them, the selector, when authservice is deployed);
this module only knows Istio's waypoint labels and the three modes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from bbvalues.bigbang.modes import (
    AMBIENT_SWITCH, AMBIENT_WAYPOINT, SIDECAR, WAYPOINT_TOGGLE, UmbrellaView, base_mode, go_truthy,
)
from bbvalues.bigbang.packages import package_path, resolve_key
from bbvalues.bigbang.releases import Enrollment, Protection, Release
from bbvalues.documents.yamltree import dotted_path
from bbvalues.errors import Origin
from bbvalues.documents.paths import get_path
from bbvalues.helm.merge import Effective

# Istio's waypoint routing labels (Istio ambient, "Use a waypoint proxy"): a Service labelled
# `istio.io/use-waypoint: <name>` sends its traffic through waypoint <name> in its own namespace,
# or in `istio.io/use-waypoint-namespace`; the value `none` opts out. Ingress gateways send
# traffic straight to the Service, past its waypoint, unless it says `istio.io/ingress-use-waypoint: "true"`.
USE_WAYPOINT = "istio.io/use-waypoint"
USE_WAYPOINT_NAMESPACE = "istio.io/use-waypoint-namespace"
INGRESS_USE_WAYPOINT = "istio.io/ingress-use-waypoint"
NO_WAYPOINT = "none"

# What builds a waypoint (releases.yaml `waypoints.*.built_by`).
BUILT_BY_AUTHSERVICE = "authservice"
BUILT_BY_ROUTES = "routes"

# Kinds of enforcement point.
SIDECARS, WAYPOINT, GATEWAY = "sidecars", "waypoint", "gateway"


@dataclass(frozen=True)
class Violation:
    """Why a package has no enforcement point: `path` is the key to change, `origin` where it is set (if it is)."""

    reason: str
    path: tuple
    fix: str
    origin: Origin | None = None


@dataclass(frozen=True)
class EnforcementPoint:
    """Where the mode enforces a package's SSO: `kind` is sidecars, waypoint or gateway."""

    kind: str
    where: str

    def __str__(self) -> str:
        return f"{self.kind} {self.where}"


@dataclass(frozen=True)
class PackageEnforcement:
    """One SSO-protected package: the enforcement point its mode uses, and what stops it (nothing, if enforced)."""

    package: str
    point: EnforcementPoint
    violations: tuple[Violation, ...]

    @property
    def enforced(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class SSOEnforcement:
    """Every SSO-protected package's enforcement in `mode`. `prerequisites_met`: Istio and authservice are
    deployed, which no mode change alters (a migration cannot give a package SSO that nothing answers)."""

    mode: str
    release: str
    packages: tuple[PackageEnforcement, ...]
    prerequisites_met: bool = True

    @property
    def holds(self) -> bool:
        """Every SSO-protected package has an enforcement point."""
        return all(package.enforced for package in self.packages)

    def violations(self) -> Iterator[tuple[str, Violation]]:
        for package in self.packages:
            for violation in package.violations:
                yield package.package, violation

    def summary(self) -> str:
        lines = [f"{self.mode} on Big Bang {self.release}:"]
        for package in self.packages:
            state = "enforced" if package.enforced else "NOT enforced"
            lines.append(f"  {package.package}: {state} by {package.point}")
            lines.extend(f"    - {violation.reason}" for violation in package.violations)
        return "\n".join(lines)


def sso_enforcement(values: Effective | dict, release: Release, mode: str | None = None) -> SSOEnforcement:
    """Each SSO-protected package's enforcement point in `mode` (default: the mode the values switch on).

    `values` are effective umbrella values: an `Effective` (with origins, so violations name the
    file and line of the key to change) or a plain dict such as `migrate.views.effective_after`.
    """
    effective = values if isinstance(values, Effective) else Effective(values)
    checker = _Enforcement(UmbrellaView(effective, release), mode)
    return SSOEnforcement(checker.mode, release.name,
                          tuple(checker.package(protection) for protection in checker.view.active_protections()),
                          prerequisites_met=checker.istio_deployed and checker.authservice_deployed)


def enforcement_kind(mode: str, release: Release) -> str:
    """Releases before 3.23 enrol no package in ambient: their pods keep sidecars whatever the switch says."""
    if mode == SIDECAR or not release.supports_ambient_sso:
        return SIDECARS
    return WAYPOINT if mode == AMBIENT_WAYPOINT else GATEWAY


def routed_waypoint(labels: dict, namespace: str) -> str | None:
    """`namespace/name` of the waypoint a Service with these labels routes through, or None.

    A null label value (an overlay's per-key null) names no waypoint.
    """
    name = labels.get(USE_WAYPOINT)
    if name is None or str(name) in ("", NO_WAYPOINT):
        return None
    return f"{labels.get(USE_WAYPOINT_NAMESPACE) or namespace}/{name}"


def package_override(values: dict, base: tuple, relative: tuple) -> tuple[bool, Any]:
    """(written, value) of a key inside a package's chart values, as the package chart will see it.

    Inside `<package>.values` a user null survives into the package's overlays (DOMAIN.md, Nulls),
    so a null (or non-map) parent removes the key, umbrella default and all: (True, None).
    """
    current: Any = get_path(values, base)
    for depth, key in enumerate(relative):
        if not isinstance(current, dict):
            return (depth > 1, None)  # below `values`: the user replaced the map holding the key
        if key not in current:
            return (False, None)
        current = current[key]
    return (True, current)


class _Enforcement:
    """One evaluation: the view, the mode asked about, and what the values really switch on."""

    def __init__(self, view: UmbrellaView, mode: str | None):
        self.view = view
        self.values = view.values
        self.release = view.release
        self.table = view.table
        self.actual_mode = base_mode(view)
        self.mode = mode or self.actual_mode
        self.selector = view.selector

    def package(self, protection: Protection) -> PackageEnforcement:
        by_kind = {SIDECARS: self._sidecars, WAYPOINT: self._waypoint, GATEWAY: self._gateway}
        point, violations = by_kind[enforcement_kind(self.mode, self.release)](protection)
        found = [*self._mode_mismatch(), *self._prerequisites(protection.package), *violations]
        return PackageEnforcement(protection.package, point, tuple(dict.fromkeys(map(self._placed, found))))

    def _placed(self, violation: Violation) -> Violation:
        return Violation(violation.reason, violation.path, violation.fix, self.view.origin(violation.path))

    def _unmet(self, keys: tuple) -> list[tuple]:
        """The umbrella switches among `keys` that are off (the chart's defaults apply)."""
        return [key for key in keys if not go_truthy(self.view.setting(key))]

    def _switch_on(self, key: tuple, reason: str) -> Violation:
        return Violation(reason, resolve_key(self.values, key), f"set {dotted_path(key)}: true")

    # -- every mode ----------------------------------------------------------------------------

    def _mode_mismatch(self) -> Iterator[Violation]:
        if self.actual_mode == self.mode:
            return
        both_ambient = SIDECAR not in (self.mode, self.actual_mode)
        path = resolve_key(self.values, WAYPOINT_TOGGLE) if both_ambient else AMBIENT_SWITCH
        yield Violation(f"the values switch on {self.actual_mode} mode, not {self.mode}", path,
                        f"bbvalues migrate --to {self.mode}")

    @property
    def istio_deployed(self) -> bool:
        return not self._unmet(self.table.authservice_requires)

    @property
    def authservice_deployed(self) -> bool:
        return self.istio_deployed and any(map(self.view.condition_holds, self.release.authservice_deployed_by))

    def _prerequisites(self, package: str) -> Iterator[Violation]:
        for key in self._unmet(self.table.authservice_requires):
            yield self._switch_on(key, f"{dotted_path(key)} is off: without Istio no proxy enforces {package} SSO")
        if self.istio_deployed and not self.authservice_deployed:
            deployers = [self.table.conditions[name] for name in self.release.authservice_deployed_by]
            either = " or ".join(" and ".join(map(dotted_path, keys)) for keys in deployers)
            yield self._switch_on(deployers[0][0], f"authservice is not deployed (Big Bang {self.release.name} deploys "
                                                   f"it with {either}): nothing answers the {package} SSO checks")

    # -- sidecar -------------------------------------------------------------------------------

    def _sidecars(self, protection: Protection) -> tuple[EnforcementPoint, list[Violation]]:
        key, value = self.selector
        base = package_path(self.values, protection.package)
        violations = []
        for labels in protection.pod_labels:
            written, current = package_override(self.values, base, labels + (key,))
            if written and current != value:
                path = base + labels + (key,)
                violations.append(Violation(
                    f"{dotted_path(path)} is {current!r}: the {protection.package} pods no longer match the "
                    f"authservice selector {key}={value}, so their sidecars do not enforce SSO",
                    path, f"delete the override (the umbrella sets {key}: {value})"))
        return EnforcementPoint(SIDECARS, f"of the {protection.package} pods labelled {key}={value}"), violations

    # -- ambient-waypoint ----------------------------------------------------------------------

    def _waypoint(self, protection: Protection) -> tuple[EnforcementPoint, list[Violation]]:
        enrollment = next((e for e in self.release.enrollments if e.package == protection.package), None)
        if enrollment is None:
            return EnforcementPoint(WAYPOINT, "(none)"), [Violation(
                f"Big Bang {self.release.name} routes no {protection.package} Service through a waypoint",
                package_path(self.values, protection.package), "use sidecar or ambient-gateway mode")]
        point = EnforcementPoint(WAYPOINT, enrollment.waypoint.address)
        unmet = self._unmet(self.table.conditions[enrollment.condition])
        if unmet:
            return point, [self._switch_on(unmet[0], (
                f"Big Bang {self.release.name} routes {protection.package} through {enrollment.waypoint.address} "
                f"only when {' and '.join(map(dotted_path, unmet))} {'is' if len(unmet) == 1 else 'are'} true"))]
        violations = list(self._why_not_built(enrollment))
        for service in self._services(enrollment):
            violations.extend(self._service_routes_through(enrollment, service))
        return point, violations

    def _service_routes_through(self, enrollment: Enrollment, service: tuple) -> Iterator[Violation]:
        labels = self._service_labels(enrollment, service)
        expected = {label.key: label.value for label in enrollment.labels}
        target = routed_waypoint(labels, self._namespace(enrollment.package))
        if target is None:
            yield Violation(f"{dotted_path(service + (USE_WAYPOINT,))} is {labels.get(USE_WAYPOINT)!r}: "
                            f"{enrollment.package} traffic passes no waypoint and nothing enforces SSO",
                            service + (USE_WAYPOINT,), f"set {USE_WAYPOINT}: {expected[USE_WAYPOINT]} "
                                                       f"(bbvalues migrate --to ambient-waypoint writes it)")
        elif target != enrollment.waypoint.address:
            key = next((key for key in (USE_WAYPOINT, USE_WAYPOINT_NAMESPACE) if labels.get(key) != expected.get(key)),
                       USE_WAYPOINT)
            yield Violation(f"{dotted_path(service)} routes {enrollment.package} to waypoint {target}, but on Big Bang "
                            f"{self.release.name} {enrollment.package}'s waypoint is {enrollment.waypoint.address}: "
                            f"{target} does not serve it", service + (key,),
                            f"set {key}: {expected[key]}" if key in expected else f"delete {key}")
        if target is not None and str(labels.get(INGRESS_USE_WAYPOINT)).lower() != "true":
            yield Violation(f"{dotted_path(service + (INGRESS_USE_WAYPOINT,))} is "
                            f"{labels.get(INGRESS_USE_WAYPOINT)!r}: traffic from the ingress gateway skips the "
                            f"waypoint, and with it SSO", service + (INGRESS_USE_WAYPOINT,),
                            f'set {INGRESS_USE_WAYPOINT}: "true"')

    def _why_not_built(self, enrollment: Enrollment) -> Iterator[Violation]:
        """What stops the release from building the enrollment's waypoint (besides authservice missing)."""
        waypoint = enrollment.waypoint
        if waypoint.built_by == BUILT_BY_AUTHSERVICE and self.view.waypoint_disabled:
            toggle = resolve_key(self.values, WAYPOINT_TOGGLE)
            yield self._switch_on(WAYPOINT_TOGGLE, f"{dotted_path(toggle)} is false: the authservice chart builds "
                                                   f"no {waypoint.address}")
        base = package_path(self.values, enrollment.package)
        for route in enrollment.routes if waypoint.built_by == BUILT_BY_ROUTES else ():
            written, current = package_override(self.values, base, route)
            if written and not go_truthy(current):
                yield Violation(f"{dotted_path(base + route)} is {current!r}: bb-common builds no {waypoint.address} "
                                f"with ext_authz for {enrollment.package}", base + route,
                                f"set {dotted_path(base + route)}: true")

    def _built(self, enrollment: Enrollment) -> bool:
        if next(self._why_not_built(enrollment), None) is not None:
            return False
        if enrollment.waypoint.built_by == BUILT_BY_AUTHSERVICE:
            return self.authservice_deployed
        return self.view.condition_holds(enrollment.condition)

    # -- ambient-gateway -----------------------------------------------------------------------

    def _gateway(self, protection: Protection) -> tuple[EnforcementPoint, list[Violation]]:
        gateway = self.view.serving_gateway(protection)
        violations = [self._switch_on(key, f"{dotted_path(key)} is off: no ingress gateway serves {protection.package}")
                      for key in self._unmet(self.table.conditions[self.table.gateways_condition])]
        violations.extend(self._gateway_label(gateway, protection.package))
        for enrollment in (e for e in self.release.enrollments if e.package == protection.package):
            violations.extend(self._routes_to_missing_waypoints(enrollment))
        return EnforcementPoint(GATEWAY, gateway), violations

    def _gateway_label(self, gateway: str, package: str) -> Iterator[Violation]:
        if self.view.carries_selector(gateway):
            return
        key, value = self.selector
        path = self.view.gateway_label_path(gateway)
        current = get_path(self.values, path)
        have = "" if current is None else f" (it is {current!r})"
        yield Violation(f"gateway {gateway} serves {package} but its pods lack the authservice selector label "
                        f"{key}: {value}{have}", path, f"set {dotted_path(path)}: {value}")

    def _routes_to_missing_waypoints(self, enrollment: Enrollment) -> Iterator[Violation]:
        for service in self._services(enrollment):
            target = routed_waypoint(self._service_labels(enrollment, service), self._namespace(enrollment.package))
            if target is not None and not self._waypoint_exists(target):
                yield Violation(f"{dotted_path(service)} still routes {enrollment.package} to waypoint {target}, which "
                                f"does not exist in gateway mode: ztunnel sends the traffic to a waypoint that is not "
                                f"there", service + (USE_WAYPOINT,),
                                f"set {USE_WAYPOINT}: {NO_WAYPOINT} (bbvalues migrate --to ambient-gateway writes it)")

    def _waypoint_exists(self, address: str) -> bool:
        return any(enrollment.waypoint.address == address and self._built(enrollment)
                   for enrollment in self.release.enrollments)

    # -- Services ------------------------------------------------------------------------------

    def _services(self, enrollment: Enrollment) -> list[tuple]:
        base = package_path(self.values, enrollment.package)
        return [base + service for service in enrollment.services]

    def _namespace(self, package: str) -> str:
        return self.table.packages[package].namespace

    def _service_labels(self, enrollment: Enrollment, service: tuple) -> dict:
        """The Service's labels as rendered: the umbrella's routing labels (ambient, enrolled), then the user's."""
        umbrella = {}
        if self.view.ambient and self.release.supports_ambient_sso and self.view.condition_holds(enrollment.condition):
            umbrella = {label.key: label.value for label in enrollment.labels}
        base = package_path(self.values, enrollment.package)
        written, user = package_override(self.values, base, service[len(base):])
        if written and not isinstance(user, dict):
            return {}  # a map-level null (or a non-map) replaces the umbrella's labels too
        return {**umbrella, **(user or {})}
