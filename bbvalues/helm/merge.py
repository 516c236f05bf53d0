"""Merge values files the way `helm -f a -f b` and Flux `valuesFrom` do.

Maps merge deeply, lists and scalars are replaced whole, the later file wins, and an explicit
`null` is kept as null: at the umbrella level Helm has no chart default to coalesce it against,
so it is passed on to the package (DOMAIN.md, "Nulls: what Helm really does"). Flux helm-controller
merges a package's `valuesFrom` Secrets (common, defaults, overlays) the same way: `merge_values`
equals every `fluxmerged.yaml` of the umbrella conformance renders (tests/verify).
"""

from __future__ import annotations

from collections.abc import Mapping

from bbvalues.documents.paths import has_path
from bbvalues.errors import Origin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator

ValuePath = tuple

# What Helm does with a null aimed at a label that only the umbrella's `defaults` set (DOMAIN.md, Nulls).
HELM_NULL_CAVEAT = (
    "per-key nulls on the waypoint labels: helm 4.1.4 and 3.19.x keep a null for a key only the umbrella's "
    "defaults set and render a null Service label, which the API server rejects; Helm 4.2.0-4.2.4 ignore a parent "
    "chart's null aimed at a subchart key (helm/helm#32132, #32522). Flux helm-controller 1.5.0 embeds Helm 4.1.1 "
    "and 1.6.x embed Helm 4.2.x, so this works on no current Flux: --label-removal auto (the default) or none "
    "renders clean (bbvalues explain waypoint-labels-strip)")


class Effective:
    """The merged values and, for every key path, the place that set the winning value.

    A plain class: every call builds it, and a dataclass's methods are compiled anew by each process.
    """

    __slots__ = ("values", "origins")

    def __init__(self, values: dict, origins: dict[ValuePath, Origin] | None = None):
        self.values = values
        self.origins = {} if origins is None else origins

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

    The merged values share every subtree that one source alone sets with that source (a copy of a
    big file's values would double what a run holds): they are read, never changed; a change is
    made on a copy (`merge_values`, `copy_values`).
    """
    sources = list(sources)
    values: dict = {}
    owned = {id(values)}  # the maps the merge made; any other belongs to a source
    for source in sources:
        merge_sharing(values, source.values, owned)
    return Effective(values=values, origins=MergedOrigins(values, [source.origins for source in sources]))


def merge_sharing(base: dict, layer: Mapping, owned: set[int]) -> None:
    """`merge_into` without copies, for values that are read, never changed: a map both `base` and `layer`
    set is merged in a copy of `base`'s unless `owned` holds its id (the maps this merge made); anything
    else is `layer`'s own."""
    for key, value in layer.items():
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            if id(current) not in owned:
                current = base[key] = dict(current)
                owned.add(id(current))
            merge_sharing(current, value, owned)
        else:
            base[key] = value


class MergedOrigins(Mapping):
    """Where each key of merged values was set: the last layer that writes the path wins.

    A path under a key that a later layer replaced by a scalar or a shorter list no longer exists in
    the merged values and has no origin. Looked up in the layers' own positions when asked, rather than
    copied into one dict: a big file has many keys, and a report asks for few of them.
    """

    __slots__ = ("values", "layers")

    def __init__(self, values: dict, layers: list[Mapping[ValuePath, Origin]]):
        self.values = values
        self.layers = layers

    def __getitem__(self, path: ValuePath) -> Origin:
        origin = self.get(path)
        if origin is None:
            raise KeyError(path)
        return origin

    def get(self, path: ValuePath, default: Any = None) -> Any:
        if has_path(self.values, path):
            for layer in reversed(self.layers):
                origin = layer.get(path)
                if origin is not None:
                    return origin
        return default

    def __contains__(self, path: object) -> bool:
        return self.get(path) is not None

    def __iter__(self) -> Iterator[ValuePath]:
        """Paths in the order a dict updated layer by layer would hold them."""
        seen: set[ValuePath] = set()
        for layer in self.layers:
            for path in layer:
                if path not in seen and has_path(self.values, path):
                    seen.add(path)
                    yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)
