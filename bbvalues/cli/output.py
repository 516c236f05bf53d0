"""Output options shared by the report commands: colour and verbosity.

The global `bbvalues --color/-v` options (in the app callback) set `BBVALUES_COLOR` and
`BBVALUES_VERBOSE` for the commands; a command's own `--color` wins.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

COLOR_ENV = "BBVALUES_COLOR"
VERBOSE_ENV = "BBVALUES_VERBOSE"


def _color_choices(incomplete: str) -> list[str]:
    from bbvalues.report.color import CHOICES

    return [choice for choice in CHOICES if choice.startswith(incomplete)]


def _check_color(value: Optional[str]) -> Optional[str]:
    from bbvalues.report.color import CHOICES

    if value is not None and value not in CHOICES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(CHOICES)}")
    return value


ColorOption = typer.Option(None, "--color", metavar="auto|always|never", callback=_check_color,
                           autocompletion=_color_choices,
                           help="Colour text output: auto (a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR "
                                "forces it), always or never.")


ReportFileOption = typer.Option(None, "--output-file", help="Write the report here instead of stdout.")


def palette_for(choice: Optional[str], output_file: Optional[Path] = None):
    """The palette for stdout (never colour a file), from the command's or the global --color."""
    from bbvalues.report.color import Palette, color_enabled

    choice = choice or os.environ.get(COLOR_ENV) or "auto"
    if output_file is not None and choice == "auto":
        return Palette(False)
    return Palette(color_enabled(choice, sys.stdout))


def verbose() -> bool:
    return os.environ.get(VERBOSE_ENV, "0") not in ("", "0")


def emit(text: str, output_file: Optional[Path], inputs: list[str], palette) -> None:
    """Print the report (keeping ANSI codes when colour was chosen: click strips them off a TTY), or write it."""
    from bbvalues.cli.common import print_data, write_output

    if output_file is None:
        print_data(text, color=palette.enabled)
        return

    write_output(text, output_file, inputs)
