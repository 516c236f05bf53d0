"""Run a parsed call, whichever parser read it: global options, old spellings, the combinations table, input
order; then the command itself, its library errors turned into `error: file:line:col: message` and exit 1."""

from __future__ import annotations

from bbvalues.cli.combinations import check_combinations
from bbvalues.cli.common import EXIT_ERROR, EXIT_OK, CommandExit, fail, say, settings, warn
from bbvalues.cli.params import old_name
from bbvalues.cli.parse import INPUT_PARAMS, Invocation


def invoke(invocation: Invocation) -> int:
    command = invocation.command
    values, given = dict(invocation.values), set(invocation.given)
    _set_output_settings(invocation.before_command, values, given)
    try:
        _take_old_spellings(command, values, given)
        check_combinations(command, values, given)
        _merge_inputs(values, invocation.inputs)
        from bbvalues.documents.collector import without_cycle_collection

        with without_cycle_collection():  # a command's trees have no cycles (bbvalues/documents/collector.py)
            return command.run(**values) or EXIT_OK
    except CommandExit as done:
        return done.code
    except KeyboardInterrupt:
        say("error: interrupted")
        return EXIT_ERROR
    except Exception as exc:
        from bbvalues.errors import BBValuesError

        if not isinstance(exc, BBValuesError):
            raise
        say(f"error: {exc}")
        return EXIT_ERROR


def _set_output_settings(before_command: dict, values: dict, given: set) -> None:
    """-q and -v count wherever they are written; a --color after the subcommand wins over one before it."""
    quiet, verbose, color = values.pop("quiet"), values.pop("verbose"), values.pop("color")
    settings.set(quiet=quiet or before_command.get("quiet", False), verbose=verbose + before_command.get("verbose", 0),
                 color=color if "color" in given else before_command.get("color", "auto"))


def _take_old_spellings(command, values: dict, given: set) -> None:
    """An old spelling (`--format`) sets its option, with a warning; written together with the new one it is refused."""
    for param in command.params:
        if not getattr(param, "old_spelling", None):
            continue
        old = old_name(param)
        value = values.pop(old)
        if old not in given:
            continue
        if param.name in given:
            raise fail(f"{param.old_spelling} is the old name of {param.label}: write only {param.label}")
        warn(f"{param.old_spelling} is now {param.label}; {param.old_spelling} will be removed in the next release")
        values[param.name] = value
        given.discard(old)
        given.add(param.name)


def _merge_inputs(values: dict, inputs) -> None:
    """FILE... and -f FILE become one list in command-line order, as `helm -f a -f b` merges them."""
    if not all(name in values for name in INPUT_PARAMS):
        return
    positional, extra = values["files"], values.pop("values")
    if inputs is not None:
        values["files"] = list(inputs)
    elif positional and extra:
        raise fail("give the input files either all as arguments or all with -f: bbvalues merges them in "
                   "command-line order, which this call does not show")
    else:
        values["files"] = list(positional) + list(extra)
