"""Pausing Python's cycle collector while a run builds and reads large trees of values.

Every few hundred allocations the collector walks the objects still alive, and from time to time all
of them; on a large input that is half of what a run spends. Node trees and values trees have no
reference cycles (an alias inside the node it names is refused), so reference counting alone frees
them and the collector finds nothing: pausing it loses nothing and makes the time linear in the input.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def without_cycle_collection():
    """Pause the cycle collector for the block (nested uses keep it paused until the outermost ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What the block allocated would all be young, and the first collection after it would walk
            # it at once; moved to the oldest generation (two list moves) it waits for the rare full ones.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
