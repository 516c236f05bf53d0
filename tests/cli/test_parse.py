"""The quick parser reads what Typer reads: for any command line it accepts, Typer (run on the same line) hands the
command the same values, and the same options count as written. Lines the quick parser declines go to Typer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import bbvalues.cli.typer_app
from bbvalues.cli import COMMANDS, lookup, run
from bbvalues.cli.params import CHOICE, COUNT, FLAG, TOGGLE, Argument, Group
from bbvalues.cli.parse import HELP, VERSION, Invocation, parse_top_level
from tests.helpers import run_cli


def declared_commands() -> list:
    commands = []
    for name in COMMANDS:
        declared = lookup(name)
        commands += list(declared.commands.values()) if isinstance(declared, Group) else [declared]
    return commands


COMMAND_PATHS = {command.path: command for command in declared_commands()}
WORDS = st.sampled_from(["values.yaml", "b.yaml", "-", "x", "3.30.0", "monitoring", "--", "-x", "--nope", "-qv",
                         "--before", "--after", "json", "a=b", ""])


@st.composite
def tokens_for(draw, command) -> list[str]:
    """Spellings of the command's own options (with right and wrong values), positionals and oddities, mixed."""
    tokens = []
    for _ in range(draw(st.integers(0, 8))):
        param = draw(st.sampled_from(command.all_params))
        if isinstance(param, Argument) or draw(st.integers(0, 9)) == 0:
            tokens.append(draw(WORDS))
            continue
        spelling = draw(st.sampled_from(list(param.spellings)))
        if param.kind in (FLAG, TOGGLE, COUNT):
            tokens.append(spelling)
            continue
        value = draw(st.sampled_from(list(param.choices) + ["nope"]) if param.kind == CHOICE else WORDS)
        form = draw(st.sampled_from(["separate", "equals", "attached"] if not spelling.startswith("--")
                                    else ["separate", "equals"]))
        if form == "separate":
            tokens += [spelling, value]
        elif form == "equals":
            tokens.append(f"{spelling}={value}")
        else:
            tokens.append(f"{spelling}{value}")
    return tokens


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMAND_PATHS.values(), key=lambda c: c.path)))
    before = draw(st.lists(st.sampled_from(["-q", "-v", "--color", "never", "--color=always", "-qv"]), max_size=3))
    return [*before, *command.path.split(), *draw(tokens_for(command))]


def _effective(invocation: Invocation) -> tuple:
    """What the command receives: its values without the global options, and the global options as they apply."""
    values = dict(invocation.values)
    before = invocation.before_command
    output = (values.pop("quiet") or before.get("quiet", False), values.pop("verbose") + before.get("verbose", 0),
              values.pop("color") if "color" in invocation.given else before.get("color", "auto"))
    return invocation.command.path, values, invocation.given, output


def typer_reads(args: list[str], monkeypatch) -> Invocation | None:
    seen = []
    monkeypatch.setattr(bbvalues.cli.typer_app, "invoke", lambda invocation: seen.append(invocation) or 0)
    bbvalues.cli.typer_app.run_typer(args)
    return seen[0] if seen else None


@settings(max_examples=400, deadline=None)
@given(args=command_lines())
def test_a_line_the_quick_parser_reads_is_read_alike_by_typer(args, monkeypatch_session):
    quick = parse_top_level(args, lookup)
    if not isinstance(quick, Invocation):
        return
    typer = typer_reads(args, monkeypatch_session)
    assert typer is not None, f"Typer refuses what the quick parser read: {args}"
    assert _effective(quick) == _effective(typer), args


@pytest.fixture(scope="module")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("args, expected", [
    ([], HELP), (["--help"], HELP), (["-q", "-h"], HELP), (["--version"], VERSION), (["-V"], VERSION),
    (["migrate", "--help"], None), (["migrat"], None), (["-q"], None), (["migrate", "--to", "nope", "a.yaml"], None),
    (["migrate", "a.yaml"], None), (["netpol"], None), (["netpol", "expand"], None),
    (["netpol", "diff", "--help"], None),
])
def test_what_the_quick_parser_leaves_to_typer(args, expected):
    assert parse_top_level(args, lookup) == expected


def test_options_may_follow_and_precede_arguments_and_repeat():
    invocation = parse_top_level(["migrate", "a.yaml", "--to", "sidecar", "-f", "b.yaml", "c.yaml",
                                  "--to=ambient-gateway", "-ojson", "--", "-d.yaml"], lookup)
    assert invocation.values["to"] == "ambient-gateway" and invocation.values["output"] == "json"
    assert invocation.inputs == ["a.yaml", "b.yaml", "c.yaml", "-d.yaml"]
    assert {"to", "output", "files", "values"} <= invocation.given


def test_an_ordinary_call_does_not_build_typer(monkeypatch):
    monkeypatch.setattr(bbvalues.cli.typer_app, "run_typer", lambda args: pytest.fail("Typer was asked"))
    assert run_cli("explain", "waypoint-labels-strip").exit_code == 0
    assert run(["--version"]) == 0
