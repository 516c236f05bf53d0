"""The shape umbrella values must have where bbvalues reads them, checked once as they enter.

The umbrella chart's templates walk the same keys bbvalues reads (`.Values.monitoring.sso.enabled`,
`.Values.istioGateway.values.gateways`, ...). A number, string or list where a map is expected
makes the umbrella render fail, and a map where a switch is expected is no switch at all; reading
such values as "not set" would give a confident, wrong mode or plan. So every command that reasons
about umbrella values refuses them first, naming the key's file and line.

The paths are not a second copy of Big Bang knowledge: they come from the release table (defaults,
conditions, selector, gateways, package locations, the release's protections and enrollments) and
from where user AuthorizationPolicies live. A null anywhere is "not set", as everywhere else in bbvalues.
"""

from __future__ import annotations

from bbvalues.bigbang.packages import PACKAGES_KEY, package_blocks, package_path, resolve_key
from bbvalues.bigbang.releases import Release, release_table
from bbvalues.bigbang.user_policies import POLICIES_KEY
from bbvalues.documents.yamltree import dotted_path, yaml_kind
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import get_path
from bbvalues.helm.merge import Effective
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

MAP, LIST, SWITCH, TEXT = "map", "list", "switch", "text"
PACKAGE_CONTRACT = ("packageConfiguration", "version")

_EXPECTED = {MAP: "a map", LIST: "a list", SWITCH: "true or false", TEXT: "a single value"}
_HINTS = {
    MAP: "write it as a map of keys{inside}, or remove it",
    LIST: "write it as a YAML list (`- item` per entry), or remove it",
    SWITCH: "write true or false, not a map or a list",
    TEXT: "write a single value (a string), not a map or a list",
}


# A named tuple, not a dataclass: every call imports it, and a dataclass's methods are compiled anew by each process.

@named_tuple
class ShapeProblem:
    """A key whose value is of the wrong kind; `inner` is what is read below it (for the hint)."""

    path: tuple
    expected: str
    found: Any
    inner: tuple


def check_umbrella_shape(effective: Effective, release: Release) -> None:
    """Refuse values that are not umbrella values, and umbrella values with a wrong-typed key where bbvalues
    reads; the first one in file order."""
    check_umbrella_keys(effective)
    problems = list(shape_problems(effective.values, release))
    if not problems:
        return
    problem = min(problems, key=lambda item: _sort_key(effective, item))
    origin = effective.origin(problem.path)
    raise BBValuesError(
        f"`{dotted_path(problem.path)}` must be {_EXPECTED[problem.expected]}, got {yaml_kind(problem.found)}",
        origin, hint=_HINTS[problem.expected].format(inside=_inside(problem.inner)))


def check_umbrella_keys(effective: Effective) -> None:
    """The umbrella's values schema allows no top-level key but its own (`additionalProperties: false`), so
    values with another one are not umbrella values: a package chart's own values.yaml, say."""
    known = release_table().umbrella_keys
    unknown = [key for key in effective.values if key not in known]
    if not unknown:
        return
    first = min(unknown, key=lambda key: _sort_key(effective, ShapeProblem((key,), MAP, None, ())))
    listed = ", ".join(f"`{key}`" for key in unknown[:6]) + (", ..." if len(unknown) > 6 else "")
    raise BBValuesError(
        f"not Big Bang umbrella values: the top-level key{'s' if len(unknown) > 1 else ''} {listed} "
        f"{'are' if len(unknown) > 1 else 'is'} not in the umbrella's values schema, which helm enforces",
        effective.origin((first,)),
        hint="pass the umbrella's values (what the bigbang HelmRelease's valuesFrom or `helm -f` gives the bigbang "
             "chart); a package's values belong under `<package>.values`")


def _inside(inner: tuple) -> str:
    return f" (bbvalues and the Big Bang chart read `{dotted_path(inner)}` inside it)" if inner else ""


def _sort_key(effective: Effective, problem: ShapeProblem) -> tuple:
    origin = effective.origin(problem.path)
    return (0, origin) if origin is not None else (1, dotted_path(problem.path))


def shape_problems(values: dict, release: Release) -> Iterator[ShapeProblem]:
    """Every read path whose value, or a parent of it, has the wrong kind (each offending key once)."""
    seen = set()
    for path, expected in expected_shapes(values, release):
        problem = _problem_on(values, path, expected)
        if problem is not None and problem.path not in seen:
            seen.add(problem.path)
            yield problem


def _problem_on(values: dict, path: tuple, expected: str) -> ShapeProblem | None:
    """The first key on `path` that is set to the wrong kind: a parent that is not a map, or the leaf."""
    current: Any = values
    for depth, key in enumerate(path):
        if isinstance(key, int) and isinstance(current, list):  # an entry of a list checked one step up
            current = current[key] if key < len(current) else None
        elif isinstance(current, dict):
            current = current.get(key)
        else:
            return ShapeProblem(path[:depth], MAP, current, path[depth:depth + 1])
        if current is None:
            return None
    if _has_kind(current, expected):
        return None
    return ShapeProblem(path, expected, current, ())


def _has_kind(value: Any, expected: str) -> bool:
    if expected == MAP:
        return isinstance(value, dict)
    if expected == LIST:
        return isinstance(value, list)
    return not isinstance(value, (dict, list))


def expected_shapes(values: dict, release: Release) -> Iterator[tuple[tuple, str]]:
    """(path, kind) for every umbrella key the release table and the planner read, resolved on `values`."""
    table = release_table()
    yield PACKAGE_CONTRACT, TEXT
    for legacy, default in table.defaults.items():
        yield resolve_key(values, legacy), SWITCH if isinstance(default, bool) else TEXT
    for legacy in (*(key for keys in table.conditions.values() for key in keys), *table.ambient_forces_on,
                   *table.package_switches_follow.values(), *table.authservice_requires, *table.ambient_switches,
                   table.waypoint_toggle):
        yield resolve_key(values, legacy), SWITCH
    selector = resolve_key(values, table.selector_path)
    yield selector, MAP
    yield selector + ("key",), TEXT
    yield selector + ("value",), TEXT
    yield from _gateway_shapes(values)
    yield from _package_shapes(values, release)


def _gateway_shapes(values: dict) -> Iterator[tuple[tuple, str]]:
    table = release_table()
    gateways_path = resolve_key(values, table.gateways_path)
    yield gateways_path, MAP
    yield resolve_key(values, table.shared_gateway_labels_path), MAP
    gateways = get_path(values, gateways_path)
    for name in gateways if isinstance(gateways, dict) else ():
        yield gateways_path + (name,), MAP
        yield resolve_key(values, table.gateway_labels(name)), MAP


def _package_shapes(values: dict, release: Release) -> Iterator[tuple[tuple, str]]:
    table = release_table()
    yield (PACKAGES_KEY,), MAP
    custom = get_path(values, (PACKAGES_KEY,))
    for name in custom if isinstance(custom, dict) else ():
        yield (PACKAGES_KEY, name), MAP
    for name in table.packages:
        yield package_path(values, name), MAP
        yield package_path(values, name) + ("values",), MAP
    for protection in release.protections:
        base = package_path(values, protection.package)
        yield base + protection.gateway_key, TEXT
        for pod_labels in protection.pod_labels:
            yield base + pod_labels, MAP
    for enrollment in release.enrollments:
        base = package_path(values, enrollment.package)
        for label_map in enrollment.services:
            yield base + label_map.path, MAP
        for route in enrollment.routes:
            yield base + route, SWITCH
    for block in package_blocks(values):
        yield from _policy_shapes(block.path + POLICIES_KEY, values)


def _policy_shapes(base: tuple, values: dict) -> Iterator[tuple[tuple, str]]:
    """Where bb-common (and the authz conversion) read a package's user AuthorizationPolicies."""
    yield base + ("custom",), LIST
    yield base + ("additionalPolicies",), MAP
    custom = get_path(values, base + ("custom",))
    for index in range(len(custom) if isinstance(custom, list) else 0):
        yield base + ("custom", index), MAP
    additional = get_path(values, base + ("additionalPolicies",))
    for key in additional if isinstance(additional, dict) else ():
        yield base + ("additionalPolicies", key), MAP
