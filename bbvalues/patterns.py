"""Regular expressions compiled when first used, and shapes tested without `re` at all.

Importing `re` is 25 M instructions with what it imports (enum, functools, collections), a quarter of a
`netpol expand` call, and re compiles a pattern in Python, a few hundred microseconds each. So:

- a `Pattern` costs nothing until its first use, which imports `re` and compiles it; from then on it is
  the compiled pattern's own methods that are called. Flags are written into the pattern (`(?a)`, `(?i)`);
- a `Shape` is a regular expression every call of a command tests (a shorthand key, a number go-yaml
  would read as one) kept as its text, with the same test written in plain Python, which
  `tests/test_patterns.py` checks against `re.fullmatch` of the text for every shape in bbvalues.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

DIGITS = "0123456789"
HEX_DIGITS = DIGITS + "abcdefABCDEF"
ASCII_UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_LETTERS = ASCII_UPPERCASE.lower() + ASCII_UPPERCASE
WORD = ASCII_LETTERS + DIGITS + "_"  # `\w` of an ASCII pattern, as in Go's RE2


class Pattern:
    """Stands for `re.compile(pattern)`: compiled when one of its attributes (`match`, `sub`, `pattern`...)
    is first asked for, which then keeps every public attribute of the compiled pattern as its own, so later
    uses cost a compiled pattern's."""

    def __init__(self, pattern: str):
        self._pattern = pattern

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and the like probe for special methods: not a use
            raise AttributeError(name)
        import re

        compiled = re.compile(self._pattern)
        self.__dict__.update((attribute, getattr(compiled, attribute)) for attribute in dir(compiled)
                             if not attribute.startswith("_"))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Pattern({self._pattern!r})"


class Shape:
    """A regular expression (`pattern`, ASCII classes, matched whole) and `fullmatch`, a function of a text
    that is true exactly where `re.fullmatch(pattern, text, re.ASCII)` matches."""

    __slots__ = ("pattern", "fullmatch")

    def __init__(self, pattern: str, fullmatch: Callable[[str], bool]):
        self.pattern = pattern
        self.fullmatch = fullmatch

    def __repr__(self) -> str:
        return f"Shape({self.pattern!r})"


def consists_of(text: str, characters: str) -> bool:
    """`text` is one or more of `characters` (`[...]+`)."""
    return text != "" and not text.strip(characters)


def digit_first(text: str, characters: str) -> bool:
    """`text` is a digit and then any of `characters` (`[0-9][...]*`, where `characters` holds the digits)."""
    return text[:1] in DIGITS and consists_of(text, characters)


def unsigned(text: str) -> str:
    """`text` without the sign `[-+]?` may read at its start."""
    return text[1:] if text.startswith(("-", "+")) else text
