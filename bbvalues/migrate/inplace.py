"""Realise a migration plan as edits of the user's own files (`bbvalues migrate --in-place`).

Where each edit goes:

- A change (`Change`: set a key) goes into the target: the last input, the one Helm and Flux
  merge last, or the file given with `--target`. For a ConfigMap/Secret input the edit happens
  inside its embedded `values.yaml: |` block. When the target sets a parent of the key to null (or
  another non-map) over a map an earlier input sets, Helm ignores that map today; the change makes
  the parent a map, which Helm would merge with it, so the hidden keys are deleted from those
  earlier inputs too (with a warning).
- A required edit that deletes (`RequiredEdit.deletes`: remove a key the user set) goes to every
  input that sets the key, starting with the file and line in its origin: removing it only from the
  last file would let an earlier file's value win again. Required edits that rewrite an entry or
  label a Service are not guessed: they are listed in `InPlaceResult.manual` and in the warnings.

Nothing is written by `plan_in_place`: it returns each file's new text and a unified diff
(`--dry-run` prints `InPlaceResult.diff`). Before returning, every edited values document is read
back the way Helm reads it and compared with "input values + edits"; a mismatch is an internal error
and nothing is written. `apply_in_place` then writes all changed files in one transaction
(`bbvalues.documents.write.write_files`). Files whose content does not change are not rewritten.

CLI wiring: `plan_in_place(plan, inputs, target=args.target)`; print `result.warnings` and
`result.refused` (edits refused on anchors, aliases or merge keys: each names file, line and the
fix); with `--dry-run` print `result.diff`, else `apply_in_place(result, backup=args.backup,
force=args.force)`. A non-empty `result.refused` leaves work undone, so exit as for a plan with
required edits.
"""

from __future__ import annotations

import os

from bbvalues.documents.composer import tracked
from bbvalues.documents.edit import DeleteKey, Edit, EditResult, SetValue, apply_edits, apply_edits_embedded
from bbvalues.documents.inputs import STDIN, InputSet, ValuesSource, load_inputs, read_file, starts_with_bom
from bbvalues.documents.write import WriteReport, write_files
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap, dotted_path, to_python, yaml_kind
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import delete_path, get_path, has_path, nest, same_values
from bbvalues.helm.merge import merge_sharing, merge_values
from bbvalues.migrate.plan import MigrationPlan, RequiredEdit
from bbvalues.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

_BOM = "\ufeff"
_MISSING = object()


# Records, not dataclasses (bbvalues.records says why).

class FileEdit(Record):
    """One file's text before and after the edits; `existed` is False when the target file does not exist yet."""

    __slots__ = ("after", "before", "existed", "name", "path")

    def __init__(self, path: str, name: str, before: str, after: str, existed: bool):
        self.path, self.name, self.before, self.after, self.existed = path, name, before, after, existed

    __hash__ = None  # unhashable, as the mutable dataclass it replaces was

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def diff(self) -> str:
        return unified_diff(self.before, self.after, self.name)


class InPlaceResult(Record):
    """Per-file edits (nothing written yet), warnings, refused edits and required edits left to a person;
    `inputs` is every input file, for the writer's link check."""

    __slots__ = ("files", "inputs", "manual", "refused", "warnings")

    def __init__(self, files: list[FileEdit] | None = None, warnings: list[str] | None = None,
                 refused: list[BBValuesError] | None = None, manual: list[RequiredEdit] | None = None,
                 inputs: list[str] | None = None):
        self.files = [] if files is None else files
        self.warnings = [] if warnings is None else warnings
        self.refused = [] if refused is None else refused
        self.manual = [] if manual is None else manual
        self.inputs = [] if inputs is None else inputs

    __hash__ = None  # unhashable: its lists are filled after it is made

    @property
    def changed_files(self) -> list[FileEdit]:
        return [file for file in self.files if file.changed]

    @property
    def diff(self) -> str:
        return "".join(file.diff for file in self.changed_files)


def plan_in_place(plan: MigrationPlan, inputs: InputSet, *, target: str | None = None,
                  annotate: bool = False, progress: Callable[[str, int], Any] | None = None) -> InPlaceResult:
    """Map `plan` onto the input files: per-file new text and diff; nothing is written.

    `target` is the file that receives the keys the plan sets (default: the last input).
    `annotate` adds an end-of-line `# bbvalues: RULE` comment to each key newly written.
    `progress(label, total)` makes the display of each file's editing (see `load_inputs`).
    """
    target_source = _target_source(inputs, target)
    work = _Work()
    result = InPlaceResult(inputs=[source.fs_path for source in inputs.sources if source.fs_path is not None])
    later = _sources_after(inputs.sources, target_source)
    earlier = _sources_before(inputs.sources, target_source)
    earlier_values = merge_values(source.values for source in earlier)
    # Required deletes go first: one may remove a broken parent (a null `labels:`) of a key a change then sets.
    required_notes = _queue_required_deletes(plan, inputs, work, result)
    for change in plan.changes:
        shadow = next((source for source in reversed(later) if _overrides(source.values, change.path)), None)
        if shadow is not None:
            result.refused.append(_shadowed(change.path, target_source, shadow))
            continue
        hidden = _hidden_by_target(earlier_values, target_source, change.path, change.new)
        if hidden is not None:
            holders = [source for source in earlier if has_path(source.values, hidden)]
            result.warnings.append(_uncovering_warning(hidden, target_source, holders, change.path))
            for source in holders:
                work.add(source, DeleteKey(hidden))
        comment = f"bbvalues: {change.rule}" if annotate else None
        work.add(target_source, SetValue(tuple(change.path), change.new, comment))
    result.warnings.extend(required_notes)
    by_file: dict[str, list[tuple[ValuesSource, list[Edit]]]] = {}
    for source, edits in work.jobs.values():
        by_file.setdefault(source.file, []).append((source, edits))
    for name, jobs in by_file.items():
        result.files.append(_edit_file(name, jobs, result, progress))
    return result


def _queue_required_deletes(plan: MigrationPlan, inputs: InputSet, work: "_Work", result: InPlaceResult) -> list[str]:
    """Queue the required edits that delete a key; the others are a person's call, kept in `result.manual`.
    Returns what to tell the user about them."""
    notes = []
    for required in plan.required_edits:
        if not required.deletes:
            # rewriting an entry or labelling a Service is a person's call; say where
            where = f"{required.origin}: " if required.origin else ""
            result.manual.append(required)
            notes.append(f"{where}{required.verb} {dotted_path(required.path)} [{required.rule}] "
                         f"{required.reason} (not done by --in-place)")
            continue
        holders = _sources_setting(inputs.sources, required.path, required.origin)
        if not holders:
            notes.append(f"{dotted_path(required.path)}: no input sets it any more; nothing to delete")
        for source in holders:
            work.add(source, DeleteKey(tuple(required.path)))
    return notes


class _Work:
    """The edits for each values source, in the order they were planned."""

    def __init__(self):
        self.jobs: dict[int, tuple[ValuesSource, list[Edit]]] = {}

    def add(self, source: ValuesSource, edit: Edit) -> None:
        edits = self.jobs.setdefault(id(source), (source, []))[1]
        if isinstance(edit, DeleteKey) and _deleted_already(edits, edit.path):
            return  # e.g. a required delete under a key deleted because the target no longer hides it
        edits.append(edit)


def _deleted_already(edits: list[Edit], path: tuple) -> bool:
    """Whether a delete of `path` or a parent is queued with no set after it (which could bring the key back)."""
    for edit in reversed(edits):
        if isinstance(edit, SetValue):
            return False
        if path[:len(edit.path)] == edit.path:
            return True
    return False


def apply_in_place(result: InPlaceResult, backup: bool = True, force: bool = False) -> WriteReport:
    """Write every changed file of `result` in one transaction (see `write_files`)."""
    changed = result.changed_files
    return write_files({file.path: file.after for file in changed}, backup=backup, force=force,
                       inputs=result.inputs + [file.path for file in result.files],
                       expected={file.path: file.before for file in changed if file.existed})


def unified_diff(before: str, after: str, name: str) -> str:
    """`diff -u` / git style, with `a/` and `b/` labels and `\\ No newline at end of file` markers."""
    if before == after:
        return ""
    label = _diff_label(name)
    import difflib  # only a --dry-run prints the diff

    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=f"a/{label}", tofile=f"b/{label}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_label(name: str) -> str:
    """The path as `git apply -p1` expects it: relative to the working directory when possible."""
    if not os.path.isabs(name):
        return name
    path, directory = os.path.normpath(name), os.getcwd().rstrip(os.sep) + os.sep
    return path[len(directory):] if path.startswith(directory) else name.lstrip("/")


# -- choosing where edits go -------------------------------------------------------------------------

def _target_source(inputs: InputSet, target: str | None) -> ValuesSource:
    if target is None:
        if not inputs.sources:
            raise _nothing_to_edit(inputs.names)
        return _editable(inputs.sources[-1])
    matches = [source for source in inputs.sources if _same_file(source, target)]
    if matches:
        return _editable(matches[-1])
    if target == STDIN:
        raise BBValuesError("--target -: standard input cannot be edited in place")
    if os.path.exists(target):
        loaded = load_inputs([target])
        if not loaded.sources:
            raise BBValuesError("holds no values to edit (no ConfigMap/Secret with values.yaml)", file=target)
        return _editable(loaded.sources[-1])
    return ValuesSource(file=target, text="", document=to_python(None, LineMap(target)), fs_path=target)


def _nothing_to_edit(names: list[str]) -> BBValuesError:
    """No input holds a values document (e.g. only a HelmRelease without `spec.values`): say which files."""
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else (names or ["the input"])[0]
    return BBValuesError(f"nothing to edit in place: no values document in {listed} (a values file, or a "
                         "ConfigMap/Secret with the values key)", file=names[-1] if names else None,
                         hint="pass --target FILE to write the changes to a values file (it is created if missing)")


def _editable(source: ValuesSource) -> ValuesSource:
    if source.file in (STDIN, "<stdin>"):
        raise BBValuesError("standard input cannot be edited in place", hint="pass the file name, or use --target FILE")
    if source.release_inline:
        raise BBValuesError("values inline in a HelmRelease (spec.values) are not edited in place", file=source.file,
                            hint="move them to a ConfigMap/values file, or pass --target FILE")
    return source


def _same_file(source: ValuesSource, target: str) -> bool:
    if source.file == target:
        return True
    mine = source.fs_path or source.file
    try:
        return os.path.exists(mine) and os.path.exists(target) and os.path.samefile(mine, target)
    except OSError:
        return False


def _sources_before(sources: list[ValuesSource], target: ValuesSource) -> list[ValuesSource]:
    """The inputs Helm merges before the target (all of them when the target is a new file)."""
    for position, source in enumerate(sources):
        if source is target:
            return sources[:position]
    return list(sources)


def _sources_after(sources: list[ValuesSource], target: ValuesSource) -> list[ValuesSource]:
    """The inputs Helm merges after the target (none when the target is the last input or a new file)."""
    for position, source in enumerate(sources):
        if source is target:
            return sources[position + 1:]
    return []


def _overrides(values: Any, path: tuple) -> bool:
    """Whether these values set `path`, or replace a parent of it with something that is not a mapping."""
    for key in path:
        if not isinstance(values, dict):
            return True
        if key not in values:
            return False
        values = values[key]
    return True


def _hidden_by_target(earlier_values: dict, target: ValuesSource, path: tuple, new: Any) -> tuple | None:
    """The key on `path` that the target sets to a null, scalar or list, over a map the earlier inputs set.

    Helm replaces a map with a later non-map but merges a later map into it: once the change makes
    the target's value a map, the keys it hides today would count again. None when nothing is hidden.
    """
    depth = len(path) if isinstance(new, dict) else len(path) - 1
    for end in range(1, depth + 1):
        mine = get_path(target.values, path[:end], _MISSING)
        if mine is _MISSING:
            return None
        if not isinstance(mine, dict):
            theirs = get_path(earlier_values, path[:end])
            return tuple(path[:end]) if isinstance(theirs, dict) and theirs else None
    return None


def _uncovering_warning(hidden: tuple, target: ValuesSource, holders: list[ValuesSource], path: tuple) -> str:
    value = yaml_kind(get_path(target.values, hidden))
    return (f"{dotted_path(hidden)}: {target.label} sets it to {value}, which hides what "
            f"{', '.join(holder.label for holder in holders)} set under it; writing {dotted_path(path)} makes it a "
            "map, which Helm would merge with the hidden keys, so they are deleted (Helm ignores them today)")


def _shadowed(path: tuple, target: ValuesSource, later: ValuesSource) -> BBValuesError:
    origin = next((later.origins[path[:n]] for n in range(len(path), 0, -1) if path[:n] in later.origins), None)
    return BBValuesError(
        f"cannot set {dotted_path(path)} in {target.label}: {later.label}, merged after it, sets it too and would win",
        origin, file=later.file, hint="drop --target (the last input gets the change), or edit that file")


def _sources_setting(sources: list[ValuesSource], path: tuple, origin) -> list[ValuesSource]:
    """Every input that sets `path`, the origin's file first (it is the one Helm currently uses)."""
    holders = [source for source in sources if has_path(source.values, path)]
    holders.sort(key=lambda source: 0 if origin is not None and source.file == origin.file else 1)
    return holders


# -- editing one file --------------------------------------------------------------------------------

def _edit_file(name: str, jobs: list[tuple[ValuesSource, list[Edit]]], result: InPlaceResult,
               progress: Callable[[str, int], Any] | None) -> FileEdit:
    path = jobs[0][0].fs_path or name
    existed, text = _read_current(path, name, jobs[0][0])
    with tracked(progress, f"editing {name}", 2 * len(text)) as tracker:  # composed for the editor, then read back
        new_text = _edited_text(name, text, jobs, result, tracker)
    return FileEdit(path, name, text, new_text, existed)


def _edited_text(name: str, text: str, jobs: list[tuple[ValuesSource, list[Edit]]], result: InPlaceResult,
                 progress: Any) -> str:
    new_text = text
    # Later embeddings first: editing one leaves the offsets of those above it valid.
    for source, edits in sorted(jobs, key=lambda job: -(job[0].embedding.content_start if job[0].embedding else 0)):
        if source.release_inline:
            result.refused.append(BBValuesError(
                f"cannot edit {', '.join(dotted_path(edit.path) for edit in edits)}: the values are inline in a "
                "HelmRelease (spec.values)", file=name, hint="edit them by hand"))
            continue
        if source.embedding is None:
            edited = apply_edits(new_text, edits, file=name, progress=progress, values=source.values,
                                 kept_events=source.document.kept_events)
        else:
            edited = apply_edits_embedded(new_text, source.embedding, edits, file=name, progress=progress)
        result.warnings.extend(edited.warnings)
        result.refused.extend(edited.refused)
        _verify(name, source, edited)
        new_text = edited.text
    return new_text


def _read_current(path: str, name: str, source: ValuesSource) -> tuple[bool, str]:
    """Whether the file exists, and its raw text (BOM kept): the text the plan was made from, which the file
    must still hold when it is written (`write_files(expected=...)` compares them then)."""
    if not source.text and not os.path.exists(path):
        return False, ""
    text = source.text or read_file(path, name)[1]
    return True, _BOM + text if starts_with_bom(path, name) else text


# -- proving the edit: the new text reads back as input + edits ----------------------------------------

def expected_values(values: dict, edits: list[Edit]) -> dict:
    """What Helm should read after `edits`: a set merges like one more values file, a delete removes.

    Only the mappings on the edited paths are copied (a big file's values are not copied whole); the
    rest is shared with `values`, which stays as it is.
    """
    result = dict(values)
    owned = {id(result)}
    for edit in edits:
        if isinstance(edit, DeleteKey):
            _own_path(result, edit.path[:-1], owned)
            delete_path(result, edit.path)
        else:
            merge_sharing(result, nest(edit.path, edit.value), owned)
    return result


def _own_path(values: dict, path: tuple, owned: set[int]) -> None:
    """Give each mapping along `path` a copy of its own (once), so that changing it leaves the original alone."""
    parent = values
    for key in path:
        child = parent.get(key)
        if not isinstance(child, dict):
            return
        if id(child) not in owned:
            child = parent[key] = dict(child)
            owned.add(id(child))
        parent = child


def read_back(text: str, source: ValuesSource, name: str) -> dict:
    """Helm's view of the values `source` designates inside the (edited) file `text`."""
    body = text.removeprefix(_BOM)
    if source.embedding is None:
        documents = read_documents(body, LineMap(name))
        return documents[0].value if documents and documents[0].value is not None else {}
    reloaded = load_inputs([STDIN], values_key=source.embedding.key, stdin_text=body)
    for candidate in reloaded.sources:
        embedding = candidate.embedding
        if embedding and (embedding.kind, embedding.name) == (source.embedding.kind, source.embedding.name):
            return candidate.values
    raise BBValuesError(f"{source.embedding.kind} {source.embedding.name} is gone after editing", file=name)


def _verify(name: str, source: ValuesSource, edited: EditResult) -> None:
    """A values file is read back by the editor's last reading of the new text, which is what `read_back`
    would do again; a manifest is read again whole, as its embedding must still hold."""
    try:
        actual = edited.values if source.embedding is None else read_back(edited.text, source, name)
    except BBValuesError as exc:
        raise BBValuesError(f"internal error: the edited file does not read back ({exc.message}); "
                            "nothing was written, please report this", file=name) from None
    wanted = expected_values(source.values, edited.applied)
    if not same_values(actual, wanted):
        raise BBValuesError("internal error: the edited file would not give the planned values; "
                            "nothing was written, please report this", file=name)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
