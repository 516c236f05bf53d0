"""A copy of a record with some fields changed, whatever kind of record it is.

What every call builds is a named tuple or a plain class with `__slots__` (its `__init__` takes the slot names),
not a dataclass: a dataclass's methods are compiled anew by each process (docs/benchmarks.md). Reports of the
commands that are not on that path (lint, review, verify) are still dataclasses; redaction copies both kinds.
"""

from __future__ import annotations


def replaced(record, **changes):
    """`record` with `changes`, like `dataclasses.replace` or a named tuple's `_replace`."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)
    if hasattr(record, "__dataclass_fields__"):
        import dataclasses  # already imported: it built the record's class

        return dataclasses.replace(record, **changes)
    fields = {name: getattr(record, name) for name in type(record).__slots__}
    return type(record)(**{**fields, **changes})
