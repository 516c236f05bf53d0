"""What every command shares: exit codes, the output settings, messages, reading inputs, writing output."""

from __future__ import annotations

import os
import sys
from os import PathLike  # pathlib and typing stay unimported until a command needs them: `--help` is instant

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_BLOCKING = 0, 1, 2, 3


class CommandExit(Exception):
    """End the command with this exit code (what it had to say is said)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class OutputSettings:
    """The global options of one call: -q, -v (counted) and --color."""

    __slots__ = ("quiet", "verbose", "color")

    def __init__(self):
        self.set()

    def set(self, quiet: bool = False, verbose: int = 0, color: str = "auto") -> None:
        self.quiet = quiet
        self.verbose = 0 if quiet else verbose
        self.color = color


settings = OutputSettings()  # set at the start of every call (several calls can share a process)


def say(message: str) -> None:
    """Diagnostics go to stderr; stdout carries only data. -q keeps only errors."""
    if not settings.quiet or message.startswith("error"):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def warn(message: str) -> None:
    say(f"warning: {message}")


def fail(message: str) -> CommandExit:
    say(f"error: {message}")
    return CommandExit(EXIT_ERROR)


def print_data(text: str) -> None:
    """Data goes to stdout; a full disk or a dead terminal there is an error (exit 1), not a crash."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the caller exits quietly
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


def require_inputs(files: list[str]) -> list[str]:
    if not files:
        raise fail("no input files given: pass values files (or - for stdin); see --help")
    return files


def load(files: list[str], values_key: str, bigbang_version: str | None):
    """Read the inputs and select the release row."""
    from bbvalues.bigbang.releases import select_release
    from bbvalues.documents.inputs import load_inputs

    inputs = load_inputs(require_inputs(files), values_key=values_key, progress=progress_display())
    release_info = inputs.helm_release
    release = select_release(bigbang_version, release_info.chart_version if release_info else None,
                             release_info.origin if release_info else None)
    return inputs, release


def progress_display():
    """What shows the progress of a long step on stderr (bbvalues.report.progress); None under -q."""
    if settings.quiet:
        return None
    from bbvalues.report.progress import Progress

    return Progress


def migration_options(to: str, label_removal: str | None, gateways: list[str], in_place: bool = False):
    """The planner's options from the command line (`--label-removal` unset: the planner's default)."""
    from bbvalues.migrate.planner import MigrationOptions

    return MigrationOptions(to, gateways=tuple(gateways), in_place=in_place,
                            **({"label_removal": label_removal} if label_removal else {}))


def refuse_unknown_checks(disabled: list[str]) -> None:
    from bbvalues.lint.rules import BY_ID

    unknown = [check_id for check_id in disabled if check_id not in BY_ID]
    if unknown:
        raise fail(f"unknown check {', '.join(unknown)}; `bbvalues explain` lists them")


def input_warnings(inputs, release, duplicates: bool = True) -> list[str]:
    """What reading the inputs and choosing the release found worth a warning (and duplicate keys, unless the
    command reports them otherwise)."""
    from bbvalues.documents.inputs import duplicate_key_warnings

    found = [*inputs.warnings, *([release.warning] if release.warning else [])]
    return found + (duplicate_key_warnings(inputs) if duplicates else [])


def redactor_for(inputs, show_secrets: bool):
    """What keeps the inputs' secrets out of a report (a no-op with --show-secrets)."""
    from bbvalues.report.redact import Redactor

    return Redactor.for_values((source.values for source in inputs.sources), enabled=not show_secrets)


def write_output(text: str, output_file: PathLike | None, inputs: list[str] = ()) -> None:
    """Print `text`, or write it atomically to `output_file` (never onto one of the inputs)."""
    if output_file is None:
        print_data(text)
        return
    from pathlib import Path

    from bbvalues.documents.write import is_device_or_pipe, write_files, write_stream
    from bbvalues.errors import BBValuesError

    target = Path(output_file).resolve()
    if any(name != "-" and Path(name).resolve() == target for name in inputs):
        raise BBValuesError("--output-file is one of the inputs; use --in-place to edit inputs",
                            file=str(output_file))
    if is_device_or_pipe(output_file):
        write_stream(output_file, text)  # /dev/stdout, a FIFO: nothing to replace, so no atomic rename
    else:
        write_files({output_file: text}, backup=False, force=True)
    say(f"wrote {output_file}")


def palette_for(output_file: PathLike | None = None):
    """The palette for stdout from --color (a file is coloured only with --color always)."""
    from bbvalues.report.color import Palette, color_enabled

    if output_file is not None and settings.color == "auto":
        return Palette(False)
    return Palette(color_enabled(settings.color, sys.stdout))
