"""Find a package's block in the umbrella values: legacy top-level, `addons.<name>`, or `packages.<name>`."""

from __future__ import annotations

from bbvalues.bigbang.releases import release_table
from bbvalues.documents.paths import get_path
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

PACKAGES_KEY = "packages"


# A named tuple, not a dataclass: every call imports it, and a dataclass's methods are compiled anew by each process.

@named_tuple
class PackageBlock:
    """Where a package's block lives in the umbrella values, and its chart values."""

    name: str
    path: tuple[str, ...]
    namespace: str
    block: dict

    @property
    def values(self) -> dict:
        values = self.block.get("values")
        return values if isinstance(values, dict) else {}

    def key(self, *relative: str) -> tuple[str, ...]:
        return self.path + tuple(relative)


def uses_package_contract(values: dict) -> bool:
    """`packageConfiguration.version: v1` makes `packages.<name>` the canonical place of integrated packages."""
    configuration = values.get("packageConfiguration")  # asked for every key a check reads: kept to two lookups
    return isinstance(configuration, dict) and str(configuration.get("version", "")) == "v1"


def package_path(values: dict, name: str) -> tuple[str, ...]:
    """Where `name`'s block is, or where a new key for it belongs when the user has none."""
    location = release_table().packages.get(name)
    if location is None:
        return (PACKAGES_KEY, name)
    canonical = (PACKAGES_KEY, location.canonical)
    if uses_package_contract(values) and isinstance(get_path(values, canonical), dict):
        return canonical
    return location.legacy


def locate_package(values: dict, name: str) -> PackageBlock | None:
    """The package's block, or None when the values do not mention the package."""
    path = package_path(values, name)
    block = get_path(values, path)
    if not isinstance(block, dict):
        return None
    location = release_table().packages.get(name)
    return PackageBlock(name=name, path=path, namespace=location.namespace if location else name, block=block)


def resolve_key(values: dict, legacy_path: tuple[str, ...]) -> tuple[str, ...]:
    """Re-root a legacy umbrella path (`addons.thanos.sso.enabled`) on wherever that package lives."""
    table = release_table()
    name = table.package_of(legacy_path)
    if name is None:
        return legacy_path
    return package_path(values, name) + legacy_path[len(table.packages[name].legacy):]


def setting(values: dict, legacy_path: tuple[str, ...]) -> Any:
    """An umbrella setting, with the chart's default when the user did not set it.

    A user `null` on a key the umbrella chart defaults is coalesced away by Helm, so it also
    yields the default.
    """
    value = get_path(values, resolve_key(values, legacy_path))
    return release_table().defaults.get(legacy_path) if value is None else value


def package_blocks(values: dict) -> Iterator:
    """Every package block the values mention: the table's packages, then custom `packages.<name>`."""
    seen = set()
    for name in release_table().packages:
        block = locate_package(values, name)
        if block is not None:
            seen.add(block.path)
            yield block
    custom = values.get(PACKAGES_KEY)
    if isinstance(custom, dict):
        for name in custom:
            block = locate_package(values, name)
            if block is not None and block.path not in seen:
                yield block
