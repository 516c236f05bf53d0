"""The command line as data: each command's parameters, declared once.

Typer builds the commands from these declarations (`bbvalues.cli.typer_app`), for help, completion
and every usage error; `bbvalues.cli.parse` reads the same declarations to run an ordinary call
without importing Typer at all (start-up is most of what a call costs: docs/benchmarks.md).
Nothing here imports more than the standard library's basics.
"""

from __future__ import annotations

TYPE_CHECKING = False  # neither typing nor collections.abc: each costs `bbvalues --help` a tenth more
if TYPE_CHECKING:
    from collections.abc import Callable

TEXT, PATH, CHOICE, FLAG, TOGGLE, COUNT = "text", "path", "choice", "flag", "toggle", "count"
EXIT_CODES_HELP = "Exit codes: 0 done or nothing to do, 1 error, 2 changes needed (--check) or findings, " \
                  "3 blocking (the overlay alone is not enough)."


class Option:
    """An option: its parameter name, spellings (`-o`, `--output`; a toggle `--backup/--no-backup`) and kind.

    `old_spelling` is a former name, still accepted (hidden, with a warning) for one release.
    """

    __slots__ = ("name", "decls", "kind", "default", "help", "metavar", "choices", "multiple", "required",
                 "hidden", "complete", "old_spelling")

    def __init__(self, name: str, *decls: str, kind: str = TEXT, default=None, help: str = "",
                 metavar: str | None = None, choices: tuple[str, ...] = (), multiple: bool = False,
                 required: bool = False, hidden: bool = False, complete: Callable | None = None,
                 old_spelling: str | None = None):
        self.name = name
        self.decls = decls
        self.kind = CHOICE if choices else kind
        self.default = {FLAG: False, COUNT: 0}.get(self.kind, default) if default is None else default
        self.help = help
        self.metavar = metavar
        self.choices = choices
        self.multiple = multiple
        self.required = required
        self.hidden = hidden
        self.complete = complete
        self.old_spelling = old_spelling

    @property
    def takes_value(self) -> bool:
        return self.kind in (TEXT, PATH, CHOICE)

    @property
    def spellings(self) -> dict[str, object]:
        """Every way to write the option on the command line, and the value each one sets (None: it takes one)."""
        if self.kind == TOGGLE:
            on, off = self.decls[0].split("/")
            return {on: True, off: False}
        value = {FLAG: True, COUNT: 1}.get(self.kind)
        return {decl: value for decl in self.decls}

    @property
    def label(self) -> str:
        """How messages name the option: `-o/--output`, `--backup/--no-backup`."""
        return "/".join(self.decls)


class Argument:
    """A positional parameter (`FILE...`)."""

    __slots__ = ("name", "metavar", "help", "multiple", "required", "complete")
    takes_value = True
    kind = TEXT
    hidden = False
    choices = ()

    def __init__(self, name: str, metavar: str, help: str, *, multiple: bool = False, required: bool = False,
                 complete: Callable | None = None):
        self.name = name
        self.metavar = metavar
        self.help = help
        self.multiple = multiple
        self.required = required
        self.complete = complete

    @property
    def default(self):
        return [] if self.multiple else None

    @property
    def label(self) -> str:
        return self.metavar


class Command:
    """A subcommand: its declared parameters and `run`, the function they are passed to by name.

    `short_help` is for a group's listing (`bbvalues netpol --help`); the top-level commands' summaries
    are in bbvalues.cli.COMMANDS.
    `passes_unknown_options`: options the command does not declare are arguments (`netpol diff --before A`).
    """

    __slots__ = ("name", "run", "help", "short_help", "epilog", "params", "passes_unknown_options", "group")

    def __init__(self, name: str, run: Callable, *, help: str, epilog: str, params: list,
                 short_help: str | None = None, passes_unknown_options: bool = False):
        self.name = name
        self.run = run
        self.help = help
        self.short_help = short_help
        self.epilog = epilog
        self.params = params
        self.passes_unknown_options = passes_unknown_options
        self.group: Group | None = None

    @property
    def path(self) -> str:
        """`migrate`, `netpol expand`: how the combinations table and messages name the command."""
        return f"{self.group.name} {self.name}" if self.group else self.name

    @property
    def all_params(self) -> list:
        """The declared parameters, the hidden old spellings, and the global options (also accepted here)."""
        old = [Option(old_name(param), param.old_spelling, kind=param.kind, choices=param.choices,
                      metavar=param.metavar, hidden=True)
               for param in self.params if isinstance(param, Option) and param.old_spelling]
        return [*self.params, *old, *GLOBAL_OPTIONS]


class Group:
    """A command holding subcommands (`netpol expand`, `netpol diff`)."""

    __slots__ = ("name", "help", "commands")

    def __init__(self, name: str, *, help: str):
        self.name = name
        self.help = help
        self.commands: dict[str, Command] = {}

    def add(self, command: Command) -> Command:
        command.group = self
        self.commands[command.name] = command
        return command


def command(name: str, **spec) -> Callable[[Callable], Command]:
    """Declare a subcommand on its implementation: `@command("detect", help=..., params=[...])`."""
    return lambda run: Command(name, run, **spec)


def old_name(param: Option) -> str:
    return f"{param.name}__old_spelling"


# -- the global options: before the subcommand (`bbvalues -q lint`) or after it (`bbvalues lint -q`) --

COLOR_CHOICES = ("auto", "always", "never")
QUIET = Option("quiet", "-q", "--quiet", kind=FLAG, help="Only errors on stderr.")
VERBOSE = Option("verbose", "-v", "--verbose", kind=COUNT, help="More detail on stderr (repeatable).")
COLOR = Option("color", "--color", choices=COLOR_CHOICES, metavar="auto|always|never",
               default="auto", help="Colour text output: auto (a terminal, unless NO_COLOR or TERM=dumb; "
                                    "FORCE_COLOR forces it), always or never.")
GLOBAL_OPTIONS = (QUIET, VERBOSE, COLOR)
VERSION_FLAGS = ("-V", "--version")
HELP_FLAGS = ("-h", "--help")

# -- parameters several commands share -----------------------------------------------------------------

MODES = ("sidecar", "ambient-waypoint", "ambient-gateway")
LABEL_REMOVALS = ("auto", "none", "null")  # bbvalues.bigbang.contract.LABEL_REMOVAL, without importing it

FILES = Argument("files", "FILE...", multiple=True,
                 help="Values files or manifests (ConfigMap/Secret/HelmRelease), '-' for stdin, in Helm order: "
                      "later files win.")
VALUES = Option("values", "-f", "--values", metavar="FILE", multiple=True,
                help="More values files, merged with the positional ones in command-line order, as `helm -f a -f b` "
                     "merges them (repeatable).")
VALUES_KEY = Option("values_key", "--values-key", default="values.yaml", metavar="KEY",
                    help="ConfigMap/Secret data key holding the values.")
BIGBANG_VERSION = Option("bigbang_version", "--bigbang-version", metavar="X.Y.Z",
                         help="Big Bang release to reason about (or 'next'). Default: the HelmRelease's chart version "
                              "if one is among the inputs, else the newest released row of the release table (with a "
                              "warning).")
SHOW_SECRETS = Option("show_secrets", "--show-secrets", kind=FLAG,
                      help="Print secret-looking values (passwords, tokens, client secrets, private keys, SOPS "
                           "ENC[...]) as they are; by default reports show <redacted>.")
TARGET_MODE = Option("to", "--to", choices=MODES, required=True, help="Target mode.")
LABEL_REMOVAL = Option("label_removal", "--label-removal", choices=LABEL_REMOVALS, metavar="auto|none|null",
                       help="How gateway mode removes the waypoint labels (default: auto; for directories, "
                            ".bbvalues.yaml's label-removal, else auto). auto: a map-level null where the package "
                            "chart defaults the map (and nothing else is in it), else Istio's opt-out; none: Istio's "
                            "opt-out values everywhere; null: Big Bang's documented per-key nulls, which current Helm "
                            "renders as null labels (`bbvalues explain waypoint-labels-strip`).")
GATEWAY = Option("gateway", "--gateway", metavar="NAME", multiple=True,
                 help="Gateway(s) to label in ambient-gateway mode (default: the gateways serving monitoring/thanos, "
                      "else public).")
REPORT_FILE = Option("output_file", "--output-file", kind=PATH, metavar="FILE",
                     help="Write the report here instead of stdout.")
FAIL_ON = Option("fail_on", "--fail-on", choices=("error", "warning", "info"), default="error",
                 help="Exit 2 when a lint finding is at or above this severity.")


def _check_ids(incomplete: str) -> list[str]:
    from bbvalues.lint.rules import BY_ID

    return [check_id for check_id in BY_ID if check_id.startswith(incomplete)]


DISABLE_CHECK = Option("disable", "--disable", metavar="ID", multiple=True, complete=_check_ids,
                       help="Skip a lint check (repeatable); `bbvalues explain` lists them.")
INPUTS = (FILES, VALUES, VALUES_KEY, BIGBANG_VERSION)  # what every values-reading command takes


def output_option(formats: tuple[str, ...], help: str, old_spelling: str | None = None) -> Option:
    """`-o/--output FORMAT`, the first format the default."""
    return Option("output", "-o", "--output", choices=formats, default=formats[0], help=help,
                  old_spelling=old_spelling)
