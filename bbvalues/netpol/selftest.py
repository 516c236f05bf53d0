"""bb-common's `utils/self-test.yaml`: call an internal helper with given arguments, report the result.

bb-common's own unit tests use it for the port-name and HBONE helpers; we expose the equivalent
functions the same way so those vectors test our implementation directly.
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values
from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import truthy
from bbvalues.netpol.grammar import name_ports
from bbvalues.netpol.hbone import inject_hbone_ports

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


def _name_ports(args: list) -> str:
    ports, has_range = (list(args) + [None, None])[:2]
    return name_ports(list(ports or []), truthy(has_range))


def _inject_hbone_ports(args: list) -> list:
    policies, direction = (list(args) + [None, None])[:2]
    return inject_hbone_ports(policies or [], str(direction))


HELPERS: dict[str, Callable[[list], Any]] = {
    "bb-common.network-policies.name-ports": _name_ports,
    "bb-common.network-policies.inject-hbone-ports": _inject_hbone_ports,
}


def run_self_tests(values: dict) -> list[dict]:
    """One `TestResult` per `selfTest.<helper>` entry; helpers may modify their arguments in place."""
    results = []
    for helper, spec in sorted((values.get("selfTest") or {}).items()):
        if helper not in HELPERS:
            raise NetpolError(f"self-test helper '{helper}' is not implemented (known: {', '.join(sorted(HELPERS))})",
                              ("selfTest", helper), layer="other")
        wrapped = isinstance(spec, dict) and "args" in spec
        args = spec["args"] if wrapped else spec
        result = HELPERS[helper](args if isinstance(args, list) else [args])
        results.append({"apiVersion": "testing.bb-common.bigbang.dev/v1", "kind": "TestResult",
                        "metadata": {"name": helper}, "args": args, "result": copy_values(result)})
    return results
