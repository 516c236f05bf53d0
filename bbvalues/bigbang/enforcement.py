"""Where SSO is enforced for each SSO-protected package: the security invariant of every migration.

Big Bang hands the SSO of monitoring (prometheus, alertmanager) and thanos to authservice. In
every Istio mode each such package needs one Envoy proxy that runs the authservice policies on
its traffic, or the package is reachable without logging in:

- sidecar: the package's own pods, which the umbrella labels with the authservice selector;
- ambient-waypoint: the waypoint its Services route through, the one the release builds for it;
- ambient-gateway: the ingress gateway serving the package, whose pods carry the selector label.

What each mode requires is the mode contract (bigbang.contract, releases.yaml `contract`); this
module groups, per protected package, the violations that cost it its enforcement point (the
requirements marked `sso`, and the SSO prerequisites every mode shares), so the invariant is
judged by the same rules as detect, migrate, lint and verify.
"""

from __future__ import annotations

from dataclasses import dataclass

from bbvalues.bigbang.contract import DEFAULT_CHECK, CheckOptions, Violation as ContractViolation, violations
from bbvalues.bigbang.modes import AMBIENT_WAYPOINT, SIDECAR, UmbrellaView, base_mode
from bbvalues.bigbang.packages import resolve_key
from bbvalues.bigbang.releases import Protection, Release
from bbvalues.bigbang.state import PredictedState
from bbvalues.errors import Origin
from bbvalues.helm.merge import Effective

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

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


def sso_enforcement(values: Effective | dict, release: Release, mode: str | None = None,
                    options: CheckOptions = DEFAULT_CHECK) -> SSOEnforcement:
    """Each SSO-protected package's enforcement point in `mode` (default: the mode the values switch on).

    `values` are effective umbrella values: an `Effective` (with origins, so violations name the
    file and line of the key to change) or a plain dict such as `migrate.views.effective_after`.
    """
    view = UmbrellaView(values if isinstance(values, Effective) else Effective(values), release)
    return enforcement_in(PredictedState(view, mode or base_mode(view)), options)


def enforcement_in(state, options: CheckOptions = DEFAULT_CHECK) -> SSOEnforcement:
    """The SSO check of a state: predicted from umbrella values, or rendered by helm (verify)."""
    view, mode = state.view, state.mode
    found = [violation for violation in violations(state, mode, options)
             + violations(state, mode, options, view.table.sso_prerequisites)
             if violation.requirement.spec.costs_enforcement(violation.kind)]
    mismatch = list(_mode_mismatch(view, mode))
    packages = tuple(
        PackageEnforcement(protection.package, enforcement_point(view, protection, mode),
                           tuple(dict.fromkeys(mismatch + [_reported(view, violation) for violation in found
                                                           if violation.requirement.package in (None, protection.package)])))
        for protection in view.active_protections())
    return SSOEnforcement(mode, view.release.name, packages, prerequisites_met=view.authservice_deployed)


def enforcement_kind(mode: str, release: Release) -> str:
    """Releases before 3.23 enrol no package in ambient: their pods keep sidecars whatever the switch says."""
    if mode == SIDECAR or not release.supports_ambient_sso:
        return SIDECARS
    return WAYPOINT if mode == AMBIENT_WAYPOINT else GATEWAY


def enforcement_point(view: UmbrellaView, protection: Protection, mode: str) -> EnforcementPoint:
    kind = enforcement_kind(mode, view.release)
    if kind == SIDECARS:
        return EnforcementPoint(SIDECARS, "of the {} pods labelled {}={}".format(protection.package, *view.selector))
    if kind == GATEWAY:
        return EnforcementPoint(GATEWAY, view.serving_gateway(protection))
    waypoints = [e.waypoint.address for e in view.release.enrollments if e.package == protection.package]
    return EnforcementPoint(WAYPOINT, waypoints[0] if waypoints else "(none)")


def _reported(view: UmbrellaView, violation: ContractViolation) -> Violation:
    path = violation.path
    return Violation(violation.message, path, violation.fix, view.origin(path))


def _mode_mismatch(view: UmbrellaView, mode: str) -> Iterator[Violation]:
    actual = base_mode(view)
    if actual == mode:
        return
    both_ambient = SIDECAR not in (mode, actual)
    path = resolve_key(view.values, view.table.waypoint_toggle) if both_ambient else view.table.ambient_switches[0]
    yield Violation(f"the values switch on {actual} mode, not {mode}", path, f"bbvalues migrate --to {mode}",
                    view.origin(path))
