"""Console entry point: `bbvalues` (and `python -m bbvalues`).

`--version` is answered before anything else is imported, so it costs only the interpreter start.
Usage errors exit 1, like every other error: exit 2 and 3 mean "changes needed" and "blocking".
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from bbvalues import __version__

        print(f"bbvalues {__version__}")
        return 0
    from bbvalues.cli import run

    return run(args)


if __name__ == "__main__":
    os.environ.setdefault("_TYPER_STANDARD_TRACEBACK", "1")
    sys.exit(main())
