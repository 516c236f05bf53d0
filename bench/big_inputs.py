"""Big values files for the scale benchmarks: N times a real values file, and one huge scalar.

`multiplied(text, n)` is `n` times a Big Bang umbrella values file (bigbang's tests/test-values.yaml
in the benchmarks) as one valid values file, written as a person would write a large one:

- the file itself comes first, unchanged;
- copy k (2..n) adds every entry of its `packages:` map (if it has one) again, renamed
  `NAME-copyk`, to that same map, so the umbrella sees n times the custom packages;
- copy k puts the file's other top-level keys under a new custom package's values, `packages.copyk.values`
  (re-indented by six spaces; block scalars keep their content, as their indentation is relative to the
  key): the umbrella's schema allows no top-level key of its own, and bbvalues refuses one too.

Comments, quoting and block scalars are kept, so the in-place editor meets the original's formatting
n times (YAML lets a later anchor reuse a name, so a file with anchors still reads). The result has
no duplicate keys and reads as n times as many values: tests/test_bench_big_inputs.py checks both.

`one_scalar(size, shape)` is a values file whose only content is one scalar of `size` characters
under a key that names no secret, in a custom package's values (`SCALAR_PATH`), in one of `SCALAR_SHAPES`:
- `line`: one plain line of letters and digits (a token or a bundle pasted whole: the worst case
  for patterns that look for a URL's scheme in a run of such characters);
- `block`: a literal block (`|`) of `key: value` lines (a config file held as a string: the worst
  case for patterns that look for secret `key: value` lines).

Run: .venv/bin/python bench/big_inputs.py TEST_VALUES N OUT   (writes N x TEST_VALUES to OUT)
     .venv/bin/python bench/big_inputs.py --scalar SIZE SHAPE OUT
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PACKAGES = "packages:"
SCALAR_SHAPES = ("line", "block")
SCALAR_PATH = ("packages", "bundle", "values")
_SCALAR_PREFIX = "packages:\n  bundle:\n    values:\n"
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z0-9_.-]+:")
_PACKAGE_NAME = re.compile(r"^  (?P<name>[A-Za-z0-9_.-]+):")
_LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def multiplied(text: str, n: int) -> str:
    """`n` times the values file `text` as one values file (see the module docstring)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    blocks = _top_level_blocks(text)
    packages = next((block for block in blocks if _is_packages(block)), None)
    others = [block for block in blocks if block is not packages]
    copies: list[str] = []
    for copy in range(2, n + 1):
        copies += _renamed_packages(_entries(packages), copy) if packages else []
        copies += [f"  copy{copy}:\n", "    values:\n"]
        copies += ["      " + line if line.strip() else line for block in others for line in block]
    if n == 1:
        return text
    out = [line for block in blocks for line in block]
    if packages is None:
        return "".join(out) + (PACKAGES + "\n") + "".join(copies)
    end = sum(len(block) for block in blocks[:blocks.index(packages) + 1])
    return "".join(out[:end] + copies + out[end:])


def _is_packages(block: list[str]) -> bool:
    return any(line.startswith(PACKAGES) for line in block)


def _entries(block: list[str]) -> list[str]:
    """A top-level block's lines below its key line."""
    return block[next(index for index, line in enumerate(block) if _TOP_LEVEL_KEY.match(line)) + 1:]


def one_scalar(size: int, shape: str) -> str:
    """A values file holding one scalar of `size` characters (see the module docstring)."""
    if shape == "line":
        return _SCALAR_PREFIX + "      bundle: " + (_LETTERS_AND_DIGITS * (size // len(_LETTERS_AND_DIGITS) + 1))[:size] + "\n"
    if shape == "block":
        lines, length, number = [], 0, 0
        while length < size:
            line = f"setting{number}: value-{number}-{_LETTERS_AND_DIGITS[number % 62] * 40}"
            lines.append(line)
            length += len(line) + 1
            number += 1
        return _SCALAR_PREFIX + "      config: |\n" + "".join(f"        {line}\n" for line in lines)
    raise ValueError(f"shape must be one of {', '.join(SCALAR_SHAPES)}")


def _top_level_blocks(text: str) -> list[list[str]]:
    """The file's lines grouped by top-level key; comments and blank lines above a key go with it."""
    blocks: list[list[str]] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        if _TOP_LEVEL_KEY.match(line):
            blocks.append(pending + [line])
            pending = []
        elif blocks and line.startswith((" ", "\t")):
            blocks[-1] += pending + [line]
            pending = []
        else:
            pending.append(line)
    if blocks:
        blocks[-1] += pending
    return blocks


def _renamed_packages(lines: list[str], copy: int) -> list[str]:
    renamed = []
    for line in lines:
        match = _PACKAGE_NAME.match(line)
        renamed.append(f"  {match['name']}-copy{copy}:{line[match.end():]}" if match else line)
    return renamed


def main(argv: list[str]) -> None:
    if argv[:1] == ["--scalar"] and len(argv) == 4:
        Path(argv[3]).write_text(one_scalar(int(argv[1]), argv[2]), encoding="utf-8")
    elif len(argv) == 3:
        Path(argv[2]).write_text(multiplied(Path(argv[0]).read_text(encoding="utf-8"), int(argv[1])), encoding="utf-8")
    else:
        sys.exit(__doc__.split("Run: ", 1)[1])


if __name__ == "__main__":
    main(sys.argv[1:])
