"""The `bbvalues` command's entry (scripts/bbvalues calls `main`, then `exit_promptly`) and `python -m bbvalues`."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    from bbvalues.cli import run

    return run(sys.argv[1:] if argv is None else argv)


def exit_promptly(code: int) -> None:
    """End the process with `code`, as `sys.exit(code)` does, without the interpreter's teardown: freeing every
    module and object one by one before the process ends was a tenth of a short call's instructions (a
    `netpol expand` of one bb-common case: 158 M, 140 M without it), and more after a big input. Exit handlers
    run as usual; while another thread is alive the teardown, which waits for it, runs too. Output still
    buffered is written first; when it cannot be, the error is said and the exit code is 1 (Python's own
    teardown would print an "Exception ignored" and exit 120)."""
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, as its teardown calls them
    threading = sys.modules.get("threading")
    if run_exit_handlers is None or (threading is not None and threading.active_count() > 1):
        sys.exit(_flushed(code))
    run_exit_handlers()
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """The exit code once stdout and stderr are flushed: 1 instead of 0 when output could not all be written."""
    for stream in (sys.stdout, sys.stderr):
        if stream.closed:  # cli.run closes stderr when stdout's reader went away
            continue
        try:
            stream.flush()
            continue
        except BrokenPipeError:  # the reader went away (`| head`), as cli.run treats it: nothing more to say
            pass
        except OSError as exc:  # a full disk under a redirection, say: the output is incomplete
            if stream is sys.stdout:
                sys.stderr.write(f"error: the output could not all be written: {exc.strerror or exc}\n")
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # the rest of its buffer goes nowhere, quietly
        code = code or 1
    return code


if __name__ == "__main__":
    exit_promptly(main())
