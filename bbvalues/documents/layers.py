"""Values files as helm reads them: `-f` layers, each a label the user recognises, YAML text and its values."""

from __future__ import annotations

import copy

from bbvalues.documents.emit import emit_values
from bbvalues.documents.inputs import ValuesSource
from bbvalues.documents.paths import delete_path, has_path
from bbvalues.documents.yamltree import dotted_path
from bbvalues.records import named_tuple


@named_tuple
class ValuesLayer:
    """One `-f` file for helm: what the user calls it, the YAML text, and the values bbvalues reads in it."""

    label: str
    text: str
    values: dict


def source_layer(source: ValuesSource) -> ValuesLayer:
    """A values source as helm reads it: a plain file's own text, else its values written out Helm-safe."""
    if source.embedding is None and source.text:
        return ValuesLayer(source.label, source.text, source.values)
    return ValuesLayer(source.label, emit_values(source.values), source.values)


def without_keys(source: ValuesSource, paths: list[tuple]) -> ValuesLayer:
    """The source as helm would read it once the keys at `paths` are deleted from it (a copy; nothing is written)."""
    doomed = [path for path in paths if has_path(source.values, path)]
    if not doomed:
        return source_layer(source)
    values = copy.deepcopy(source.values)
    for path in doomed:
        delete_path(values, path)
    return ValuesLayer(f"{source.label} without {', '.join(dotted_path(path) for path in doomed)}",
                       emit_values(values), values)
