"""`bbvalues migrate`: the overlay (or in-place edit) that moves values to another Istio mode."""

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bbvalues.cli.common import (
    EXIT_BLOCKING, EXIT_CHANGES, EXIT_CODES_HELP, EXIT_ERROR, EXIT_OK, FilesArgument, GatewayOption, LabelRemoval,
    LabelRemovalOption, Mode, ShowSecretsOption, TargetModeOption, ValuesKeyOption, ValuesOption, VersionOption,
    command_app, fail, input_names, load, print_data, redactor_for, reports_errors, say, warn, write_output,
)

app = command_app()


class MigrateFormat(str, Enum):
    yaml = "yaml"
    json = "json"
    jsonpatch = "jsonpatch"
    diff = "diff"


class Emit(str, Enum):
    overlay = "overlay"
    configmap = "configmap"


EPILOG = ("\b\nExamples:\n"
          "  bbvalues migrate --to ambient-gateway values.yaml > ambient-gateway.yaml\n"
          "  bbvalues migrate --to ambient-gateway -f base.yaml -f prod.yaml --bigbang-version 3.29.0\n"
          "  bbvalues migrate --to ambient-waypoint -o json values.yaml\n"
          "  bbvalues migrate --to ambient-gateway -o diff --show-secrets values.yaml\n"
          "  bbvalues migrate --to sidecar --check values.yaml\n"
          "  bbvalues migrate --to ambient-gateway --emit configmap --name bigbang-ambient "
          "helmrelease.yaml configmap.yaml\n"
          "  bbvalues migrate --to ambient-gateway --in-place --dry-run values.yaml\n"
          "  sops -d secret.enc.yaml | bbvalues migrate --to ambient-gateway -\n\n" + EXIT_CODES_HELP)


@app.command(epilog=EPILOG)
@reports_errors
def migrate(
    files: Optional[list[str]] = FilesArgument,
    to: Mode = TargetModeOption,
    values: Optional[list[str]] = ValuesOption,
    output: MigrateFormat = typer.Option(MigrateFormat.yaml, "-o", "--output",
                                         help="yaml: the overlay; json: the plan; jsonpatch: RFC 6902 from the "
                                              "effective values before to after; diff: unified diff of them. json, "
                                              "jsonpatch and diff are reports: secrets show as <redacted>; the "
                                              "overlay keeps real values."),
    output_file: Optional[Path] = typer.Option(None, "--output-file", help="Write the output here instead of stdout."),
    check: bool = typer.Option(False, "--check", help="Print nothing; exit 0 if there is nothing to do, 2 if there is."),
    emit: Emit = typer.Option(Emit.overlay, "--emit", help="overlay: plain values; configmap: a ConfigMap for valuesFrom."),
    name: Optional[str] = typer.Option(None, "--name", help="ConfigMap name for --emit configmap."),
    namespace: str = typer.Option("bigbang", "--namespace", help="ConfigMap namespace for --emit configmap."),
    label_removal: LabelRemoval = LabelRemovalOption,
    gateway: Optional[list[str]] = GatewayOption,
    in_place: bool = typer.Option(False, "--in-place", help="Edit the input files instead of printing an overlay."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --in-place: print the diff of each file, write nothing."),
    target: Optional[str] = typer.Option(None, "--target", metavar="FILE",
                                         help="With --in-place: the file that receives new keys (default: the last input)."),
    backup: bool = typer.Option(True, "--backup/--no-backup", help="With --in-place: keep FILE.bak copies."),
    force: bool = typer.Option(False, "--force", help="With --in-place: overwrite existing .bak files."),
    values_key: str = ValuesKeyOption,
    bigbang_version: Optional[str] = VersionOption,
    show_secrets: bool = ShowSecretsOption,
) -> int:
    """Print the overlay that moves the merged values to another Istio mode (give it as the last -f)."""
    from bbvalues.helm.merge import merge_sources
    from bbvalues.migrate.planner import MigrationOptions, plan_migration

    if emit is Emit.configmap and not name:
        raise fail("--emit configmap needs --name NAME")
    inputs, release = load(files, values, values_key, bigbang_version)
    plan = plan_migration(inputs, MigrationOptions(to.value, label_removal.value, tuple(gateway or ())), release)
    redactor = redactor_for(inputs, show_secrets)
    for message in plan.warnings:
        warn(redactor.text(message))
    if check:
        raise typer.Exit(EXIT_CHANGES if plan.has_work else EXIT_OK)
    if in_place:
        return _in_place(plan, inputs, target, dry_run, backup, force, redactor)
    effective = merge_sources(inputs.sources)
    text = _render(plan, effective, output, emit, name, namespace, redactor)
    write_output(text, output_file, input_names(files, values))
    _report(plan, redactor)
    raise typer.Exit(EXIT_BLOCKING if plan.blocking else EXIT_OK)


def _render(plan, effective, output: MigrateFormat, emit: Emit, name: Optional[str], namespace: str,
            redactor) -> str:
    """The overlay is an artifact (applied as the last values file), so it keeps real values; the
    other formats are reports and go through `redactor`."""
    from bbvalues.migrate.overlay import render_overlay
    from bbvalues.migrate.views import as_configmap, effective_after, json_patch, values_diff
    from bbvalues.report.plan_json import plan_as_json
    from bbvalues.report.redact_reports import redacted_plan

    if output is MigrateFormat.json:
        return json.dumps(plan_as_json(redacted_plan(plan, redactor)), indent=2) + "\n"
    if output in (MigrateFormat.jsonpatch, MigrateFormat.diff):
        before, after = redactor.pair(effective.values, effective_after(plan, effective))
        if output is MigrateFormat.diff:
            return values_diff(before, after)
        return json.dumps(json_patch(before, after), indent=2) + "\n"
    overlay = render_overlay(plan)
    return as_configmap(overlay, name, namespace) if emit is Emit.configmap else overlay


def _report(plan, redactor) -> None:
    """Required edits and caveats on stderr, where a reviewer running the command sees them (only
    what is printed is redacted: the plan's values are not)."""
    from bbvalues.documents.yamltree import dotted_path

    for edit in plan.required_edits:
        where = str(edit.origin) if edit.origin else "(position unknown)"
        say(f"required edit: {where}: {edit.verb} {dotted_path(edit.path)} [{edit.rule}] {redactor.text(edit.reason)}")
    for caveat in plan.caveats:
        say(f"caveat: {redactor.text(caveat)}")


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


def _in_place(plan, inputs, target: Optional[str], dry_run: bool, backup: bool, force: bool, redactor) -> int:
    """Write the plan into the user's files (or print their diffs).

    All or nothing: a change the editor refuses (an anchored or aliased node, a quoted embedding)
    stops the run before any file is written, so no file is left half-migrated. The files get the
    real values; the --dry-run diff is a report (its context lines can show a neighbouring password),
    so it goes through `redactor`.
    """
    from bbvalues.migrate.inplace import apply_in_place, plan_in_place
    from bbvalues.report.progress import Progress

    result = plan_in_place(plan, inputs, target=target, progress=Progress)
    for message in result.warnings:
        warn(redactor.text(message))
    if result.refused:
        _report_refused(result.refused, redactor)
        raise typer.Exit(EXIT_ERROR)
    if dry_run:
        print_data(redactor.text(result.diff))
    elif not result.changed_files:
        say("nothing to do: the files already match the target mode")
    else:
        report = apply_in_place(result, backup=backup, force=force)
        for path in report.written:
            say(f"edited {path}")
        for path in report.backups:
            say(f"backup {path}")
    for caveat in plan.caveats:
        say(f"caveat: {redactor.text(caveat)}")
    raise typer.Exit(EXIT_BLOCKING if result.manual else EXIT_OK)
