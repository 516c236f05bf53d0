"""What `bbvalues --help` and `bbvalues --version` print, answered without Typer (the first thing a newcomer runs
should be instant; Typer's group prints the same help).

The help is laid out here, at 80 columns, from the declarations: the description, the global
options and each command's short help.
"""

from __future__ import annotations

from bbvalues.cli.params import EXIT_CODES_HELP, GLOBAL_OPTIONS

WIDTH = 80
DESCRIPTION = "Move Big Bang umbrella values between Istio sidecar, ambient-waypoint and ambient-gateway modes."
EXAMPLES = ("bbvalues detect values.yaml",
            "bbvalues migrate --to ambient-gateway values.yaml > overlay.yaml",
            "bbvalues migrate --to ambient-gateway --check -f base.yaml -f prod.yaml",
            "bbvalues migrate --to ambient-gateway --in-place --dry-run values.yaml",
            "bbvalues explain waypoint-labels-strip")


def version_text() -> str:
    """The version, and the Big Bang releases the release table knows (and its date)."""
    from bbvalues import __version__
    from bbvalues.bigbang.table_file import table_data

    table = table_data()
    released = [row["name"] for row in table["releases"] if row.get("released", True)]
    unreleased = [row["name"] for row in table["releases"] if not row.get("released", True)]
    rows = ", ".join(released) + (f"; unreleased: {', '.join(unreleased)}" if unreleased else "")
    return f"bbvalues {__version__}\nBig Bang release table of {table['date']}: {rows}\n"


def top_level_help() -> str:
    from bbvalues.cli import COMMANDS

    options = [(", ".join(option.decls) + (f" {option.metavar}" if option.metavar else ""), option.help)
               for option in GLOBAL_OPTIONS]
    options = [("-V, --version", "Print the version and the Big Bang releases the release table knows."), *options,
               ("-h, --help", "Show this message and exit.")]
    lines = ["Usage: bbvalues [OPTIONS] COMMAND [ARGS]...", "", *wrap(DESCRIPTION, 2), "", "  Examples:",
             *(f"    {example}" for example in EXAMPLES), "", *wrap(EXIT_CODES_HELP, 2), "",
             "Options:", *columns(options), "",
             *wrap("-q, -v and --color also work after the command: bbvalues lint -q values.yaml.", 2), "",
             "Commands:", *columns([(name, summary) for name, (_module, _attribute, summary) in COMMANDS.items()]),
             "",
             *wrap("Run bbvalues COMMAND --help for a command's options and examples.", 2)]
    return "\n".join(lines) + "\n"


def columns(rows: list[tuple[str, str]]) -> list[str]:
    """Two columns: the names, and their text wrapped beside them."""
    left = max(len(name) for name, _text in rows) + 4
    lines = []
    for name, text in rows:
        wrapped = wrap(text, left)
        lines.append(f"  {name.ljust(left - 2)}{wrapped[0].lstrip()}")
        lines += wrapped[1:]
    return lines


def wrap(text: str, indent: int) -> list[str]:
    """`text` in lines of at most WIDTH characters, each indented by `indent` spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and indent + len(line) + 1 + len(word) > WIDTH:
            lines.append(" " * indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [" " * indent + line]
