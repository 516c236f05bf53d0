"""`bbvalues completion SHELL`: the shell completion script, answered by Typer when the shell asks."""

from __future__ import annotations

from bbvalues.cli.common import fail, print_data
from bbvalues.cli.params import Argument, command

SHELLS = ("bash", "zsh", "fish")


@command("completion", help="Print the completion script for bash, zsh or fish; load it in your shell's start-up "
                            "file.",
         epilog="\b\nExamples:\n"
                "  bbvalues completion bash > ~/.local/share/bash-completion/completions/bbvalues\n"
                "  bbvalues completion zsh > \"${fpath[1]}/_bbvalues\"\n"
                "  bbvalues completion fish > ~/.config/fish/completions/bbvalues.fish",
         params=[Argument("shell", "SHELL", required=True, help="bash, zsh or fish.",
                          complete=lambda incomplete: [shell for shell in SHELLS if shell.startswith(incomplete)])])
def completion(shell: str) -> None:
    from bbvalues.cli import COMPLETION_VARIABLE

    if shell not in SHELLS:
        raise fail(f"no completion for {shell!r}: choose bash, zsh or fish")
    from typer._completion_shared import get_completion_script

    print_data(get_completion_script(prog_name="bbvalues", complete_var=COMPLETION_VARIABLE, shell=shell) + "\n")
