"""Merge values files the way `helm -f a -f b` and Flux `valuesFrom` do.

Maps merge deeply, lists and scalars are replaced whole, the later file wins, and an explicit
`null` is kept as null: at the umbrella level Helm has no chart default to coalesce it against,
so it is passed on to the package (DOMAIN.md, "Nulls: what Helm really does"). Flux helm-controller
merges a package's `valuesFrom` Secrets (common, defaults, overlays) the same way: `merge_values`
equals every `fluxmerged.yaml` of the umbrella conformance renders (tests/verify).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from bbvalues.errors import Origin

ValuePath = tuple


@dataclass
class Effective:
    """The merged values and, for every key path, the place that set the winning value."""

    values: dict
    origins: dict[ValuePath, Origin] = field(default_factory=dict)

    def origin(self, path: ValuePath) -> Origin | None:
        return self.origins.get(tuple(path))


def merge_values(layers: Iterable[Mapping]) -> dict:
    """Helm's merge of plain values, later layers winning; the result shares nothing with the layers."""
    result: dict = {}
    for layer in layers:
        merge_into(result, layer)
    return result


def merge_into(base: dict, layer: Mapping) -> dict:
    """Merge `layer` into `base` in place (Helm's `mergeMaps`): maps merge key by key, anything else
    replaces, as a copy. One pass over `layer`: merging small overlays into large values stays cheap."""
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge_into(base[key], value)
        else:
            base[key] = copy_values(value)
    return base


def copy_values(value: Any) -> Any:
    """A deep copy of plain values (maps, lists, scalars); scalars are immutable and shared."""
    if isinstance(value, dict):
        return {key: copy_values(child) if isinstance(child, (dict, list)) else child for key, child in value.items()}
    if isinstance(value, list):
        return [copy_values(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


def merge_sources(sources: Iterable[Any]) -> Effective:
    """Merge `ValuesSource`s in order, tracking which file and line set each surviving key.

    A later file's positions overwrite earlier ones; positions under a key that a later file
    replaced by a scalar or a shorter list no longer exist in the result and are dropped.
    """
    sources = list(sources)
    values = merge_values(source.values for source in sources)
    origins: dict[ValuePath, Origin] = {}
    for source in sources:
        origins.update(source.origins)
    return Effective(values=values, origins={p: o for p, o in origins.items() if has_path(values, p)})


def get_path(values: Any, path: Iterable, default: Any = None) -> Any:
    """The value at `path`, or `default` when any step is missing."""
    current = values
    for key in path:
        if isinstance(current, dict) and key in current:
            current = current[key]
        elif isinstance(current, list) and isinstance(key, int) and 0 <= key < len(current):
            current = current[key]
        else:
            return default
    return current


_ABSENT = object()


def has_path(values: Any, path: Iterable) -> bool:
    return get_path(values, path, _ABSENT) is not _ABSENT


def set_path(values: dict, path: Iterable, value: Any) -> None:
    """Set `path` to `value`, creating (or replacing non-map) parents as a values overlay would."""
    keys = list(path)
    current = values
    for key in keys[:-1]:
        if not isinstance(current.get(key), dict):
            current[key] = {}
        current = current[key]
    current[keys[-1]] = value


def delete_path(values: dict, path: Iterable) -> None:
    """Remove the key at `path` if it is there, as a user deleting it from their file would."""
    *parents, last = list(path)
    parent = get_path(values, parents)
    if isinstance(parent, dict):
        parent.pop(last, None)


def nest(path: Iterable, value: Any) -> dict:
    """The one-key overlay document that sets `path` to `value`."""
    result: dict = {}
    set_path(result, path, value)
    return result
