"""What every command shares: input options, release selection, error reporting, output files."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_BLOCKING = 0, 1, 2, 3

FilesArgument = typer.Argument(None, metavar="FILE...", show_default=False,
                               help="Values files or manifests (ConfigMap/Secret/HelmRelease), '-' for stdin, "
                                    "in Helm order: later files win.")
ValuesOption = typer.Option(None, "-f", "--values", metavar="FILE",
                            help="More values files, merged after the positional ones (repeatable).")
ValuesKeyOption = typer.Option("values.yaml", "--values-key", metavar="KEY",
                               help="ConfigMap/Secret data key holding the values.")
VersionOption = typer.Option(None, "--bigbang-version", metavar="X.Y.Z",
                             help="Big Bang release to reason about (or 'next'). Default: the HelmRelease's chart "
                                  "version if one is among the inputs, else the newest known release (with a warning).")
ShowSecretsOption = typer.Option(False, "--show-secrets",
                                 help="Print secret-looking values (passwords, tokens, client secrets, private keys, "
                                      "SOPS ENC[...]) as they are; by default reports show <redacted>.")


class Mode(str, Enum):
    sidecar = "sidecar"
    ambient_waypoint = "ambient-waypoint"
    ambient_gateway = "ambient-gateway"


class LabelRemoval(str, Enum):
    null = "null"
    none = "none"


TargetModeOption = typer.Option(..., "--to", help="Target mode.")
LabelRemovalOption = typer.Option(LabelRemoval.null, "--label-removal",
                                  help="null: set waypoint labels to null (Big Bang's documented way; see the Helm "
                                       "caveat in `bbvalues explain waypoint-labels-strip`); none: Istio's opt-out "
                                       "values.")
GatewayOption = typer.Option(None, "--gateway", metavar="NAME",
                             help="Gateway(s) to label in ambient-gateway mode (default: the gateways serving "
                                  "monitoring/thanos, else public).")


def command_app() -> typer.Typer:
    """The Typer app a command module declares its command on (bbvalues.cli builds it when it is used)."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


EXIT_CODES_HELP = "Exit codes: 0 done or nothing to do, 1 error, 2 changes needed (--check) or findings, " \
                  "3 blocking (the overlay alone is not enough)."


def say(message: str) -> None:
    """Diagnostics go to stderr; stdout carries only data."""
    if os.environ.get("BBVALUES_QUIET") != "1" or message.startswith("error"):
        typer.echo(message, err=True)


def print_data(text: str, color: Optional[bool] = None) -> None:
    """Data goes to stdout; a full disk or a dead terminal there is an error (exit 1), not a crash."""
    try:
        typer.echo(text, nl=False, color=color)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): `reports_errors` exits quietly
    except OSError as exc:
        _discard_pending_stdout()
        raise fail(f"cannot write standard output: {exc.strerror}") from None


def _discard_pending_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of the data that did not fit cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def warn(message: str) -> None:
    say(f"warning: {message}")


def fail(message: str) -> typer.Exit:
    say(f"error: {message}")
    return typer.Exit(EXIT_ERROR)


def reports_errors(command: Callable) -> Callable:
    """Turn library errors into `error: file:line:col: message` and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from bbvalues.documents.collector import without_cycle_collection
        from bbvalues.errors import BBValuesError

        try:
            with without_cycle_collection():  # a command's trees have no cycles (see the module)
                return command(*args, **kwargs)
        except BBValuesError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            raise fail("interrupted") from None

    return wrapper


def input_names(files: Optional[list[str]], values: Optional[list[str]]) -> list[str]:
    names = list(files or []) + list(values or [])
    if not names:
        raise fail("no input files given: pass values files (or - for stdin); see --help")
    return names


def load(files, values, values_key: str, bigbang_version: Optional[str]):
    """Read the inputs and select the release row, printing input warnings."""
    from bbvalues.bigbang.releases import select_release
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.report.progress import Progress

    inputs = load_inputs(input_names(files, values), values_key=values_key, progress=Progress)
    release_info = inputs.helm_release
    release = select_release(bigbang_version, release_info.chart_version if release_info else None,
                             release_info.origin if release_info else None)
    return inputs, release


def redactor_for(inputs, show_secrets: bool):
    """What keeps the inputs' secrets out of a report (a no-op with --show-secrets)."""
    from bbvalues.report.redact import Redactor

    return Redactor.for_values((source.values for source in inputs.sources), enabled=not show_secrets)


def write_output(text: str, output_file: Optional[Path], inputs: list[str] = ()) -> None:
    """Print `text`, or write it atomically to `output_file` (never onto one of the inputs)."""
    if output_file is None:
        print_data(text)
        return
    from bbvalues.documents.write import is_device_or_pipe, write_files, write_stream
    from bbvalues.errors import BBValuesError

    target = output_file.resolve()
    if any(name != "-" and Path(name).resolve() == target for name in inputs):
        raise BBValuesError("--output-file is one of the inputs; use --in-place to edit inputs",
                            file=str(output_file))
    if is_device_or_pipe(output_file):
        write_stream(output_file, text)  # /dev/stdout, a FIFO: nothing to replace, so no atomic rename
    else:
        write_files({output_file: text}, backup=False, force=True)
    say(f"wrote {output_file}")
