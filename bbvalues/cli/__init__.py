"""The `bbvalues` command line: parse arguments, call the library, pick a renderer. No logic lives here.

`app` is the public Typer application (`bbvalues.cli:app`). Start-up is most of what a call costs
(a CI job may run `migrate --check` for a thousand environments), so:
- each command lives in its own module, with its own Typer app, imported and built only when that
  command runs (or when --help lists it);
- command modules import the library inside their functions, so `--help` stays fast;
- command modules avoid `from __future__ import annotations`: Typer reads each parameter's type on
  every run, and a string annotation costs it a compile().
"""

import importlib
import os
from collections.abc import Iterator, Mapping
from typing import Optional

import typer
import typer.main
from typer.core import TyperGroup

from bbvalues import __version__
from bbvalues.cli.common import EXIT_CODES_HELP, EXIT_ERROR

# Command name -> (module, its Typer app), in the order `bbvalues --help` lists them.
COMMANDS = {
    "detect": ("bbvalues.cli.detect", "app"),
    "explain": ("bbvalues.cli.explain", "app"),
    "lint": ("bbvalues.cli.lint", "app"),
    "migrate": ("bbvalues.cli.migrate", "app"),
    "review": ("bbvalues.cli.review", "app"),
    "scan": ("bbvalues.cli.scan", "app"),
    "verify": ("bbvalues.cli.verify", "app"),
    "netpol": ("bbvalues.cli.netpol", "netpol_app"),
}


class _CommandsOnDemand(Mapping):
    """The subcommands by name; each is imported and built by Typer the first time it is looked up."""

    def __init__(self, commands: dict[str, tuple[str, str]]):
        self._commands = commands
        self._built: dict = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            module, attribute = self._commands[name]
            self._built[name] = typer.main.get_command(getattr(importlib.import_module(module), attribute))
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


class _CommandGroup(TyperGroup):
    """The top-level group: Typer's, with its commands built on demand (typo suggestions and help unchanged)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.commands = _CommandsOnDemand(COMMANDS)


app = typer.Typer(
    cls=_CommandGroup,
    name="bbvalues",
    help="Move Big Bang umbrella values between Istio sidecar, ambient-waypoint and ambient-gateway modes.\n\n"
         "\b\nExamples:\n"
         "  bbvalues detect values.yaml\n"
         "  bbvalues migrate --to ambient-gateway values.yaml > overlay.yaml\n"
         "  bbvalues migrate --to ambient-gateway --in-place --dry-run values.yaml\n"
         "  bbvalues explain waypoint-labels-strip\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bbvalues {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Optional[bool] = typer.Option(None, "--version", "-V", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors on stderr."),
    verbose: int = typer.Option(0, "-v", "--verbose", count=True, help="More detail on stderr (repeatable)."),
    color: str = typer.Option("auto", "--color", metavar="auto|always|never",
                              help="Colour text output: auto (a terminal, unless NO_COLOR or TERM=dumb; "
                                   "FORCE_COLOR forces it), always or never."),
) -> None:
    # Set every time: several invocations can share one process (tests, `bbvalues.cli.run`).
    os.environ["BBVALUES_QUIET"] = "1" if quiet else "0"
    os.environ["BBVALUES_VERBOSE"] = "0" if quiet else str(verbose)
    if color not in ("auto", "always", "never"):
        raise typer.BadParameter(f"{color!r} is not one of auto, always, never", param_hint="--color")
    os.environ["BBVALUES_COLOR"] = color


def run(args: list[str]) -> int:
    """Run the CLI; usage errors exit 1 (2 and 3 are reserved for 'changes needed' and 'blocking')."""
    from typer._click import ClickException
    from typer._click.exceptions import NoArgsIsHelpError

    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="bbvalues", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except NoArgsIsHelpError as exc:
        exc.show()
        return 0
    except ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return EXIT_ERROR
    except Exception as exc:  # a bug in bbvalues: say so plainly; the traceback is opt-in
        if os.environ.get("BBVALUES_DEBUG"):
            raise
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); please report it, "
                   f"and rerun with BBVALUES_DEBUG=1 for the traceback", err=True)
        return EXIT_ERROR
    return result if isinstance(result, int) else 0
