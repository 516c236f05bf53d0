"""Pausing Python's cycle collector while a run builds and reads large trees of values.

Every few hundred allocations the collector walks the objects still alive, and from time to time all
of them; on a large input that is half of what a run spends. Node trees and values trees have no
reference cycles (an alias inside the node it names is refused), so reference counting alone frees
them and the collector finds nothing: pausing it loses nothing and makes the time linear in the input.
"""

from __future__ import annotations

import gc


class without_cycle_collection:  # noqa: N801 (used as `with without_cycle_collection():`, like contextlib's)
    """Pause the cycle collector for the block (nested uses keep it paused until the outermost ends).

    A class, not a `contextlib.contextmanager`: importing contextlib was 2.5 M instructions of a call."""

    __slots__ = ("_enabled",)

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_exception) -> None:
        if self._enabled:
            # What the block allocated would all be young, and the first collection after it would walk
            # it at once; moved to the oldest generation (two list moves) it waits for the rare full ones.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
