"""Package-level values for one package of the Big Bang umbrella, as the package chart receives them.

Big Bang writes each package's values from three layers, the user's `<package>.values` last. We
keep only what matters to bb-common's policies: the user's shorthand, plus the switches the
umbrella computes from the mode, which are data in the release table (`package_switches`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bbvalues.bigbang.modes import is_ambient
from bbvalues.bigbang.packages import locate_package, package_path, setting
from bbvalues.bigbang.releases import Release, release_table
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import has_path, set_path
from bbvalues.helm.merge import merge_values


@dataclass(frozen=True)
class PackageValues:
    name: str
    namespace: str
    values: dict
    path: tuple  # where `<package>.values` sits in the umbrella values
    ambient: bool


def package_values(umbrella: dict, name: str, ambient: bool | None = None,
                   release: Release | None = None) -> PackageValues:
    """The package-level values bb-common sees for `name` on `release` (default: the newest row);
    `ambient` overrides the detected mode."""
    block = locate_package(umbrella, name)
    if block is None:
        where = ".".join(package_path(umbrella, name))
        raise BBValuesError(f"package '{name}' is not in these values: there is no '{where}' block",
                            hint=f"add {where}.values, check the package name, or pass package-level values "
                                 "without --package")
    ambient = is_ambient(umbrella) if ambient is None else ambient
    injected = umbrella_switches(umbrella, ambient, release or release_table().newest)
    return PackageValues(name, block.namespace, merge_values([injected, block.values]), block.path + ("values",), ambient)


def umbrella_switches(umbrella: dict, ambient: bool, release: Release) -> dict:
    """What the umbrella puts in every package's values for bb-common: the release's switches for the
    mode, and the switches it does not force taken from the umbrella keys they follow."""
    injected = merge_values([release.package_switches_for(ambient)])
    for target, source in release_table().package_switches_follow.items():
        if not has_path(injected, target):
            value = setting(umbrella, source)
            set_path(injected, target, True if value is None else bool(value))
    return injected
