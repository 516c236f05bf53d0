"""The Typer application, built from the declarations in `params`: help, completion and usage errors.

Each subcommand is built when it is first looked up (`bbvalues --help` builds none). Its callback
hands Typer's values to `invoke`, the same as a call the quick parser read, so both paths agree by
construction on everything after parsing. Typer converts parameters by their annotations, so each
callback gets a signature made from the declarations.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal, Optional

import typer
import typer.main
from typer._click.globals import get_current_context
from typer._click.core import ParameterSource
from typer.core import TyperCommand, TyperGroup

from bbvalues.cli import COMMANDS, COMPLETION_VARIABLE, lookup
from bbvalues.cli.about import top_level_help, version_text
from bbvalues.cli.invoke import invoke
from bbvalues.cli.params import (
    COLOR, COUNT, FLAG, PATH, QUIET, TOGGLE, VERBOSE, Argument, Command, Group,
)
from bbvalues.cli.parse import Invocation, parse_command

_RAW_ARGS = "bbvalues.raw_args"
_BEFORE_COMMAND = "bbvalues.before_command"
_APP_SETTINGS = {"pretty_exceptions_enable": False, "rich_markup_mode": None, "add_completion": False}
_CONTEXT = {"help_option_names": ["-h", "--help"]}


class _Command(TyperCommand):
    """Keeps the arguments it parses, so the input files' command-line order can be read from them."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        ctx.meta[_RAW_ARGS] = list(args)
        return super().parse_args(ctx, args)


class _CommandsOnDemand(Mapping):
    """The subcommands by name; each is built by Typer the first time it is looked up."""

    def __init__(self, names):
        self._names = tuple(names)
        self._built: dict = {}

    def __getitem__(self, name: str):
        if name not in self._names:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = click_command(lookup(name))
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _TopLevel(TyperGroup):
    """`bbvalues`: Typer's group with commands built on demand; its help is the one the quick path prints."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.commands = _CommandsOnDemand(COMMANDS)

    def get_help(self, ctx) -> str:
        return top_level_help().rstrip("\n")


def click_command(declared: Command | Group):
    """The click command Typer builds for a declared command (or group of them)."""
    if isinstance(declared, Group):
        group = typer.Typer(name=declared.name, help=declared.help, no_args_is_help=True, context_settings=_CONTEXT,
                            **_APP_SETTINGS)
        for command in declared.commands.values():
            _add(group, command)
        return typer.main.get_command(group)
    app = typer.Typer(**_APP_SETTINGS)
    _add(app, declared)
    return typer.main.get_command(app)


def _add(app: typer.Typer, command: Command) -> None:
    settings = dict(_CONTEXT)
    if command.passes_unknown_options:
        settings.update(ignore_unknown_options=True, allow_extra_args=True)
    app.command(command.name, cls=_Command, help=command.help, short_help=command.short_help,
                epilog=command.epilog, context_settings=settings)(_callback(command))


def _callback(command: Command):
    declared = command.all_params
    multiple = {param.name for param in declared if param.multiple}

    def callback(**values):
        ctx = get_current_context()
        given = {name for name in values if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}
        quick = parse_command(command, ctx.meta.get(_RAW_ARGS, []))  # only for the order of the inputs
        values = {name: list(value or ()) if name in multiple else value for name, value in values.items()}
        return invoke(Invocation(command, values, given, quick.inputs if quick else None,
                                 ctx.meta.get(_BEFORE_COMMAND)))

    parameters = [inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, default=_typer_info(param),
                                    annotation=_annotation(param)) for param in declared]
    callback.__signature__ = inspect.Signature(parameters)
    callback.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    callback.__name__ = command.name
    return callback


def _annotation(param) -> type:
    if param.kind == COUNT:
        return int
    if param.kind in (FLAG, TOGGLE):
        return bool if param.default is not None else Optional[bool]
    base = Literal[param.choices] if param.choices else (Path if param.kind == PATH else str)
    if param.multiple:
        return list[base] if param.required else Optional[list[base]]
    return base if param.required or param.default is not None else Optional[base]


def _typer_info(param):
    default = ... if param.required else (None if param.multiple else param.default)
    common = {"help": param.help, "metavar": param.metavar, "autocompletion": param.complete}
    if isinstance(param, Argument):
        return typer.Argument(default, show_default=False, **common)
    return typer.Option(default, *param.decls, hidden=param.hidden, count=param.kind == COUNT, **common)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_text(), nl=False)
        raise typer.Exit()


def _top_level_callback(
    version: Optional[bool] = typer.Option(None, "--version", "-V", is_eager=True, help="Print the version and exit.",
                                           callback=_print_version),
    quiet: bool = typer.Option(False, *QUIET.decls, help=QUIET.help),
    verbose: int = typer.Option(0, *VERBOSE.decls, count=True, help=VERBOSE.help),
    color: Literal[COLOR.choices] = typer.Option(COLOR.default, *COLOR.decls, help=COLOR.help),
) -> None:
    ctx = get_current_context()
    ctx.meta[_BEFORE_COMMAND] = {"quiet": quiet, "verbose": verbose, "color": color}


app = typer.Typer(cls=_TopLevel, name="bbvalues", no_args_is_help=True, context_settings=_CONTEXT, **_APP_SETTINGS)
app.callback()(_top_level_callback)


def run_typer(args: list[str]) -> int:
    """Typer parses and runs the call; usage errors exit 1 (2 and 3 mean 'changes needed' and 'blocking')."""
    from typer._click import ClickException
    from typer._click.exceptions import NoArgsIsHelpError

    os.environ.setdefault("_TYPER_STANDARD_TRACEBACK", "1")
    if COMPLETION_VARIABLE in os.environ:  # a completion script asks: Typer's completion for bash, zsh and fish
        from typer._completion_classes import completion_init

        completion_init()
    try:
        result = typer.main.get_command(app).main(args=args, prog_name="bbvalues", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except NoArgsIsHelpError as exc:  # help asked for by giving nothing: data, like --help
        typer.echo(exc.ctx.get_help())
        return 0
    except SystemExit as exc:  # Typer ends a shell completion answer with sys.exit
        return exc.code
    except ClickException as exc:
        exc.show()
        return 1
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return 1
    return result if isinstance(result, int) else 0

