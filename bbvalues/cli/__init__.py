"""The `bbvalues` command line: parse arguments, call the library, pick a renderer. No logic lives here.

`app` is the public Typer application (`bbvalues.cli:app`). Command modules import the library
inside their functions so that `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
from typing import Optional

import typer

from bbvalues import __version__
from bbvalues.cli.common import EXIT_CODES_HELP, EXIT_ERROR

app = typer.Typer(
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


from bbvalues.cli import detect, explain, lint, migrate, review  # noqa: E402  (commands register on `app`)
from bbvalues.cli import verify  # noqa: E402,F401  (`bbvalues verify`: helm-backed checks)
from bbvalues.cli.netpol import netpol_app  # noqa: E402

app.add_typer(netpol_app, name="netpol", help="Expand and compare bb-common network-policy shorthand.")


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
