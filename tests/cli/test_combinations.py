"""Every row of the combinations table, run: conflicting options are refused with one line naming both, an option
that needs another is refused without it and accepted with it. Nothing is read or written before a refusal."""

from __future__ import annotations

import shutil

import pytest

from bbvalues.cli import lookup
from bbvalues.cli.combinations import COMBINATIONS, Conflicts, Requires, resolve
from bbvalues.cli.params import CHOICE, FLAG, TOGGLE, Argument, Group
from tests.helpers import ROOT, run_cli

PROFILE = ROOT / "profiles" / "3.30-sidecar.yaml"
# A sample value for every option the table names that takes free text (a new row needs one here).
TEXT_SAMPLES = {"--name": "bigbang-ambient", "--namespace": "bigbang", "--target": "{dir}/new.yaml",
                "--output-file": "{dir}/out.yaml", "--overlay": "{dir}/overlay.yaml", "--package": "monitoring",
                "--gateway": "public", "--bigbang-version": "3.30.0", "[RULE_ID]": "waypoint-labels-strip"}
ROWS = [pytest.param(path, rule, id=f"{path}: {type(rule).__name__}({rule.first}, {rule.second})")
        for path, rules in COMBINATIONS.items() for rule in rules]


def command_of(path: str):
    found = lookup(path.split()[0])
    return found.commands[path.split()[1]] if isinstance(found, Group) else found


def base_args(path: str, values: str) -> list[str]:
    return {"migrate": ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", values],
            "verify": ["verify", "--chart", "tests/fixtures/umbrella", "--to", "ambient-gateway", values],
            "explain": ["explain"],
            "netpol expand": ["netpol", "expand", values],
            "netpol diff": ["netpol", "diff", "--before", values, "--after", values]}[path]


def written(command, option: str, directory) -> list[str]:
    """The option as a user writes it, with the value the row is about (or a sample one)."""
    use = resolve(command, option)
    if isinstance(use.param, Argument):
        return [TEXT_SAMPLES[use.param.metavar]]
    param, spelling = use.param, next(iter(use.param.spellings))
    if param.kind in (FLAG, TOGGLE):
        return [spelling]
    if use.values:
        return [spelling, use.values[0]]
    if param.kind == CHOICE:
        return [spelling, next(choice for choice in param.choices if choice != param.default)]
    return [spelling, TEXT_SAMPLES[spelling].format(dir=directory)]


def with_prerequisites(path: str, options: list[str], tested) -> list[str]:
    """`options` and what other rows make them need (--dry-run needs --in-place), so only `tested` can refuse."""
    needed = [rule.second for rule in COMBINATIONS[path]
              if isinstance(rule, Requires) and rule.first in options and rule is not tested]
    return list(dict.fromkeys([*options, *needed]))


@pytest.fixture
def scratch(tmp_path):
    values = tmp_path / "values.yaml"
    shutil.copyfile(PROFILE, values)
    (tmp_path / "overlay.yaml").write_text("istio:\n  ambient:\n    enabled: true\n")
    return tmp_path, values


@pytest.mark.parametrize("path, rule", ROWS)
def test_every_row_is_enforced(path, rule, scratch, monkeypatch):
    monkeypatch.chdir(ROOT)
    directory, values = scratch
    command = command_of(path)
    first_name, second_name = str(resolve(command, rule.first)), str(resolve(command, rule.second))
    if isinstance(rule, Conflicts):
        refusal = f"error: {first_name} and {second_name} cannot be used together: {rule.why}\n"
        refused, accepted = [rule.first, rule.second], [[rule.first], [rule.second]]
    else:
        refusal = f"error: {first_name} needs {second_name}: {rule.why}\n"
        refused, accepted = [rule.first], [[rule.first, rule.second]]

    def call(options: list[str]):
        args = [arg for option in with_prerequisites(path, options, rule) for arg in written(command, option, directory)]
        return run_cli(*base_args(path, str(values)), *args)

    result = call(refused)
    assert result.exit_code == 1 and result.stderr == refusal and result.stdout == ""
    assert values.read_bytes() == PROFILE.read_bytes() and not (directory / "out.yaml").exists()
    for options in accepted:
        assert refusal not in call(options).stderr


def test_every_option_the_table_names_is_declared_and_every_command_is_known():
    for path, rules in COMBINATIONS.items():
        command = command_of(path)
        assert command.path == path
        for rule in rules:
            assert isinstance(rule, (Conflicts, Requires)) and rule.why
            resolve(command, rule.first), resolve(command, rule.second)  # LookupError names a typo


def test_the_old_spelling_of_an_option_counts_as_the_option(scratch):
    _directory, values = scratch
    result = run_cli("lint", "--bigbang-version", "3.30.0", "--format", "json", "-o", "text", str(values))
    assert result.exit_code == 1
    assert result.stderr == "error: --format is the old name of -o/--output: write only -o/--output\n"


@pytest.mark.parametrize("command", [["lint"], ["review", "--to", "sidecar"]])
def test_the_old_spelling_still_works_for_one_release_with_a_warning(command, scratch):
    _directory, values = scratch
    result = run_cli(*command, "--bigbang-version", "3.30.0", "--format", "json", str(values))
    assert result.stdout.startswith('{\n  "schema_version": 1')
    assert ("warning: --format is now -o/--output; --format will be removed in the next release"
            in result.stderr.splitlines())
