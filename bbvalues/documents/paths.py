"""Key paths in plain values (nested maps and lists): look up, test, set, delete.

The lowest layer's vocabulary for "where in the values": every layer above (Helm's merge, the Big
Bang table, plans, reports) addresses values with these tuples of keys.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable


ValuePath = tuple


class _Missing:
    """The key is absent from the effective values (distinct from an explicit null)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def same_values(a: Any, b: Any) -> bool:
    """Equal as Helm sees it: `True` is not `1`, `1` is not `1.0`, and a NaN is the same as a NaN."""
    if a is b:
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_values(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and (a == b or a != a and b != b)


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


def has_path(values: Any, path: Iterable) -> bool:
    return get_path(values, path, MISSING) is not MISSING


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
