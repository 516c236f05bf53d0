"""The `bbvalues` command's entry (scripts/bbvalues calls `main`) and `python -m bbvalues`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from bbvalues.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
