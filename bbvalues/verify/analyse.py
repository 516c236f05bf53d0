"""Compare two umbrella renders (before and after a migration) and say whether the target mode is reached.

Pure: the renders (`bbvalues.verify.render`), the user's after values and the target mode go in;
findings come out, each about one package (a values Secret, a HelmRelease or a Namespace). A finding
that `blocks` means the after render does not implement the target mode.

The judgement is the mode contract (bigbang.contract), checked on what the render hands each package
(`bbvalues.verify.state.RenderedState`), the same requirements detect, migrate and lint check on their
prediction. Finding kinds (stable ids, used by every report format):

- `value-changed`: an effective package value (common <- defaults <- overlays, as Flux merges them)
  differs; `values-added` / `values-removed`: a package's values Secret appears or disappears.
- a requirement id of the contract (`waypoint-labels-strip`, `gateway-selector-label`,
  `ambient-infrastructure`, ...; blocks): the after render breaks it (`bbvalues explain ID`).
- `sso-enforced` / `sso-unenforced` (blocks): whether an SSO-protected package still has the
  enforcement point of the target mode, with the violations that cost it (the contract's `sso`
  requirements and the SSO prerequisites: sidecar injection and the selector label on its pods; a
  waypoint that exists for every protected Service; or the selector label on the gateway that serves it).
- `null-label` (blocks): a label in any other labels map whose value is null in the effective values;
  the API server rejects a null label (DOMAIN.md, "Nulls"). `labels-removed`: a whole labels map set
  to null (Helm deletes it where the chart defaults the map, the umbrella's labels with it).
- `waypoint-unused`: a waypoint is still created although no Service routes through it.
- `helmrelease-added` / `helmrelease-removed`; `namespace-labels`: a Namespace's labels change.

`bbvalues.verify.package` adds `null-service-label` (blocks), `service-labels` and `policy` from a
package chart's own render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bbvalues.bigbang.contract import Violation, violations
from bbvalues.bigbang.enforcement import GATEWAY, enforcement_in
from bbvalues.bigbang.modes import UmbrellaView
from bbvalues.bigbang.packages import package_path
from bbvalues.documents.paths import MISSING
from bbvalues.documents.yamltree import dotted_path, walk
from bbvalues.helm.merge import HELM_NULL_CAVEAT
from bbvalues.verify.render import PackageValues, UmbrellaRender
from bbvalues.verify.state import RenderedState

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator


@dataclass(frozen=True)
class Finding:
    package: str
    kind: str
    message: str
    blocks: bool = False
    path: tuple = ()
    before: Any = MISSING
    after: Any = MISSING
    caveat: str | None = None


@dataclass(frozen=True)
class Waypoint:
    name: str
    owner: str
    created: bool
    why: str


@dataclass
class Analysis:
    findings: list[Finding] = field(default_factory=list)
    waypoints: dict[str, Waypoint] = field(default_factory=dict)

    @property
    def reached(self) -> bool:
        return not any(finding.blocks for finding in self.findings)


def analyse(before: UmbrellaRender, after: UmbrellaRender, view: UmbrellaView, mode: str) -> Analysis:
    """Judge the after render by the target mode's contract; `view` is the user's after values."""
    state = RenderedState(view, mode, after)
    waypoints = created_waypoints(state)
    analysis = Analysis(waypoints=waypoints)
    found = violations(state, mode) + violations(state, mode, specs=view.table.sso_prerequisites)
    for check in (_value_changes(before, after), _contract_findings(state, found), _enforcement_findings(state),
                  _label_findings(after, state, found, waypoints), _helm_release_findings(before, after),
                  _namespace_findings(before, after)):
        analysis.findings.extend(check)
    return analysis


# -- waypoints ---------------------------------------------------------------------------------------

def created_waypoints(state: RenderedState) -> dict[str, Waypoint]:
    """Every waypoint the release's enrollments route to, and whether the render creates it."""
    waypoints: dict[str, Waypoint] = {}
    for enrollment in state.release.enrollments:
        waypoint = enrollment.waypoint
        if waypoint.name not in waypoints:
            created, why = state.waypoint_built(waypoint)
            waypoints[waypoint.name] = Waypoint(waypoint.name, waypoint.namespace, created, why)
    return waypoints


# -- the contract ------------------------------------------------------------------------------------

def _contract_findings(state: RenderedState, found: list[Violation]) -> Iterator[Finding]:
    """Every broken requirement that does not cost an SSO enforcement point (those are in sso-unenforced)."""
    for violation in found:
        if violation.is_problem and not violation.requirement.spec.costs_enforcement(violation.kind):
            path = _package_path(state, violation)
            message = violation.message.replace(dotted_path(violation.path), dotted_path(path), 1)
            yield Finding(_package_of(state, violation), violation.requirement.id, message, blocks=True, path=path,
                          after=violation.current, caveat=HELM_NULL_CAVEAT if violation.kind == "null-label" else None)


def _package_of(state: RenderedState, violation: Violation) -> str:
    requirement = violation.requirement
    if requirement.gateway is not None:
        return state.table.gateway_package(requirement.gateway)
    return requirement.package or requirement.params.get("name") or "umbrella values"


def _package_path(state: RenderedState, violation: Violation) -> tuple:
    """The violation's key as a path in the package's values (the umbrella path for an umbrella switch)."""
    requirement = violation.requirement
    if requirement.package is not None:
        base = package_path(state.view.values, requirement.package) + ("values",)
        if violation.path[:len(base)] == base:
            return violation.path[len(base):]
    return violation.path


def _enforcement_findings(state: RenderedState) -> Iterator[Finding]:
    enforcement = enforcement_in(state)
    for package in enforcement.packages:
        if package.enforced:
            selector = "{}: {}".format(*state.view.selector)
            carried = f", whose pods carry {selector}" if package.point.kind == GATEWAY else ""
            yield Finding(package.package, "sso-enforced", f"enforced by {package.point}{carried}")
        else:
            yield Finding(package.package, "sso-unenforced",
                          f"no SSO enforcement point in {state.mode} mode ({package.point}): "
                          + "; ".join(violation.reason for violation in package.violations), blocks=True)


# -- effective values ---------------------------------------------------------------------------------

def _value_changes(before: UmbrellaRender, after: UmbrellaRender) -> Iterator[Finding]:
    for package in sorted(set(before.packages) | set(after.packages)):
        old, new = before.packages.get(package), after.packages.get(package)
        if old is None:
            yield Finding(package, "values-added", f"values Secret {new.secret} appears")
        elif new is None:
            yield Finding(package, "values-removed", f"values Secret {old.secret} disappears")
        else:
            yield from _changed_leaves(package, old, new)


def _changed_leaves(package: str, old: PackageValues, new: PackageValues) -> Iterator[Finding]:
    before, after = leaves(old.merged), leaves(new.merged)
    for path in sorted(set(before) | set(after), key=_path_order):
        was, now = before.get(path, MISSING), after.get(path, MISSING)
        if not same_value(was, now):
            yield Finding(package, "value-changed", "effective value changes", path=path, before=was, after=now)


def leaves(values: Any, path: tuple = ()) -> dict[tuple, Any]:
    """Every leaf by path: scalars, lists and empty maps (a list changes as a whole, as Helm replaces it)."""
    if not isinstance(values, dict) or not values:
        return {path: values} if path else {}
    found: dict[tuple, Any] = {}
    for key, child in values.items():
        found.update(leaves(child, path + (key,)))
    return found


def same_value(a: Any, b: Any) -> bool:
    """Equal as Helm would render them: `true` and `"true"` (or 1) differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _path_order(path: tuple) -> tuple:
    return tuple(str(part) for part in path)


# -- labels ---------------------------------------------------------------------------------------------

def label_maps(values: Any) -> Iterator[tuple[tuple, Any]]:
    """Every `labels` / `*Labels` entry in package values (Service, pod and gateway labels alike)."""
    for path, value in walk(values):
        if path and isinstance(path[-1], str) and path[-1].lower().endswith("labels"):
            yield path, value


def _label_findings(after: UmbrellaRender, state: RenderedState, found: list[Violation],
                   waypoints: dict[str, Waypoint]) -> Iterator[Finding]:
    """Null labels in label maps the contract does not judge, whole maps removed, and waypoints nobody uses."""
    judged = {(_package_of(state, violation), _package_path(state, violation)) for violation in found}
    istio = state.table.istio_labels
    routed: set[str] = set()
    for package, values in sorted(after.packages.items()):
        for path, labels in label_maps(values.merged):
            if labels is None:
                yield Finding(package, "labels-removed",
                              "labels map set to null: Helm deletes it where the package chart defaults the map "
                              "(with every label the umbrella put there), and keeps a null elsewhere",
                              path=path, after=None)
            elif isinstance(labels, dict):
                yield from (finding for finding in _null_labels(package, path, labels)
                            if (package, finding.path) not in judged)
                if isinstance(labels.get(istio.use_waypoint), str):
                    routed.add(labels[istio.use_waypoint])
    for waypoint in waypoints.values():
        if waypoint.created and waypoint.name not in routed:
            yield Finding(waypoint.owner, "waypoint-unused",
                          f"waypoint {waypoint.name} is still created ({waypoint.why}), but no Service routes "
                          f"through it")


def _null_labels(package: str, path: tuple, labels: dict) -> Iterator[Finding]:
    for key, value in labels.items():
        if value is None:
            yield Finding(package, "null-label", f"label {key} is null in the effective values", blocks=True,
                          path=path + (key,), after=None, caveat=HELM_NULL_CAVEAT)


# -- HelmReleases and Namespaces ----------------------------------------------------------------------

def _helm_release_findings(before: UmbrellaRender, after: UmbrellaRender) -> Iterator[Finding]:
    old, new = set(before.helm_releases), set(after.helm_releases)
    for name in sorted(new - old):
        yield Finding(name, "helmrelease-added", f"HelmRelease {name} appears")
    for name in sorted(old - new):
        yield Finding(name, "helmrelease-removed", f"HelmRelease {name} disappears")


def _namespace_findings(before: UmbrellaRender, after: UmbrellaRender) -> Iterator[Finding]:
    for name in sorted(set(before.namespaces) | set(after.namespaces)):
        old, new = before.namespaces.get(name), after.namespaces.get(name)
        if old is None or new is None:
            yield Finding(name, "namespace-labels", f"Namespace {name} {'appears' if old is None else 'disappears'}",
                          before=MISSING if old is None else old, after=MISSING if new is None else new)
            continue
        changed = sorted(key for key in set(old) | set(new) if not same_value(old.get(key, MISSING),
                                                                              new.get(key, MISSING)))
        if changed:
            yield Finding(name, "namespace-labels", f"Namespace {name}: labels {', '.join(changed)} change",
                          before={key: old[key] for key in changed if key in old},
                          after={key: new[key] for key in changed if key in new})
