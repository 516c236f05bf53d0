"""The mode contract: what each Istio mode requires, read from the release table and checked in one place.

releases.yaml's `contract` lists, per mode, requirements written once for every release row: which key
or which Service label map, what must hold there, and why. `requirements(view, mode)` instantiates them
for the row in use and the user's values (the enrollments whose SSO is on, the gateways that serve a
protected package, the authservice selector, where each package block lives); `violations(state, ...)`
checks them against a state: the values each package chart will see, predicted from the user's values
(bigbang.state) or rendered by helm (verify). detect reports the violations as problems, migrate
repairs them (each requirement id is the migration rule that does), lint reports each under one rule,
the SSO check groups those that cost a package its enforcement point, and verify checks the render.
"""

from __future__ import annotations

from bbvalues.bigbang.modes import SIDECAR, UmbrellaView, go_truthy
from bbvalues.bigbang.packages import package_path, resolve_key
from bbvalues.bigbang.releases import Enrollment, LabelMap, Protection, RequirementSpec, release_table
from bbvalues.documents.paths import MISSING, has_path
from bbvalues.documents.scalars import format_scalar
from bbvalues.documents.yamltree import dotted_path, resolve_plain
from bbvalues.records import named_tuple, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

# `--label-removal`: how gateway mode stops a Service routing through a waypoint. `auto`: a map-level
# null where the table records a non-nil chart default for the map and nobody sets another label there,
# else Istio's opt-out; `none`: the opt-out everywhere; `null`: Big Bang's documented per-key nulls.
LABEL_REMOVAL = ("auto", "none", "null")
DEFAULT_LABEL_REMOVAL = "auto"


# Records, not dataclasses (bbvalues.records says why). A requirement compares and hashes without its `params`
# (message words).

class Requirement(Record):
    """One requirement of a mode, instantiated for a release row and the user's values.

    `path` is the umbrella key a user writes it at (for a label map: the map), `keys` the umbrella keys of
    a switch requirement; the rest name what it is about.
    """

    __slots__ = ("enrollment", "gateway", "keys", "label_map", "mode", "package", "params", "path", "protection",
                 "route", "spec")
    _uncompared = ("params",)

    def __init__(self, spec: RequirementSpec, mode: str, path: tuple = (), keys: tuple[tuple, ...] = (),
                 package: str | None = None, gateway: str | None = None, enrollment: Enrollment | None = None,
                 label_map: LabelMap | None = None, protection: Protection | None = None, route: tuple = (),
                 params: dict | None = None):
        self.spec, self.mode, self.path, self.keys, self.package = spec, mode, path, keys, package
        self.gateway, self.enrollment, self.label_map = gateway, enrollment, label_map
        self.protection, self.route = protection, route
        self.params = {} if params is None else params

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def why(self) -> str:
        return self.spec.why.format_map(_Params(self.params))


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@named_tuple
class Violation:
    """A requirement that does not hold: `kind` says how, `path` is the umbrella key to change (a label key
    below the requirement's map, say), `current` what the chart would see there (MISSING: nothing), `fix`
    what to do about it."""

    requirement: Requirement
    kind: str
    path: tuple
    current: Any
    detail: str
    fix: str

    @property
    def message(self) -> str:
        return f"{self.detail}: {self.requirement.why}"

    @property
    def lint_rule(self) -> str | None:
        return self.requirement.spec.lint_rule(self.kind)

    @property
    def is_problem(self) -> bool:
        """Leftovers (a toggle that does nothing in this mode) are tidied by an in-place migration, not problems."""
        return not self.requirement.spec.is_leftover(self.kind)


# -- instantiation -------------------------------------------------------------------------------------

def requirements(view: UmbrellaView, mode: str, specs: tuple[RequirementSpec, ...] | None = None) -> list[Requirement]:
    """The contract of `mode` for the release row in use and these values (or `specs` instead of the mode's)."""
    key = ("requirements", mode, specs)
    if key not in view.memo:
        view.memo[key] = _instantiated(view, mode, view.table.contract[mode] if specs is None else specs)
    return view.memo[key]


def _instantiated(view: UmbrellaView, mode: str, specs: tuple[RequirementSpec, ...]) -> list[Requirement]:
    base = {"release": view.release.name, "mode": mode, "selector": "{}: {}".format(*view.selector)}
    found = []
    for spec in specs:
        if spec.applies_to(view.release, mode):
            found.extend(INSTANCES[spec.each](spec, mode, view, base))
    return found


def everything_protected(release) -> dict:
    """Umbrella values that switch on every package the release protects or enrolls (and authservice): the
    values under which a release row's contract has all its requirements (`bbvalues explain --contract`)."""
    from bbvalues.documents.paths import set_path

    table = release_table()
    values: dict = {}
    names = {entry.condition for entry in (*release.protections, *release.enrollments)}
    for name in sorted(names | set(release.authservice_deployed_by[:1])):
        for key in table.conditions[name]:
            set_path(values, key, True)
    return values


def _umbrella(spec, mode, view, base) -> Iterator[Requirement]:
    keys = tuple(resolve_key(view.values, key) for key in spec.keys)
    yield Requirement(spec, mode, path=keys[0], keys=keys, params={**base, "keys": _and(keys)})


def _release(spec, mode, view, base) -> Iterator[Requirement]:
    yield Requirement(spec, mode, params=base)


def _selector(spec, mode, view, base) -> Iterator[Requirement]:
    """The authservice selector, where a package's SSO is on (the umbrella labels its pods with it)."""
    if view.active_protections():
        yield Requirement(spec, mode, path=resolve_key(view.values, view.table.selector_path), params=base)


def _shared_gateway(spec, mode, view, base) -> Iterator[Requirement]:
    yield Requirement(spec, mode, path=view.shared_label_path(), params=base)


def _gateway_labels(spec, mode, view, base) -> Iterator[Requirement]:
    for gateway in view.gateway_names():
        path = resolve_key(view.values, view.table.gateway_labels(gateway))
        yield Requirement(spec, mode, path=path, gateway=gateway, params={**base, "gateway": gateway})


def _gateways(spec, mode, view, base) -> Iterator[Requirement]:
    for gateway in view.gateway_names():
        yield _gateway_requirement(spec, mode, view, base, gateway, None)


def _serving_gateways(spec, mode, view, base) -> Iterator[Requirement]:
    serving: dict[str, list[str]] = {}
    for protection in view.active_protections():
        serving.setdefault(view.serving_gateway(protection), []).append(protection.package)
    for gateway, packages in serving.items():
        yield _gateway_requirement(spec, mode, view, base, gateway, _and(packages))


def _gateway_requirement(spec, mode, view, base, gateway: str, packages: str | None) -> Requirement:
    return Requirement(spec, mode, path=view.gateway_label_path(gateway), gateway=gateway,
                       params={**base, "gateway": gateway, "package": packages or "an SSO-protected package"})


def _enrollment_params(view: UmbrellaView, base: dict, enrollment: Enrollment) -> dict:
    return {**base, "package": enrollment.package, "waypoint": enrollment.waypoint.address}


def _services(spec, mode, view, base) -> Iterator[Requirement]:
    """The Service label maps the umbrella fills for the packages whose SSO is on."""
    for enrollment in view.active_enrollments():
        for label_map in enrollment.services:
            yield _label_map_requirement(spec, mode, view, base, enrollment, label_map)


def _any_services(spec, mode, view, base) -> Iterator[Requirement]:
    """Every Service label map any release fills (a leftover from another release renders as written too)."""
    for enrollment in _one_enrollment_per_map(view):
        for label_map in enrollment.services:
            yield _label_map_requirement(spec, mode, view, base, enrollment, label_map)


def _foreign_services(spec, mode, view, base) -> Iterator[Requirement]:
    """The Service label maps other releases fill (a leftover from before an upgrade), not this release's."""
    own = {label_map.path for enrollment in view.release.enrollments for label_map in enrollment.services}
    for enrollment in _one_enrollment_per_map(view):
        for label_map in enrollment.services:
            if label_map.path not in own:
                yield _label_map_requirement(spec, mode, view, base, enrollment, label_map)


def _one_enrollment_per_map(view: UmbrellaView) -> list[Enrollment]:
    seen: dict[LabelMap, Enrollment] = {}
    for release in (view.release, *view.table.releases):
        for enrollment in release.enrollments:
            for label_map in enrollment.services:
                seen.setdefault(label_map, enrollment)
    return list(dict.fromkeys(seen.values()))


def _label_map_requirement(spec, mode, view, base, enrollment: Enrollment, label_map: LabelMap) -> Requirement:
    path = package_path(view.values, enrollment.package) + label_map.path
    return Requirement(spec, mode, path=path, package=enrollment.package, enrollment=enrollment,
                       label_map=label_map, params=_enrollment_params(view, base, enrollment))


def _routes(spec, mode, view, base) -> Iterator[Requirement]:
    yield from _route_requirements(spec, mode, view, base, view.active_enrollments())


def _any_routes(spec, mode, view, base) -> Iterator[Requirement]:
    yield from _route_requirements(spec, mode, view, base, view.release.enrollments)


def _route_requirements(spec, mode, view, base, enrollments) -> Iterator[Requirement]:
    for enrollment in enrollments:
        for route in enrollment.routes:
            path = package_path(view.values, enrollment.package) + route
            yield Requirement(spec, mode, path=path, package=enrollment.package, enrollment=enrollment,
                              route=route, params=_enrollment_params(view, base, enrollment))


def _pod_labels(spec, mode, view, base) -> Iterator[Requirement]:
    key = view.selector[0]
    for protection in view.active_protections():
        for labels in protection.pod_labels:
            path = package_path(view.values, protection.package) + labels + (key,)
            yield Requirement(spec, mode, path=path, package=protection.package, protection=protection,
                              route=labels, params={**base, "package": protection.package})


def _unenrolled_protections(spec, mode, view, base) -> Iterator[Requirement]:
    """Packages whose SSO is on but that the release enrolls only behind another switch (3.23-3.25 thanos)."""
    protected = {protection.package for protection in view.active_protections()}
    for enrollment in view.release.enrollments:
        if enrollment.package in protected and not view.condition_holds(enrollment.condition):
            keys = tuple(resolve_key(view.values, key) for key in view.table.conditions[enrollment.condition])
            yield Requirement(spec, mode, path=keys[0], keys=keys, package=enrollment.package, enrollment=enrollment,
                              params={**_enrollment_params(view, base, enrollment), "keys": _and(keys)})


def _protections(spec, mode, view, base) -> Iterator[Requirement]:
    for protection in view.active_protections():
        yield Requirement(spec, mode, path=package_path(view.values, protection.package), package=protection.package,
                          protection=protection, params={**base, "package": protection.package})


def _infrastructure(spec, mode, view, base) -> Iterator[Requirement]:
    for key, name in view.table.ambient_forces_on.items():
        yield Requirement(spec, mode, path=resolve_key(view.values, key), params={**base, "name": name})


INSTANCES: dict[str, Callable[..., Iterator[Requirement]]] = {
    "umbrella": _umbrella, "release": _release, "selector": _selector, "shared-gateway": _shared_gateway, "gateway-labels": _gateway_labels,
    "gateway": _gateways, "serving-gateway": _serving_gateways, "service": _services, "any-service": _any_services,
    "foreign-service": _foreign_services,
    "route": _routes, "any-route": _any_routes, "pod-labels": _pod_labels,
    "unenrolled-protection": _unenrolled_protections, "protection": _protections, "infrastructure": _infrastructure,
}


def _and(items) -> str:
    names = [dotted_path(item) if isinstance(item, tuple) else str(item) for item in items]
    return " and ".join(names)


# -- checking ------------------------------------------------------------------------------------------

@named_tuple
class CheckOptions:
    """How a state is judged: `label_removal` decides whether Big Bang's per-key nulls count as removed."""

    label_removal: str = DEFAULT_LABEL_REMOVAL


DEFAULT_CHECK = CheckOptions()


def violations(state, mode: str, options: CheckOptions = DEFAULT_CHECK,
               specs: tuple[RequirementSpec, ...] | None = None) -> list[Violation]:
    """Every violation of `mode`'s contract (or of `specs`) in `state`; render-only requirements are checked
    only where the state has a render (verify)."""
    key = ("violations", state.mode, mode, options, specs)
    if key not in state.memo:
        state.memo[key] = _violations(state, mode, options, specs)
    return state.memo[key]


def _violations(state, mode: str, options: CheckOptions, specs) -> list[Violation]:
    found = []
    for requirement in requirements(state.view, mode, specs):
        if requirement.spec.render_only and state.helm_releases() is None:
            continue
        found.extend(EXPECTATIONS[requirement.spec.expect](requirement, state, options))
    return found


def _violation(requirement: Requirement, kind: str, current: Any, detail: str, fix: str,
               path: tuple | None = None) -> Violation:
    return Violation(requirement, kind, requirement.path if path is None else path, current, detail, fix)


def _set(path: tuple, value: Any) -> str:
    return f"set {dotted_path(path)}: {format_scalar(value)}"


def _delete(path: tuple) -> str:
    return f"delete {dotted_path(path)} from the file that sets it"


def _wanted(requirement: Requirement, state) -> Any:
    """The requirement's value; `selector` is the authservice selector's value."""
    value = requirement.spec.value
    return state.view.selector[1] if value == "selector" else value


def _shown(value: Any) -> str:
    """A value in a message: strings quoted, other scalars as YAML writes them."""
    if value is MISSING:
        return "unset"
    return repr(value) if isinstance(value, str) else format_scalar(value) if not isinstance(value, (dict, list)) \
        else repr(value)


def _current(requirement: Requirement, state) -> Any:
    """What the chart would see at the requirement's key (MISSING: nothing sets it)."""
    if requirement.gateway is not None:
        labels = state.gateway_labels(requirement.gateway)
        return labels.get(state.view.selector[0], MISSING) if isinstance(labels, dict) else MISSING
    if requirement.enrollment is not None and requirement.route:
        return state.route(requirement.enrollment, requirement.route)
    if requirement.protection is not None and requirement.route:
        labels = state.pod_labels(requirement.protection, requirement.route)
        return labels.get(state.view.selector[0], MISSING) if isinstance(labels, dict) else labels
    return state.view.value(requirement.keys[0]) if requirement.keys else MISSING


def _whose(requirement: Requirement, state, current: Any) -> str:
    """` (Big Bang's value)` when the value comes from the release, not from the user's files."""
    return "" if current is MISSING or _written(requirement, state) else " (Big Bang's value)"


def _written(requirement: Requirement, state, path: tuple | None = None) -> bool:
    return has_path(state.view.values, requirement.path if path is None else path)


def _expect_absent(requirement, state, _options) -> Iterator[Violation]:
    if _written(requirement, state):
        value = state.view.value(requirement.path)
        yield _violation(requirement, "set", value, f"{dotted_path(requirement.path)} is set ({_shown(value)})",
                         _delete(requirement.path))


def _expect_any_on(requirement, state, _options) -> Iterator[Violation]:
    if not any(go_truthy(state.view.setting(key)) for key in requirement.keys):
        yield _violation(requirement, "off", state.view.value(requirement.path),
                         f"{_and(requirement.keys)} {'is' if len(requirement.keys) == 1 else 'are'} off",
                         _set(requirement.path, True))


def _expect_all_on(requirement, state, _options) -> Iterator[Violation]:
    for key in requirement.keys:
        if not go_truthy(state.view.setting(key)):
            yield _violation(requirement, "off", state.view.value(key), f"{dotted_path(key)} is off", _set(key, True),
                             path=key)


def _expect_all_off(requirement, state, _options) -> Iterator[Violation]:
    for key in requirement.keys:
        if go_truthy(state.view.setting(key)):
            yield _violation(requirement, "on", state.view.value(key), f"{dotted_path(key)} is on", _set(key, False),
                             path=key)


def _expect_equals(requirement, state, _options) -> Iterator[Violation]:
    current, wanted = _current(requirement, state), _wanted(requirement, state)
    if not _same(current, wanted):
        kind = "missing" if current is MISSING else "differs"
        yield _violation(requirement, kind, current, f"{dotted_path(requirement.path)} is {_shown(current)}"
                                                     f"{_whose(requirement, state, current)}, not {_shown(wanted)}",
                         _set(requirement.path, wanted))


def _expect_falsy(requirement, state, _options) -> Iterator[Violation]:
    """Off as a Go template reads it: false, unset or empty."""
    current = _current(requirement, state)
    if current is not MISSING and go_truthy(current):
        yield _violation(requirement, "on", current, f"{dotted_path(requirement.path)} is {_shown(current)}"
                                                     f"{_whose(requirement, state, current)}", _set(requirement.path, False))


def _expect_differs(requirement, state, _options) -> Iterator[Violation]:
    current, unwanted = _current(requirement, state), _wanted(requirement, state)
    if _same(current, unwanted):
        yield _violation(requirement, "equals", current, f"{dotted_path(requirement.path)} is {_shown(current)}",
                         _delete(requirement.path))


def _same(a: Any, b: Any) -> bool:
    """Equal as Helm renders them: `true` and `"true"` differ."""
    return type(a) is type(b) and a == b


def _expect_yaml11_string(requirement, state, _options) -> Iterator[Violation]:
    """Both parts of the selector read back as themselves when written unquoted (as go-yaml v2 reads YAML 1.1)."""
    for part, text in zip(("key", "value"), state.view.selector):
        read = resolve_plain(text)
        if read != text or not isinstance(read, str):
            path = requirement.path + (part,)
            yield _violation(requirement, "yaml11", text, f"{dotted_path(path)} is {text!r}, which the umbrella's "
                                                          f"unquoted pod label renders as {format_scalar(read)}",
                             f"choose a selector {part} that is a plain word, such as `required`", path=path)


def _expect_ambient_sso(requirement, state, _options) -> Iterator[Violation]:
    release = state.release
    if not release.supports_ambient_sso:
        what = ("has ambient infrastructure only" if release.ambient == "infrastructure" else "has no ambient mode")
        yield _violation(requirement, "unsupported", release.ambient, f"Big Bang {release.name} {what}",
                         "upgrade Big Bang to 3.23.0 or later before switching ambient on")


# -- label maps ----------------------------------------------------------------------------------------

def _labels(requirement: Requirement, state) -> Any:
    return state.service_labels(requirement.enrollment, requirement.label_map)


def _expect_no_waypoint_labels(requirement, state, _options) -> Iterator[Violation]:
    """Sidecar mode: the user sets no waypoint label in the map (the umbrella sets none)."""
    user = state.view.value(requirement.path)
    if user is None:
        yield _violation(requirement, "map-null", None, f"{dotted_path(requirement.path)} is null",
                         _delete(requirement.path))
        return
    if not isinstance(user, dict):
        return
    for key in state.view.table.waypoint_label_keys:
        if key in user:
            path = requirement.path + (key,)
            kind = "null-label" if user[key] is None else "set"
            yield _violation(requirement, kind, user[key], f"{dotted_path(path)} is {_shown(user[key])}", _delete(path),
                             path=path)


def _expect_no_null_labels(requirement, state, _options) -> Iterator[Violation]:
    """No waypoint label in the map is a per-key null (each would render as a null label)."""
    user = state.view.value(requirement.path)
    for key in state.view.table.waypoint_label_keys if isinstance(user, dict) else ():
        if key in user and user[key] is None:
            path = requirement.path + (key,)
            yield _violation(requirement, "null-label", None, f"{dotted_path(path)} is null", _delete(path), path=path)


def _expect_routes_through_waypoint(requirement, state, _options) -> Iterator[Violation]:
    """Waypoint mode: the labels route through the enrollment's waypoint, from the ingress gateway too, and render."""
    istio = state.view.table.istio_labels
    labels = _labels(requirement, state)
    restore = f"delete the override (Big Bang {state.release.name} sets the Service's waypoint labels)"
    if not isinstance(labels, dict):
        yield _violation(requirement, "misrouted", labels, f"{dotted_path(requirement.path)} is {_shown(labels)}: "
                                                          "the Service passes no waypoint", restore)
        return
    wanted = {label.key: label.value for label in requirement.enrollment.labels}
    for key in state.view.table.waypoint_label_keys:
        path = requirement.path + (key,)
        current = labels.get(key, MISSING)
        if key in wanted and _same(current, wanted[key]) or key not in wanted and current is MISSING:
            continue
        if current is None:
            kind, what = "null-label", "a null Service label, which the API server rejects"
            if key in (istio.use_waypoint, istio.ingress_use_waypoint):
                what += ", and " + _bypass(key, istio)
        elif key not in wanted:
            kind, what = "misrouted", f"a label Big Bang {state.release.name} does not set here"
        elif key == istio.use_waypoint and (current is MISSING or str(current) == istio.no_waypoint) \
                or key == istio.ingress_use_waypoint:
            kind, what = "misrouted", _bypass(key, istio)
        else:
            kind, what = "misrouted", f"not {_shown(wanted[key])}"
        yield _violation(requirement, kind, current, f"{dotted_path(path)} is {_shown(current)}: {what}",
                         _delete(path) if key not in wanted else f"{restore}, or {_set(path, wanted[key])}", path=path)


def _bypass(key: str, istio) -> str:
    return ("the Service passes no waypoint" if key == istio.use_waypoint
            else "traffic from the ingress gateway skips the waypoint")


def _expect_routes_nowhere(requirement, state, options) -> Iterator[Violation]:
    """Gateway mode: the labels send the Service's traffic to no waypoint, and every label renders."""
    labels = _labels(requirement, state)
    if not isinstance(labels, dict):
        return  # a null map renders no label (DOMAIN.md, Nulls)
    strip = f"bbvalues migrate --to {requirement.mode} (rule waypoint-labels-strip)"
    istio = state.view.table.istio_labels
    for key, value in labels.items():
        if value is None and key in state.view.table.waypoint_label_keys and options.label_removal != "null":
            path = requirement.path + (key,)
            yield _violation(requirement, "null-label", None, f"{dotted_path(path)} is a per-key null: helm 4.1 and "
                                                              "3.19 render it as a null Service label, which the API "
                                                              "server rejects", strip, path=path)
    address = routed_waypoint(labels, state.view.table.packages[requirement.package].namespace)
    if address is None:
        return
    path = requirement.path + (istio.use_waypoint,)
    target = labels[istio.use_waypoint]
    built = _built_waypoint(state, address)
    if not any(enrollment.waypoint.address == address for enrollment in state.release.enrollments):
        yield _violation(requirement, "routed", target, f"{dotted_path(path)} routes {requirement.package} through "
                                                        f"{address}, a waypoint Big Bang {state.release.name} does not "
                                                        "build (is the release right for this chart?)", strip, path=path)
    elif built is None:
        yield _violation(requirement, "dangling", target, f"{dotted_path(path)} still routes {requirement.package} "
                                                          f"to {address}, which is not built", strip, path=path)
    else:
        yield _violation(requirement, "routed", target, f"{dotted_path(path)} still routes {requirement.package} "
                                                        f"through {address} ({built})", strip, path=path)


def routed_waypoint(labels: dict, namespace: str) -> str | None:
    """`namespace/name` of the waypoint a Service with these labels (in `namespace`) routes through, or None.

    Istio (releases.yaml `istio_labels`): `use-waypoint` names it, in the Service's namespace or in
    `use-waypoint-namespace`; `none` opts out; a null names no waypoint.
    """
    istio = release_table().istio_labels
    name = labels.get(istio.use_waypoint)
    if name is None or str(name) in ("", istio.no_waypoint):
        return None
    return f"{labels.get(istio.use_waypoint_namespace) or namespace}/{name}"


def _built_waypoint(state, address: str) -> str | None:
    """Why the release builds the waypoint at `address` for these values, or None when it does not."""
    for enrollment in state.release.enrollments:
        if enrollment.waypoint.address == address:
            built, why = state.waypoint_built(enrollment.waypoint)
            if built:
                return why
    return None


def _expect_valid_labels(requirement, state, _options) -> Iterator[Violation]:
    """A gateway's labels map is a map (the umbrella render digs into it) whose labels all have values."""
    if not _written(requirement, state):
        return
    labels = state.view.value(requirement.path)
    if labels is None:
        yield _violation(requirement, "map-null", None, f"{dotted_path(requirement.path)} is null",
                         _delete(requirement.path))
        return
    for key, value in (labels.items() if isinstance(labels, dict) else ()):
        if value is None:
            path = requirement.path + (key,)
            yield _violation(requirement, "null-label", None, f"{dotted_path(path)} is null",
                             f"{_delete(path)}, or set a value that matches no selector such as \"none\"", path=path)


# -- SSO prerequisites and render-only facts -----------------------------------------------------------

def _expect_istio_deployed(requirement, state, _options) -> Iterator[Violation]:
    for key in state.view.unmet(state.view.table.authservice_requires):
        key = resolve_key(state.view.values, key)
        yield _violation(requirement, "off", state.view.value(key), f"{dotted_path(key)} is off", _set(key, True),
                         path=key)


def _expect_authservice_deployed(requirement, state, _options) -> Iterator[Violation]:
    view = state.view
    if view.istio_deployed and not view.authservice_deployed:
        deployers = [view.table.conditions[name] for name in state.release.authservice_deployed_by]
        either = " or ".join(_and(keys) for keys in deployers)
        key = resolve_key(view.values, deployers[0][0])
        yield _violation(requirement, "off", view.value(key), f"authservice is not deployed (Big Bang "
                                                              f"{state.release.name} deploys it with {either})",
                         _set(key, True), path=key)


def _expect_namespace_dataplane(requirement, state, _options) -> Iterator[Violation]:
    istio = state.view.table.istio_labels
    namespace = state.view.table.packages[requirement.package].namespace
    key, value = istio.injection if requirement.mode == SIDECAR else istio.dataplane
    labels = state.namespace_labels(namespace)
    fix = f"bbvalues migrate --to {requirement.mode}"
    if labels is None:
        yield _violation(requirement, "absent", MISSING, f"Namespace {namespace} is not rendered", fix)
    elif labels.get(key) != value:
        yield _violation(requirement, "unlabelled", labels.get(key, MISSING), f"Namespace {namespace} lacks "
                                                                               f"{key}: {value}", fix)


def _expect_rendered(requirement, state, _options) -> Iterator[Violation]:
    name = requirement.params["name"]
    if requirement.mode != SIDECAR and name not in state.helm_releases():
        yield _violation(requirement, "absent", MISSING, f"the render has no {name} HelmRelease",
                         f"check the chart renders {name} when ambient is on")


EXPECTATIONS: dict[str, Callable[..., Iterator[Violation]]] = {
    "absent": _expect_absent, "unset": _expect_absent, "any-on": _expect_any_on, "all-on": _expect_all_on,
    "all-off": _expect_all_off, "equals": _expect_equals, "differs": _expect_differs, "falsy": _expect_falsy,
"ambient-sso": _expect_ambient_sso,
    "no-waypoint-labels": _expect_no_waypoint_labels, "routes-through-waypoint": _expect_routes_through_waypoint,
    "routes-nowhere": _expect_routes_nowhere, "valid-labels": _expect_valid_labels,
    "yaml11-string": _expect_yaml11_string, "no-null-labels": _expect_no_null_labels,
    "istio-deployed": _expect_istio_deployed, "authservice-deployed": _expect_authservice_deployed,
    "namespace-dataplane": _expect_namespace_dataplane, "rendered": _expect_rendered,
}
