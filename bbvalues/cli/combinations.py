"""Which options go together: the one table of combinations, checked before any command runs.

Each command's rows, by the command's name (`netpol expand` for a subcommand):
- `Conflicts(a, b, why)`: a and b written together are refused;
- `Requires(a, b, why)`: a written without b is refused (b may hold by default).
An option is named as it is written (`--in-place`); `--emit=configmap` means that option with that
value, `--output=json|jsonpatch|diff` with one of those values. `why` says what each option does,
so the one-line refusal tells the user which one to drop. A refusal exits 1, before any input is
read or written. tests/cli/test_combinations.py walks every row.
"""

from __future__ import annotations

from bbvalues.cli.common import fail


class Conflicts:
    __slots__ = ("first", "second", "why")

    def __init__(self, first: str, second: str, why: str):
        self.first, self.second, self.why = first, second, why


class Requires:
    __slots__ = ("first", "second", "why")

    def __init__(self, first: str, second: str, why: str):
        self.first, self.second, self.why = first, second, why


_CHECK_PRINTS_NOTHING = "--check prints no output, only the needed changes on stderr"
_IN_PLACE_PRINTS_NOTHING = "--in-place edits the input files and prints no overlay (--dry-run prints their diff)"
_DRY_RUN_WRITES_NOTHING = "--dry-run writes no file, so there is no backup to keep or overwrite"
_AMBIENT_NEEDS_PACKAGE = "--ambient/--no-ambient sets the mode of the umbrella package that --package expands"

COMBINATIONS: dict[str, tuple] = {
    "migrate": (
        Conflicts("--check", "--in-place", "--check only tells whether there is work; --in-place does it"),
        Conflicts("--check", "--output", _CHECK_PRINTS_NOTHING),
        Conflicts("--check", "--output-file", _CHECK_PRINTS_NOTHING),
        Conflicts("--check", "--emit", _CHECK_PRINTS_NOTHING),
        Conflicts("--in-place", "--output", _IN_PLACE_PRINTS_NOTHING),
        Conflicts("--in-place", "--output-file", _IN_PLACE_PRINTS_NOTHING),
        Conflicts("--in-place", "--emit", _IN_PLACE_PRINTS_NOTHING),
        Conflicts("--emit=configmap", "--output=json|jsonpatch|diff",
                  "--emit configmap wraps the yaml overlay; json, jsonpatch and diff are reports of the plan"),
        Requires("--emit=configmap", "--name", "a ConfigMap needs a name: add --name NAME"),
        Requires("--name", "--emit=configmap", "--name names the ConfigMap that --emit configmap prints"),
        Requires("--namespace", "--emit=configmap", "--namespace places the ConfigMap that --emit configmap prints"),
        Requires("--dry-run", "--in-place", "--dry-run prints the diff --in-place would write"),
        Requires("--target", "--in-place", "--target names the file --in-place writes new keys to"),
        Requires("--backup/--no-backup", "--in-place", "backups are of the files --in-place edits"),
        Requires("--force", "--in-place", "--force lets --in-place overwrite existing .bak files"),
        Conflicts("--dry-run", "--backup/--no-backup", _DRY_RUN_WRITES_NOTHING),
        Conflicts("--dry-run", "--force", _DRY_RUN_WRITES_NOTHING),
    ),
    "verify": (
        Conflicts("--overlay", "--label-removal",
                  "--overlay is checked as written; --label-removal shapes the overlay bbvalues would write"),
        Conflicts("--overlay", "--gateway",
                  "--overlay is checked as written; --gateway shapes the overlay bbvalues would write"),
    ),
    "explain": (
        Conflicts("--contract", "[RULE_ID]", "--contract prints a release's mode contract, not one rule"),
        Conflicts("--lint-reference", "[RULE_ID]", "--lint-reference prints every lint check, not one rule"),
        Conflicts("--contract", "--lint-reference", "--contract and --lint-reference are two different pages"),
        Requires("--bigbang-version", "--contract", "--bigbang-version picks the release row --contract prints"),
    ),
    "netpol expand": (Requires("--ambient/--no-ambient", "--package", _AMBIENT_NEEDS_PACKAGE),),
    "netpol diff": (Requires("--ambient/--no-ambient", "--package", _AMBIENT_NEEDS_PACKAGE),),
}


def check_combinations(command, values: dict, given: set) -> None:
    """Refuse (exit 1, one line) the first row of `command`'s table that the call breaks."""
    for rule in COMBINATIONS.get(command.path, ()):
        first, second = resolve(command, rule.first), resolve(command, rule.second)
        if not first.written(values, given):
            continue
        if isinstance(rule, Conflicts) and second.written(values, given):
            raise fail(f"{first} and {second} cannot be used together: {rule.why}")
        if isinstance(rule, Requires) and not second.holds(values):
            raise fail(f"{first} needs {second}: {rule.why}")


class OptionUse:
    """An option of a command, with or without the values a row is about."""

    __slots__ = ("param", "values")

    def __init__(self, param, values: tuple[str, ...]):
        self.param, self.values = param, values

    def holds(self, values: dict) -> bool:
        value = values.get(self.param.name)
        return value in self.values if self.values else bool(value)

    def written(self, values: dict, given: set) -> bool:
        if self.param.name not in given:
            return False
        return values.get(self.param.name) in self.values if self.values else True

    def __str__(self) -> str:
        decls = getattr(self.param, "decls", ())  # an argument has none: it is named by its metavar
        name = decls[-1] if decls and decls[-1].startswith("--") else self.param.label
        return f"{name} {'|'.join(self.values)}" if self.values else name


def resolve(command, written: str) -> OptionUse:
    """`--output=json|diff` -> the command's -o/--output option and the values ('json', 'diff')."""
    spelling, _, values = written.partition("=")
    for param in command.params:
        if spelling in getattr(param, "decls", ()) or spelling == param.label:
            return OptionUse(param, tuple(values.split("|")) if values else ())
    raise LookupError(f"{command.path} has no option {spelling} (bbvalues.cli.combinations)")
