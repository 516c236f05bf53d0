"""Read an ordinary command line from the declarations in `params`, without importing Typer.

Typer and its click cost a call more than reading a large values file does, so an ordinary call is
parsed here, with click's rules for the options bbvalues declares: `--name value`, `--name=value`,
`-o value`, `-ovalue`, clustered flags (`-qv`), `--` before arguments, the last of a repeated option
winning. Anything else (help, an unknown option, a missing or invalid value, a missing argument)
returns None, and Typer parses the call with its own messages. tests/cli/test_parse.py checks that
both parsers read generated command lines alike.
"""

from __future__ import annotations

from bbvalues.cli.params import (
    CHOICE, COUNT, GLOBAL_OPTIONS, HELP_FLAGS, PATH, VERSION_FLAGS, Argument, Command, Group,
)

INPUT_PARAMS = ("files", "values")  # the positional inputs and -f: one list, in command-line order


class Invocation:
    """A parsed call of one command.

    `values`: every parameter's value (defaults filled in); `given`: the parameters written on the
    command line; `inputs`: the input files in command-line order, None when the parser could not
    tell; `before_command`: the global options written before the subcommand.
    """

    __slots__ = ("command", "values", "given", "inputs", "before_command")

    def __init__(self, command: Command, values: dict, given: set, inputs: list | None,
                 before_command: dict | None = None):
        self.command = command
        self.values = values
        self.given = given
        self.inputs = inputs
        self.before_command = before_command or {}


VERSION, HELP = "version", "help"


def parse_top_level(args: list[str], lookup) -> Invocation | str | None:
    """The whole command line: VERSION, HELP, an Invocation, or None for Typer to parse.

    `lookup(name)` gives the Command or Group of a subcommand name (None when unknown).
    """
    if not args:
        return HELP
    reader = _Reader(GLOBAL_OPTIONS)
    index = 0
    while index < len(args) and args[index].startswith("-") and args[index] != "-":
        if args[index] in VERSION_FLAGS:
            return VERSION
        if args[index] in HELP_FLAGS:
            return HELP
        index = reader.option(args, index)
        if index is None:
            return None
    if index == len(args):
        return None  # options but no command: Typer says what is missing
    found = lookup(args[index])
    if isinstance(found, Group):
        index += 1
        found = found.commands.get(args[index]) if index < len(args) else None
    if found is None:
        return None
    invocation = parse_command(found, args[index + 1:])
    if invocation is not None:
        invocation.before_command = reader.given_values()
    return invocation


def parse_command(command: Command, args: list[str]) -> Invocation | None:
    """One subcommand's arguments (after its name), or None when Typer should read them."""
    reader = _Reader(command.all_params, command.passes_unknown_options)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            for rest in args[index + 1:]:
                reader.positional(rest)
            break
        if arg.startswith("-") and arg != "-":
            index = reader.option(args, index)
            if index is None:
                return None
        else:
            reader.positional(arg)
            index += 1
    return reader.invocation(command)


class _Reader:
    """The values read so far from one list of parameters."""

    def __init__(self, params: list, passes_unknown_options: bool = False):
        self.params = params
        self.spellings = {spelling: (param, value) for param in params if not isinstance(param, Argument)
                          for spelling, value in param.spellings.items()}
        self.passes_unknown_options = passes_unknown_options
        self.values: dict = {}
        self.inputs: list[str] = []
        self.positionals: list[str] = []

    def option(self, args: list[str], index: int) -> int | None:
        """Read the option(s) at `args[index]`; the index after them, or None when not sure."""
        arg = args[index]
        if arg.startswith("--"):
            spelling, equals, attached = arg.partition("=")
            if spelling not in self.spellings:
                return self._unknown(arg, index)
            param, flag_value = self.spellings[spelling]
            if not param.takes_value:
                return None if equals else self._set(param, flag_value, index + 1)
            if equals:
                return self._set(param, attached, index + 1)
            return self._set(param, args[index + 1], index + 2) if index + 1 < len(args) else None
        for position in range(1, len(arg)):
            if "-" + arg[position] not in self.spellings:
                return self._unknown(arg, index) if position == 1 else None
            param, flag_value = self.spellings["-" + arg[position]]
            if param.takes_value:
                rest = arg[position + 1:]
                if rest:
                    return self._set(param, rest, index + 1)
                return self._set(param, args[index + 1], index + 2) if index + 1 < len(args) else None
            self._set(param, flag_value, index + 1)
        return index + 1

    def positional(self, arg: str) -> None:
        self.positionals.append(arg)
        self.inputs.append(arg)  # only read when the command's argument is its input files

    def given_values(self) -> dict:
        return dict(self.values)

    def invocation(self, command: Command) -> Invocation | None:
        arguments = [param for param in command.params if isinstance(param, Argument)]
        if not self._assign_positionals(arguments):
            return None
        values = {}
        for param in self.params:
            if param.name in self.values:
                values[param.name] = self.values[param.name]
            elif getattr(param, "required", False):
                return None
            else:
                values[param.name] = [] if param.multiple else param.default
        inputs = self.inputs if any(name in values for name in INPUT_PARAMS) else None
        return Invocation(command, values, set(self.values), inputs)

    def _assign_positionals(self, arguments: list[Argument]) -> bool:
        """click's rule for bbvalues' commands: at most one argument, taking every positional if it is multiple."""
        if not arguments:
            return not self.positionals
        argument, = arguments
        if argument.multiple:
            if argument.required and not self.positionals:
                return False
            for text in self.positionals:
                self._set(argument, text, 0)
            return True
        if len(self.positionals) > 1 or (argument.required and not self.positionals):
            return False
        if self.positionals:
            self._set(argument, self.positionals[0], 0)
        return True

    def _unknown(self, arg: str, index: int) -> int | None:
        if not self.passes_unknown_options or arg in HELP_FLAGS:
            return None
        self.positional(arg)
        return index + 1

    def _set(self, param, value, next_index: int) -> int | None:
        if param.kind == CHOICE and value not in param.choices:
            return None
        if param.kind == PATH:
            if not value:
                return None
            from pathlib import Path  # only when a path is given: pathlib and the `re` it imports cost a call

            value = Path(value)
        if param.kind == COUNT:
            value = self.values.get(param.name, 0) + 1
        if param.multiple:
            self.values.setdefault(param.name, []).append(value)
        else:
            self.values[param.name] = value
        if param.name in INPUT_PARAMS and not isinstance(param, Argument):
            self.inputs.append(value)
        return next_index
