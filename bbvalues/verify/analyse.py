"""Compare two umbrella renders (before and after a migration) and say whether the target mode is reached.

Pure: the renders (`bbvalues.verify.render`), the target mode, the release row and which packages
are SSO-protected go in; findings come out, each about one package (a values Secret, a HelmRelease
or a Namespace). A finding that `blocks` means the after render does not implement the target mode.

Finding kinds (stable ids, used by every report format):

- `value-changed`: an effective package value (common <- defaults <- overlays, as Flux merges them)
  differs; `values-added` / `values-removed`: a package's values Secret appears or disappears.
- `null-label` (blocks): a label key whose value is null in the effective values. Helm keeps it
  unless the package chart's own values.yaml defaults that key, and the API server rejects a null
  label (DOMAIN.md, "Nulls"); `--package-chart` shows what the chart really renders.
- `labels-removed`: a whole labels map set to null. Helm deletes it where the chart defaults the map
  (kube-prometheus-stack's `labels: {}`), the umbrella's labels with it.
- `waypoint-absent` (blocks): a Service label routes to a waypoint the after render does not create.
- `waypoint-unused`: a waypoint is still created although no Service routes through it.
- `helmrelease-added` / `helmrelease-removed`; `ambient-infrastructure` (blocks): an ambient target
  without the ztunnel, istio-cni or gateway-api HelmRelease.
- `namespace-labels`: a Namespace's labels change (`istio-injection` to `istio.io/dataplane-mode`).
- `sso-enforced` / `sso-unenforced` (blocks): whether an SSO-protected package still has the
  enforcement point of the target mode: sidecar injection plus the authservice selector label on its
  pods; a waypoint that exists for every protected Service; or the selector label on the gateway
  that serves it. `package-absent`: the umbrella values protect a package the render does not deploy.

`bbvalues.verify.package` adds `null-service-label` (blocks), `service-labels` and `policy` from a
package chart's own render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from bbvalues.bigbang.enforcement import NO_WAYPOINT, USE_WAYPOINT
from bbvalues.bigbang.modes import AMBIENT_GATEWAY, AMBIENT_WAYPOINT, SIDECAR, WAYPOINT_TOGGLE, UmbrellaView, go_truthy
from bbvalues.bigbang.packages import package_path
from bbvalues.bigbang.releases import Enrollment, Release, release_table
from bbvalues.documents.yamltree import dotted_path, walk
from bbvalues.documents.paths import get_path
from bbvalues.documents.paths import MISSING
from bbvalues.helm.merge import HELM_NULL_CAVEAT
from bbvalues.verify.render import PackageValues, UmbrellaRender

# Istio's namespace enrollment labels, not Big Bang's.
INJECTION_LABEL, INJECTION_ON = "istio-injection", "enabled"
DATAPLANE_LABEL, DATAPLANE_AMBIENT = "istio.io/dataplane-mode", "ambient"
# bb-common's switch in every package's values (the umbrella sets it from istio.ambient.enabled).
PACKAGE_AMBIENT_SWITCH = ("istio", "ambient", "enabled")


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
class ProtectedPackage:
    """A package the umbrella puts behind authservice SSO, and what enforces it."""

    package: str
    namespace: str
    gateway: str
    services: tuple[tuple[str, ...], ...]  # label maps of its protected Services, package-relative


@dataclass(frozen=True)
class Target:
    mode: str
    release: Release
    selector: tuple[str, str]
    protected: tuple[ProtectedPackage, ...] = ()


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


def target_for(view: UmbrellaView, mode: str) -> Target:
    """What the after render must show: the release's SSO-protected packages under the user's after values."""
    table = view.table
    protected = []
    for enrollment in view.active_enrollments():
        gateway = get_path(view.values, package_path(view.values, enrollment.package) + enrollment.gateway_key)
        location = table.packages.get(enrollment.package)
        protected.append(ProtectedPackage(
            package=enrollment.package, namespace=location.namespace if location else enrollment.package,
            gateway=str(gateway) if gateway else table.default_gateway,
            services=tuple(_chart_relative(service) for service in enrollment.services)))
    return Target(mode=mode, release=view.release, selector=view.selector, protected=tuple(protected))


def analyse(before: UmbrellaRender, after: UmbrellaRender, target: Target) -> Analysis:
    waypoints = created_waypoints(after, target.release)
    analysis = Analysis(waypoints=waypoints)
    for check in (_value_changes(before, after), _label_findings(after, waypoints),
                  _helm_release_findings(before, after, target), _namespace_findings(before, after),
                  _enforcement_findings(after, target, waypoints)):
        analysis.findings.extend(check)
    return analysis


# -- waypoints ---------------------------------------------------------------------------------------

def created_waypoints(render: UmbrellaRender, release: Release) -> dict[str, Waypoint]:
    """Every waypoint the release's enrollments route to, and whether this render creates it.

    A per-package waypoint (an enrollment with `routes`) is built by bb-common in that package when
    ambient is on and a route asks for authservice; the shared `authservice-waypoint` by the
    authservice chart unless `waypoint.enabled` is false.
    """
    waypoints: dict[str, Waypoint] = {}
    for enrollment in release.enrollments:
        name = next((label.value for label in enrollment.labels if label.key == USE_WAYPOINT), None)
        if name and name not in waypoints:
            waypoints[name] = (_package_waypoint(name, enrollment, render) if enrollment.routes
                               else _shared_waypoint(name, render))
    return waypoints


def _package_waypoint(name: str, enrollment: Enrollment, render: UmbrellaRender) -> Waypoint:
    values = _merged(render, enrollment.package)
    if values is None:
        return Waypoint(name, enrollment.package, False, f"no {enrollment.package} values in the render")
    if not go_truthy(get_path(values, PACKAGE_AMBIENT_SWITCH)):
        return Waypoint(name, enrollment.package, False, f"{enrollment.package} is not in ambient mode")
    routes = [_chart_relative(route) for route in enrollment.routes]
    asking = [route for route in routes if get_path(values, route) is True]
    if not asking:
        return Waypoint(name, enrollment.package, False,
                        f"no {enrollment.package} route asks for authservice ({dotted_path(routes[0])} ...)")
    return Waypoint(name, enrollment.package, True, f"bb-common builds it for {dotted_path(asking[0])}")


def _shared_waypoint(name: str, render: UmbrellaRender) -> Waypoint:
    owner = "authservice"
    values = _merged(render, owner)
    toggle = _chart_relative(WAYPOINT_TOGGLE[len(release_table().packages[owner].legacy):])
    if values is None:
        return Waypoint(name, owner, False, "authservice is not deployed")
    if not go_truthy(get_path(values, PACKAGE_AMBIENT_SWITCH)):
        return Waypoint(name, owner, False, "authservice is not in ambient mode")
    if get_path(values, toggle) is False:
        return Waypoint(name, owner, False, f"authservice {dotted_path(toggle)} is false")
    return Waypoint(name, owner, True, "the authservice chart creates it")


def _chart_relative(path: tuple[str, ...]) -> tuple[str, ...]:
    """A release-table path below a package block (`values.upstream...`) as a chart values path."""
    return path[1:] if path[:1] == ("values",) else path


def _merged(render: UmbrellaRender, package: str) -> dict | None:
    values = render.packages.get(package)
    return values.merged if values is not None else None


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


def _label_findings(after: UmbrellaRender, waypoints: dict[str, Waypoint]) -> Iterator[Finding]:
    routed: set[str] = set()
    for package, values in sorted(after.packages.items()):
        for path, labels in label_maps(values.merged):
            if labels is None:
                yield Finding(package, "labels-removed",
                              "labels map set to null: Helm deletes it where the package chart defaults the map "
                              "(with every label the umbrella put there), and keeps a null elsewhere",
                              path=path, after=None)
            elif isinstance(labels, dict):
                yield from _null_labels(package, path, labels)
                waypoint = labels.get(USE_WAYPOINT)
                if isinstance(waypoint, str):
                    routed.add(waypoint)
                    if waypoint in waypoints and not waypoints[waypoint].created:
                        yield Finding(package, "waypoint-absent",
                                      f"routes to waypoint {waypoint}, which the after render does not create "
                                      f"({waypoints[waypoint].why}): ztunnel would send the traffic nowhere",
                                      blocks=True, path=path + (USE_WAYPOINT,), after=waypoint)
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


def _selector_label_at(values: Any, selector: tuple[str, str]) -> tuple | None:
    key, wanted = selector
    return next((path + (key,) for path, labels in label_maps(values)
                 if isinstance(labels, dict) and str(labels.get(key)) == wanted), None)


# -- HelmReleases and Namespaces ----------------------------------------------------------------------

def _helm_release_findings(before: UmbrellaRender, after: UmbrellaRender, target: Target) -> Iterator[Finding]:
    old, new = set(before.helm_releases), set(after.helm_releases)
    for name in sorted(new - old):
        yield Finding(name, "helmrelease-added", f"HelmRelease {name} appears")
    for name in sorted(old - new):
        yield Finding(name, "helmrelease-removed", f"HelmRelease {name} disappears")
    if target.mode == SIDECAR or target.release.ambient == "none":
        return
    for name in release_table().ambient_forces_on.values():
        if name not in new:
            yield Finding(name, "ambient-infrastructure",
                          f"{target.mode} needs the {name} HelmRelease, and the after render has none", blocks=True)


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


# -- SSO enforcement ----------------------------------------------------------------------------------

def _enforcement_findings(after: UmbrellaRender, target: Target, waypoints: dict[str, Waypoint]) -> Iterator[Finding]:
    check = {SIDECAR: _sidecar_enforcement, AMBIENT_WAYPOINT: _waypoint_enforcement,
             AMBIENT_GATEWAY: _gateway_enforcement}[target.mode]
    for protected in target.protected:
        values = _merged(after, protected.package)
        if values is None:
            yield Finding(protected.package, "package-absent",
                          f"{protected.package} is SSO-protected but has no values in the after render: not deployed")
            continue
        missing = list(check(protected, values, after, target, waypoints))
        if missing:
            yield Finding(protected.package, "sso-unenforced",
                          f"no SSO enforcement point in {target.mode} mode: {'; '.join(missing)}", blocks=True)
        else:
            yield Finding(protected.package, "sso-enforced", _enforced_by(protected, values, target, waypoints))


def _namespace_problem(protected: ProtectedPackage, render: UmbrellaRender, label: str, wanted: str) -> Iterator[str]:
    labels = render.namespaces.get(protected.namespace)
    if labels is None:
        yield f"Namespace {protected.namespace} is not in the render"
    elif labels.get(label) != wanted:
        yield f"Namespace {protected.namespace} lacks {label}: {wanted}"


def _sidecar_enforcement(protected, values, render, target, _waypoints) -> Iterator[str]:
    yield from _namespace_problem(protected, render, INJECTION_LABEL, INJECTION_ON)
    if _selector_label_at(values, target.selector) is None:
        key, value = target.selector
        yield f"no pod labels carry the authservice selector {key}: {value}"


def _waypoint_enforcement(protected, values, render, target, waypoints) -> Iterator[str]:
    yield from _namespace_problem(protected, render, DATAPLANE_LABEL, DATAPLANE_AMBIENT)
    for service in protected.services:
        waypoint = get_path(values, service + (USE_WAYPOINT,))
        if not isinstance(waypoint, str) or waypoint == NO_WAYPOINT:
            yield f"{dotted_path(service)} does not route to a waypoint ({USE_WAYPOINT}: {waypoint!r})"
        elif waypoint not in waypoints:
            # Only the release's own waypoints call authservice; a newer chart than the row names others.
            yield (f"{dotted_path(service)} routes to {waypoint}, not a waypoint the {target.release.name} row "
                   f"knows to enforce SSO (is --bigbang-version right for this chart?)")
        elif not waypoints[waypoint].created:
            yield f"{dotted_path(service)} routes to {waypoint}, which is not created"


def _gateway_enforcement(protected, _values, render, target, _waypoints) -> Iterator[str]:
    yield from _namespace_problem(protected, render, DATAPLANE_LABEL, DATAPLANE_AMBIENT)
    key, wanted = target.selector
    package = release_table().gateway_package(protected.gateway)
    gateway = _merged(render, package)
    if gateway is None:
        yield f"gateway {protected.gateway} (values Secret {package}) is not in the render"
    elif str(get_path(gateway, release_table().gateway_labels_key + (key,))) != wanted:
        yield f"gateway {protected.gateway} pods lack the authservice selector label {key}: {wanted}"


def _enforced_by(protected: ProtectedPackage, values: dict, target: Target, waypoints: dict[str, Waypoint]) -> str:
    key, value = target.selector
    if target.mode == SIDECAR:
        return (f"enforced by the sidecars: Namespace {protected.namespace} has {INJECTION_LABEL}: {INJECTION_ON}, "
                f"pods carry {key}: {value} ({dotted_path(_selector_label_at(values, target.selector))})")
    if target.mode == AMBIENT_WAYPOINT:
        names = sorted({get_path(values, service + (USE_WAYPOINT,)) for service in protected.services})
        return f"enforced by waypoint {', '.join(names)} for every protected Service"
    text = f"enforced at gateway {protected.gateway}: its pods carry {key}: {value}"
    still = sorted({name for service in protected.services
                    if isinstance(name := get_path(values, service + (USE_WAYPOINT,)), str)
                    and name in waypoints and waypoints[name].created})
    # Not wrong, but SSO then runs twice (gateway and waypoint): the reviewer should know.
    return text + (f"; its Services still route through waypoint {', '.join(still)} too" if still else "")
