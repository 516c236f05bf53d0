"""`bbvalues migrate`: the overlay (or in-place edit) that moves values to another Istio mode."""

from __future__ import annotations

import os

from bbvalues.cli.common import (
    EXIT_BLOCKING, EXIT_CHANGES, EXIT_ERROR, EXIT_OK, CommandExit, fail, load, migration_options, print_data, progress_display, redactor_for, say, settings, warn,
    write_output,
)
from bbvalues.cli.params import (
    EXIT_CODES_HELP, FLAG, GATEWAY, INPUTS, LABEL_REMOVAL, PATH, SHOW_SECRETS, TARGET_MODE, TOGGLE, Option, command,
    output_option,
)

TYPE_CHECKING = False  # pathlib and typing for the annotations only: a call imports neither for them
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Optional

EPILOG = ("\b\nExamples:\n"
          "  bbvalues migrate --to ambient-gateway values.yaml > ambient-gateway.yaml\n"
          "  bbvalues migrate --to ambient-gateway -f base.yaml -f prod.yaml --bigbang-version 3.29.0\n"
          "  bbvalues migrate --to ambient-waypoint -o json values.yaml\n"
          "  bbvalues migrate --to ambient-gateway -o diff --show-secrets values.yaml\n"
          "  bbvalues migrate --to sidecar --check values.yaml\n"
          "  bbvalues migrate --to ambient-gateway --emit configmap --name bigbang-ambient "
          "helmrelease.yaml configmap.yaml\n"
          "  bbvalues migrate --to ambient-gateway --in-place --dry-run values.yaml\n"
          "  bbvalues migrate --to ambient-gateway --in-place clusters/   (every environment, in its own files)\n"
          "  sops -d secret.enc.yaml | bbvalues migrate --to ambient-gateway -\n\n" + EXIT_CODES_HELP)

PARAMS = [
    *INPUTS, TARGET_MODE,
    output_option(("yaml", "json", "jsonpatch", "diff"),
                  "yaml: the overlay; json: the plan; jsonpatch: RFC 6902 from the effective values before to after; "
                  "diff: unified diff of them. json, jsonpatch and diff are reports: secrets show as <redacted>; the "
                  "overlay keeps real values."),
    Option("output_file", "--output-file", kind=PATH, metavar="FILE", help="Write the output here instead of stdout."),
    Option("check", "--check", kind=FLAG,
           help="Print no output; exit 0 if there is nothing to do, 2 if there is, with one line per needed change "
                "on stderr (file:line: rule: key: old -> new; -q silences them)."),
    Option("emit", "--emit", choices=("overlay", "configmap"), default="overlay",
           help="overlay: plain values; configmap: a ConfigMap for valuesFrom (with --name)."),
    Option("name", "--name", help="ConfigMap name for --emit configmap."),
    Option("namespace", "--namespace", default="bigbang", help="ConfigMap namespace for --emit configmap."),
    LABEL_REMOVAL, GATEWAY,
    Option("in_place", "--in-place", kind=FLAG,
           help="Edit the input files instead of printing an overlay; given directories, edit every environment in "
                "them (as `bbvalues scan` finds them), each in its own files."),
    Option("dry_run", "--dry-run", kind=FLAG, help="With --in-place: print the diff of each file, write nothing."),
    Option("target", "--target", metavar="FILE",
           help="With --in-place: the file that receives new keys (default: the last input)."),
    Option("backup", "--backup/--no-backup", kind=TOGGLE, default=True, help="With --in-place: keep FILE.bak copies."),
    Option("force", "--force", kind=FLAG, help="With --in-place: overwrite existing .bak files."),
    SHOW_SECRETS,
]


@command("migrate", help="Print the overlay that moves the merged values to another Istio mode (give it as the "
                         "last -f).",
         epilog=EPILOG, params=PARAMS)
def migrate(files: list[str], to: str, output: str, output_file: Optional[Path], check: bool, emit: str,
            name: Optional[str], namespace: str, label_removal: Optional[str], gateway: list[str], in_place: bool,
            dry_run: bool, target: Optional[str], backup: bool, force: bool, values_key: str,
            bigbang_version: Optional[str], show_secrets: bool) -> int:
    from bbvalues.migrate.planner import plan_migration

    if in_place and any(os.path.isdir(name) for name in files):
        return _migrate_directories(files, to, label_removal, tuple(gateway), bigbang_version, (dry_run, backup, force),
                                    show_secrets)
    inputs, release = load(files, values_key, bigbang_version)
    plan = plan_migration(inputs, migration_options(to, label_removal, gateway, in_place), release)
    redactor = _LazyRedactor(inputs, show_secrets)
    for message in plan.warnings:
        warn(redactor.get().text(message))
    if check:
        return _check(plan, files[-1], show_secrets)
    if in_place:
        return _in_place(plan, inputs, target, dry_run, backup, force, redactor)
    text = _render(plan, inputs, release, output, emit, name, namespace, redactor)
    write_output(text, output_file, files)
    _report(plan, redactor)
    return EXIT_BLOCKING if plan.blocking else EXIT_OK


class _LazyRedactor:
    """The redactor, built on first use: finding the inputs' secrets walks every value, and most calls
    (an overlay, a check with nothing to do) never print one."""

    def __init__(self, inputs, show_secrets: bool):
        self._inputs, self._show_secrets, self._redactor = inputs, show_secrets, None

    def get(self):
        if self._redactor is None:
            self._redactor = redactor_for(self._inputs, self._show_secrets)
        return self._redactor


def _check(plan, last_input: str, show_secrets: bool) -> int:
    """Exit 2 when there is work, saying on stderr what it is (like `helm diff --detailed-exitcode`).

    The lines show keys and values only, so they are redacted by key and content (bbvalues/report/redact.py)
    without first collecting every secret text of the inputs, which only free text needs: an old value
    is one the inputs hold under a key that is not a secret's, which that search never hides, and a new
    value comes from the release table.
    """
    if not plan.has_work:
        return EXIT_OK
    if not settings.quiet:
        from bbvalues.report.check import check_lines
        from bbvalues.report.redact import Redactor
        from bbvalues.report.redact_reports import redacted_plan

        for line in check_lines(redacted_plan(plan, Redactor(enabled=not show_secrets)), last_input):
            say(line)
    return EXIT_CHANGES


def _render(plan, inputs, release, output: str, emit: str, name: Optional[str], namespace: str,
            redactor: _LazyRedactor) -> str:
    """The overlay is an artifact (applied as the last values file), so it keeps real values; the
    other formats are reports and go through the redactor."""
    from bbvalues.migrate.overlay import render_overlay
    from bbvalues.migrate.views import as_configmap

    if output in ("json", "jsonpatch"):
        import json
    if output == "json":
        from bbvalues.report.plan_json import plan_document
        from bbvalues.report.redact_reports import redacted_plan

        return json.dumps(plan_document(redacted_plan(plan, redactor.get()), release), indent=2) + "\n"
    if output in ("jsonpatch", "diff"):
        from bbvalues.helm.merge import merge_sources
        from bbvalues.migrate.views import effective_after, json_patch, values_diff

        effective = merge_sources(inputs.sources)
        before, after = redactor.get().pair(effective.values, effective_after(plan, effective))
        return values_diff(before, after) if output == "diff" else json.dumps(json_patch(before, after), indent=2) + "\n"
    overlay = render_overlay(plan)
    return as_configmap(overlay, name, namespace) if emit == "configmap" else overlay


def _report(plan, redactor: _LazyRedactor) -> None:
    """Required edits and caveats on stderr, where a reviewer running the command sees them (only
    what is printed is redacted: the plan's values are not)."""
    if not plan.has_work:
        return  # the caveats of a mode are news when moving to it, not on every check that it holds
    from bbvalues.documents.yamltree import dotted_path

    for edit in plan.required_edits:
        where = str(edit.origin) if edit.origin else "(position unknown)"
        say(f"required edit: {where}: {edit.verb} {dotted_path(edit.path)} [{edit.rule}] {redactor.get().text(edit.reason)}")
    for caveat in plan.caveats:
        say(f"caveat: {redactor.get().text(caveat)}")


def _report_refused(refused: list, redactor) -> None:
    """One `error:` line (the first refusal), the others below it, then what to do."""
    first, *others = sorted(refused, key=_position)
    say(f"error: {_where(first)}{redactor.text(first.message)}; nothing was written")
    for other in others:
        say(f"  also refused: {_where(other)}{redactor.text(other.message)}")
    for hint in dict.fromkeys(error.hint for error in refused if error.hint):
        say(f"  hint: {redactor.text(hint)}")
    say("  hint: make the refused changes by hand, or remove what blocks them, and run again")


def _position(error) -> tuple:
    origin = error.origin
    return (origin.file, origin.line, origin.column) if origin else (error.file or "", 0, 0)


def _where(error) -> str:
    place = error.origin or error.file
    return f"{place}: " if place else ""


def _in_place(plan, inputs, target: Optional[str], dry_run: bool, backup: bool, force: bool,
              redactor: _LazyRedactor) -> int:
    """Write the plan into the user's files (or print their diffs).

    All or nothing: a change the editor refuses (an anchored or aliased node, a quoted embedding)
    stops the run before any file is written, so no file is left half-migrated. The files get the
    real values; the --dry-run diff is a report (its context lines can show a neighbouring password),
    so it goes through the redactor.
    """
    if not plan.has_work:
        say("nothing to do: the files already match the target mode")
        return EXIT_OK
    from bbvalues.migrate.inplace import apply_in_place, plan_in_place

    result = plan_in_place(plan, inputs, target=target, progress=progress_display())
    for message in result.warnings:
        warn(redactor.get().text(message))
    if result.refused:
        _report_refused(result.refused, redactor.get())
        raise CommandExit(EXIT_ERROR)
    if dry_run:
        print_data(redactor.get().text(result.diff))
    elif not result.changed_files:
        say("nothing to do: the files already match the target mode")
    else:
        report = apply_in_place(result, backup=backup, force=force)
        for path in report.written:
            say(f"edited {path}")
        for path in report.backups:
            say(f"backup {path}")
    for caveat in plan.caveats:
        say(f"caveat: {redactor.get().text(caveat)}")
    return EXIT_BLOCKING if result.manual else EXIT_OK


def _migrate_directories(names: list[str], to: str, label_removal: Optional[str], gateways: tuple[str, ...],
                         bigbang_version: Optional[str], writing: tuple, show_secrets: bool) -> int:
    """Every environment under the directories, each edited in its own files (bbvalues.scan.fleet)."""
    from bbvalues.report.fleet_text import render_fleet_migration
    from bbvalues.report.redact import Redactor
    from bbvalues.scan.checks import ScanOptions
    from bbvalues.scan.fleet import migrate_directories

    files = [name for name in names if not os.path.isdir(name)]
    if files:
        raise fail(f"{files[0]}: a file beside directories; --in-place takes either directories (every environment "
                   "in them) or the files of one environment")
    dry_run, backup, force = writing
    options = ScanOptions(target=to, label_removal=label_removal, gateways=gateways, bigbang_version=bigbang_version)
    result = migrate_directories(names, options, dry_run=dry_run, backup=backup, force=force)
    redactor = Redactor.for_values(result.values, enabled=not show_secrets)
    diff, summary = render_fleet_migration(result, dry_run)
    if diff:
        print_data(redactor.text(diff))
    for line in summary:
        say(redactor.text(line))
    return EXIT_ERROR if result.refused else EXIT_BLOCKING if result.manual else EXIT_OK
