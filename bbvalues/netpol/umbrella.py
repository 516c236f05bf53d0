"""Package-level values for one package of the Big Bang umbrella, as the package chart receives them.

Big Bang writes each package's values from three layers, the user's `<package>.values` last. We
keep only what matters to bb-common's policies: the user's shorthand, plus the switches the
umbrella computes from the mode. Those switches are data, checked against real umbrella renders
(conformance/umbrella/head/<mode>/<package>/defaults.yaml; BIGBANG-MODES §1.1, §3 rows 13-14).
"""

from __future__ import annotations

from dataclasses import dataclass

from bbvalues.bigbang.modes import is_ambient
from bbvalues.bigbang.packages import locate_package, package_path, setting
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_values, set_path

# What every package gets in ambient mode (3.27+): HBONE injection (ztunnel tunnels on 15008), the
# ambient kubelet default (via istio.ambient), and AuthorizationPolicies generated from netpols.
AMBIENT_PACKAGE_VALUES = {
    "networkPolicies": {"enabled": True, "hbonePortInjection": {"enabled": True}},
    "istio": {"enabled": True, "ambient": {"enabled": True},
              "authorizationPolicies": {"enabled": True, "generateFromNetpol": True}},
}
# Sidecar mode: no HBONE, no ambient default, no generated authz unless the user asks for them.
SIDECAR_PACKAGE_VALUES = {
    "networkPolicies": {"hbonePortInjection": {"enabled": False}},
    "istio": {"ambient": {"enabled": False}, "authorizationPolicies": {"enabled": False, "generateFromNetpol": False}},
}
# Sidecar-mode switches that follow umbrella keys (`networkPoliciesEnabled`, istio on when istiod is).
SIDECAR_FOLLOWS = {
    ("networkPolicies", "enabled"): ("networkPolicies", "enabled"),
    ("istio", "enabled"): ("istiod", "enabled"),
}


@dataclass(frozen=True)
class PackageValues:
    name: str
    namespace: str
    values: dict
    path: tuple  # where `<package>.values` sits in the umbrella values
    ambient: bool


def package_values(umbrella: dict, name: str, ambient: bool | None = None) -> PackageValues:
    """The package-level values bb-common sees for `name`; `ambient` overrides the detected mode."""
    block = locate_package(umbrella, name)
    if block is None:
        where = ".".join(package_path(umbrella, name))
        raise BBValuesError(f"package '{name}' is not in these values: there is no '{where}' block",
                            hint=f"add {where}.values, check the package name, or pass package-level values "
                                 "without --package")
    ambient = is_ambient(umbrella) if ambient is None else ambient
    injected = merge_values([AMBIENT_PACKAGE_VALUES if ambient else SIDECAR_PACKAGE_VALUES])
    if not ambient:
        for target, source in SIDECAR_FOLLOWS.items():
            value = setting(umbrella, source)
            set_path(injected, target, True if value is None else bool(value))
    return PackageValues(name, block.namespace, merge_values([injected, block.values]), block.path + ("values",), ambient)
