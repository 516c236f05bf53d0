"""Regular expressions compiled when first used, not when their module is imported.

re compiles a pattern in Python (its parser and compiler), a few hundred microseconds each: the 21 patterns
a `netpol expand` call imported were a tenth of its instructions, though one bb-common case uses about
seven of them. A `Pattern` here costs nothing until its first use; from then on it is the compiled
pattern's own methods that are called.
"""

from __future__ import annotations

import re

_compile = re.compile  # as it is before documents.pyyaml stands in for it while PyYAML imports


class Pattern:
    """Stands for `re.compile(pattern, flags)`: compiled when one of its attributes (`match`, `sub`,
    `pattern`...) is first asked for, which then keeps every public attribute of the compiled pattern as its
    own, so later uses cost a compiled pattern's."""

    def __init__(self, pattern: str, flags: int = 0):
        self._arguments = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and the like probe for special methods: not a use
            raise AttributeError(name)
        compiled = _compile(*self._arguments)
        self.__dict__.update((attribute, getattr(compiled, attribute)) for attribute in dir(compiled)
                             if not attribute.startswith("_"))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Pattern{self._arguments!r}"
