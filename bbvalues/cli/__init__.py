"""The `bbvalues` command line: parse arguments, call the library, pick a renderer. No logic lives here.

Start-up is most of what a call costs (a CI job may run `migrate --check` for a thousand
environments), so an ordinary call never imports Typer: `params` declares every command's
parameters, `parse` reads an ordinary command line from them, and `invoke` runs it. Typer builds
the same commands from the same declarations (`typer_app`, also `bbvalues.cli:app`) for help, shell
completion and every usage error, and runs whatever the quick parser is unsure of. Each command
module imports the library inside its function, so only the library a command needs is imported.
"""

from __future__ import annotations

import os
import sys

# Command name -> (module, attribute, summary), in the order `bbvalues --help` lists them. The summaries are
# here, not in the command modules, so that `bbvalues --help` imports none of them.
COMMANDS = {
    "detect": ("bbvalues.cli.detect", "detect", "Print the Istio mode of the values, with the evidence"),
    "explain": ("bbvalues.cli.explain", "explain", "List the rules, or explain one"),
    "lint": ("bbvalues.cli.lint", "lint", "Check the values for mode problems"),
    "migrate": ("bbvalues.cli.migrate", "migrate",
                "Print the overlay (or make the edits) that moves the values to another mode"),
    "review": ("bbvalues.cli.review", "review", "Report a migration for a merge-request review"),
    "scan": ("bbvalues.cli.scan", "scan", "Report every Big Bang environment of a GitOps repository"),
    "verify": ("bbvalues.cli.verify", "verify", "Render the chart with helm before and after a migration"),
    "netpol": ("bbvalues.cli.netpol", "netpol", "Expand and compare bb-common network-policy shorthand"),
    "completion": ("bbvalues.cli.completion", "completion", "Print the shell completion script"),
}
COMPLETION_VARIABLE = "_BBVALUES_COMPLETE"  # set by the shell completion scripts: Typer answers


def lookup(name: str):
    """The declared Command (or Group) of a subcommand name; None when there is none."""
    if name not in COMMANDS:
        return None
    module, attribute, _summary = COMMANDS[name]
    __import__(module)  # importlib, with warnings, was 1.8 M instructions of every call
    return getattr(sys.modules[module], attribute)


def run(args: list[str]) -> int:
    """Run one call; the exit code (usage errors exit 1, like every other error)."""
    try:
        return _run(args)
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing more to say, not even at exit
        sys.stderr.close()
        return 1
    except Exception as exc:  # a bug in bbvalues: say so plainly; the traceback is opt-in
        if os.environ.get("BBVALUES_DEBUG"):
            raise
        from bbvalues.cli.common import say

        say(f"error: internal error ({type(exc).__name__}: {exc}); please report it, and rerun with "
            f"BBVALUES_DEBUG=1 for the traceback")
        return 1


def _run(args: list[str]) -> int:
    from bbvalues.cli.parse import HELP, VERSION, parse_top_level

    parsed = None if COMPLETION_VARIABLE in os.environ else parse_top_level(args, lookup)
    if parsed in (HELP, VERSION):
        from bbvalues.cli.about import top_level_help, version_text
        from bbvalues.cli.common import CommandExit, print_data

        try:
            print_data(top_level_help() if parsed == HELP else version_text())
        except CommandExit as done:  # stdout could not be written: said
            return done.code
        return 0
    if parsed is None:
        from bbvalues.cli.typer_app import run_typer

        return run_typer(args)
    from bbvalues.cli.invoke import invoke

    return invoke(parsed)


def __getattr__(name: str):
    """`bbvalues.cli.app`, the Typer application, is built only when asked for."""
    if name == "app":
        from bbvalues.cli.typer_app import app

        return app
    raise AttributeError(name)
