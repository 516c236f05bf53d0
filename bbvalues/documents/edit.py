"""Edit values text in place, changing only the bytes that carry a change (pyupgrade-style).

The text is composed with libyaml (documents.composer) to find *where* each key and value sits
(character offsets); each edit becomes a few splices of that text and nothing else is re-printed.
Comments, blank lines, key order, quoting, flow collections, indentation, block scalars, long
lines, line endings (LF, CRLF, a lone CR: see documents.linebreaks), a BOM and a missing final
newline therefore survive by construction; new lines get the file's own line ending. Edits that
cannot see each other are spliced together, and so are a plan's groups of edits (new keys under one
new key, deletes from one mapping), written as one edit after the other would write them; an edit
that touches what an earlier one changed waits until the text is composed again, so edits take
effect in order. New entries follow the indentation found in the text as it was before the edits.

API: `apply_edits(text, edits, file=...)` for a values file, `apply_edits_embedded(text,
embedding, edits, file=...)` for values in a ConfigMap/Secret block scalar; both return an
`EditResult(text, warnings, refused, applied)`. A block that ends a file without a final newline
keeps its value: a new key goes before the last entry there, since a line after a `|` block would
give the block a trailing newline.

Decisions a reviewer may want to know:

- Setting a key that Helm already reads as the same value is a no-op; setting a mapping merges
  into the existing mapping key by key (like a values overlay would).
- A new key goes after the last entry of its parent mapping, at the indentation of its siblings;
  missing parents are created with the file's most common indentation step and its sequence style
  (indentless or not). Comments that follow the parent's last entry stay below the new key.
- A key added to a flow mapping (`labels: {app: x}`) is added inside that flow mapping
  (`{app: x, protect: keycloak}`): the user chose flow style there, and converting the whole
  mapping to block style would rewrite lines that carry no change.
- Deleting a key removes exactly its lines (its key line through its last value line, comments in
  between included); comments above and below it stay. A block mapping left empty becomes `{}`,
  not null: a null would delete the chart's defaults (DOMAIN.md, "Nulls").
- Duplicate keys: Helm uses the last occurrence, so that is the one edited, with a warning.
  Deleting a duplicated key deletes every occurrence, otherwise Helm would fall back to the first.
- Anchors and aliases: an edit that would change an anchored node, go through an alias, or drop an
  anchor other keys refer to is refused (reported in `EditResult.refused` with file and line); the
  other edits are still applied.
"""

from __future__ import annotations

from collections import Counter, deque

from bbvalues.documents.composer import KeptEvents, NeedsTheWholeTree
from bbvalues.documents.cutshort import Cut, moved, planned_cuts, read_cut_short, spliced
from bbvalues.documents.inputs import Embedding, refuse_second_bom
from bbvalues.documents.linebreaks import BREAK_CHARS, LineBreaks, dominant, has_break, split_lines
from bbvalues.documents.paths import same_values
from bbvalues.documents.pruned import compose_pruned, edited_paths_trie
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import (
    LineMap, MappingNode, Node, ScalarNode, SequenceNode, compose_documents, dotted_path, key_text,
    scalar_value, to_python, walk as value_paths,
)
from bbvalues.errors import BBValuesError, Origin
from bbvalues.documents.scalars import IMPLICIT_KEY_LIMIT, double_quoted, format_key, format_scalar, single_quoted
from bbvalues.records import named_tuple, Record, replaced

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence

BOM = "\ufeff"
_BLANKS = " \t" + BREAK_CHARS
_SCALAR_TYPES = (str, bool, int, float, type(None))


# Records, not dataclasses (bbvalues.records says why).

@named_tuple
class SetValue:
    """Make `path` read as `value` (a scalar, or a small dict/list written in block style)."""

    path: tuple[str, ...]
    value: Any
    comment: str | None = None  # end-of-line `# comment` on a newly written key


@named_tuple
class DeleteKey:
    """Remove `path` (every occurrence, if the key is duplicated) from the document."""

    path: tuple[str, ...]


Edit = SetValue | DeleteKey


class EditResult(Record):
    """The edited text, warnings for the user, and the edits that were refused (with file and line).

    `applied` lists the edits that were carried out or found already true, after a mapping value
    was split into one edit per key; the text reads as the input with exactly these applied.
    `values` is Helm's view of the edited values document as the editor's last reading of the new text
    gives it ({} when empty; for an embedding, of the values inside the block), so a caller checks it
    without reading the text again.
    """

    __slots__ = ("applied", "refused", "text", "values", "warnings")

    def __init__(self, text: str, warnings: list[str] | None = None, refused: list[BBValuesError] | None = None,
                 applied: list[Edit] | None = None, values: Any = None):
        self.text = text
        self.warnings = [] if warnings is None else warnings
        self.refused = [] if refused is None else refused
        self.applied = [] if applied is None else applied
        self.values = values

    __hash__ = None  # unhashable: its lists are filled after it is made


def apply_edits(text: str, edits: Sequence[Edit], *, file: str, progress: Any = None,
                values: Any = None, kept_events: KeptEvents | None = None) -> EditResult:
    """Apply `edits` to the values text of `file` (one YAML document; raw text, BOM and CRLF kept).

    The text is composed only along the edited paths (`documents.pruned`). `progress` (see
    `compose_documents`) hears of each parse of the text. `values`, the text's values when the caller
    has them: the edited text's values (`EditResult.values`) share every part the edits leave equal.
    `kept_events`, the text's events when the reader kept them (`ParsedDocument.kept_events`): the text
    is composed from them instead of parsed again.
    Returns the text unchanged (the same string) when every edit is a no-op.
    """
    return _apply(text, edits, _Place(file), progress=progress, values=values, kept_events=kept_events)


def apply_edits_embedded(text: str, embedding: Embedding, edits: Sequence[Edit], *, file: str,
                         progress: Any = None) -> EditResult:
    """Apply `edits` to the values embedded in a ConfigMap/Secret block scalar of manifest `text`.

    Only the block's lines that carry a change are rewritten, at the block's indentation; the rest
    of the manifest is left as it is. Quoted or base64 embeddings are refused with a BBValuesError.
    """
    if not embedding.block:
        encoded = "base64-encoded" if embedding.kind == "Secret" and embedding.field == "data" else "a quoted string"
        raise BBValuesError(
            f"{embedding.kind} {embedding.name}: {embedding.field}.{embedding.key} holds the values as {encoded}; "
            "bbvalues edits embedded values only inside a block scalar", file=file,
            hint=f"rewrite it as `{embedding.key}: |` followed by the values (stringData for a Secret), "
                 "or use the overlay output instead of --in-place")
    bom, body = _split_bom(text)
    outer_lines = split_lines(body[embedding.content_start:embedding.content_end])
    inner_lines = [_dedent(line, embedding.indent) for line in outer_lines]
    place = _Place(file, LineBreaks(body).line_number(embedding.content_start), embedding.indent)
    inner = "".join(inner_lines)
    values_text, stripped = _strip_chomped(inner) if embedding.stripped else (inner, "")
    # a one-line block says nothing about line endings
    result = _apply(values_text, edits, place, dominant(body), progress=progress)
    if result.text == values_text:
        return EditResult(text, result.warnings, result.refused, result.applied, result.values)
    edited = _restripped(result.text, stripped, embedding, file) if embedding.stripped else result.text
    region = _reindent(outer_lines, inner_lines, split_lines(edited + stripped), embedding.indent)
    new_body = body[:embedding.content_start] + region + body[embedding.content_end:]
    return EditResult(bom + new_body, result.warnings, result.refused, result.applied, result.values)


# -- the edit loop ---------------------------------------------------------------------------------

@named_tuple
class _Place:
    """Where the edited text sits in its file (embedded values start further down and to the right)."""

    file: str
    line_offset: int = 0
    column_offset: int = 0


class _Refused(Exception):
    def __init__(self, error: BBValuesError):
        super().__init__(error.message)
        self.error = error


@named_tuple
class _Splice:
    """Replace text[start:end] with `text` (positions in the text the edit was planned on)."""

    start: int
    end: int
    text: str


_WHOLE = None  # a claim on every key of a mapping


class _NewEntries(Record):
    """Chains of new keys (keys, value, comment) under one block mapping, all starting with one new key."""

    __slots__ = ("chains", "parent")
    __hash__ = None

    def __init__(self, parent: MappingNode | None, chains: list[tuple[tuple, Any, str | None]]):
        self.parent, self.chains = parent, chains

    def can_take(self, other: "_NewEntries") -> bool:
        """Whether `other` adds other keys under the same new key (never the same key, nor one below
        a key set here: that edit changes what this one writes, so it waits for the next parse)."""
        return (other.parent is self.parent and other.chains[0][0][0] == self.chains[0][0][0]
                and not any(_overlap(keys, theirs) for keys, _v, _c in self.chains for theirs, _v2, _c2 in other.chains))

    def take(self, other: "_NewEntries") -> None:
        self.chains += other.chains

    def splices(self, doc: "_Document") -> list[_Splice]:
        return [_insert_entry(doc, self.parent, self.chains)]


class _Deletions(Record):
    """Entries deleted from one block mapping; `holder` is the entry whose value the mapping is (None
    for the document's own mapping)."""

    __slots__ = ("doomed", "holder", "mapping")
    __hash__ = None

    def __init__(self, mapping: MappingNode, holder: _Entry | None, doomed: list[_Entry]):
        self.mapping, self.holder, self.doomed = mapping, holder, doomed

    def can_take(self, other: "_Deletions") -> bool:
        return other.mapping is self.mapping and not {id(entry.key) for entry in self.doomed} & {
            id(entry.key) for entry in other.doomed}

    def take(self, other: "_Deletions") -> None:
        self.doomed += other.doomed

    def splices(self, doc: "_Document") -> list[_Splice]:
        splices = [_delete_block_entry(doc, entry) for entry in self.doomed]
        if len(self.doomed) == len(self.mapping.value) and self.holder is not None:
            # An empty block mapping would read as null, and a null deletes the chart's defaults.
            colon = doc.colon(self.holder)
            splices.append(_Splice(colon + 1, colon + 1, " {}"))
        return splices


def _overlap(a: tuple, b: tuple) -> bool:
    return a[:len(b)] == b or b[:len(a)] == a


class _Outcome(Record):
    """What one edit does to the parsed text: its splices, and what it touches.

    `claims`: (id of a mapping, the key it gains) or (id, _WHOLE): the mappings whose keys this edit
    changes; `appends_to`: id of the block mapping a new entry is appended to; `group`: what edits
    like this one can share with it.
    """

    __slots__ = ("appends_to", "claims", "expand", "group", "splices", "warnings")
    __hash__ = None

    def __init__(self, splices: list[_Splice] | None = None, expand: list[Edit] | None = None,
                 warnings: list[str] | None = None, claims: set[tuple[int, str | None]] | None = None,
                 appends_to: int | None = None, group: _NewEntries | _Deletions | None = None):
        self.splices = [] if splices is None else splices
        self.expand = [] if expand is None else expand
        self.warnings = [] if warnings is None else warnings
        self.claims = set() if claims is None else claims
        self.appends_to, self.group = appends_to, group

    def absorb(self, other: "_Outcome", doc: "_Document") -> bool:
        """Take in `other`'s change when both write new keys under one new key of a block mapping
        (several labels under a `values:` that is not there yet), or both delete keys of one block
        mapping (every waypoint label of a Service): done together, exactly as one edit after the
        other would do them, they need no parse in between. A plan's edits come in such groups, one
        group per package: without this, each edit of a group would cost a parse of the whole file."""
        mine, theirs = self.group, other.group
        if mine is None or type(mine) is not type(theirs) or not mine.can_take(theirs):
            return False
        mine.take(theirs)
        self.splices = mine.splices(doc)
        return True

    def conflicts_with(self, other: "_Outcome") -> bool:
        """Edits planned on one parse can be applied together only if they cannot see each other.

        New entries with different keys appended to one block mapping are independent: their lines
        go to the same place, in edit order (see `_splice`), so one parse serves them all.
        """
        if any(mine[0] == theirs[0] and (mine[1] == theirs[1] or _WHOLE in (mine[1], theirs[1]))
               for mine in self.claims for theirs in other.claims):
            return True
        appending = self.appends_to is not None and self.appends_to == other.appends_to
        return any(a.start <= b.end and b.start <= a.end and not (appending and a.start == a.end == b.start == b.end)
                   for a in self.splices for b in other.splices)


def _apply(text: str, edits: Sequence[Edit], place: _Place, newline: str | None = None,
           progress: Any = None, values: Any = None, kept_events: KeptEvents | None = None) -> EditResult:
    for edit in edits:
        _check_edit(edit)
    bom, body = _split_bom(text)
    newline = newline or dominant(body)  # kept even if an edit removes every line
    doc = _Document.parse(body, place, newline, edited_paths_trie(edit.path for edit in edits), progress, kept_events)
    warnings: list[str] = []
    refused: list[BBValuesError] = []
    applied: list[Edit] = []
    queue = deque(edits)
    final, produced_by = body, []
    cuts = planned_cuts(kept_events.events, body) if kept_events is not None and kept_events.holds(body) else []
    while queue:
        new_text, planned, splices = _edit_batch(doc, queue, warnings, refused, applied)
        if new_text == doc.text:
            continue
        # positions in the text the reader kept events of: the first batch's only
        cuts = moved(cuts, splices, doc.text, new_text) if doc.text is body else []
        final, produced_by = new_text, planned
        if queue:  # the next edits are planned on the new text, composed
            doc = doc.edited(new_text, planned, progress)
    # The final text is only read: the tree holds the edited paths alone, and is let go first (a big
    # file's tree and the new values need not coexist).
    doc = None
    return EditResult(text if final == body else bom + final, warnings, refused, applied,
                      _read_values(final, place, produced_by, progress, values, cuts))


def _edit_batch(doc: "_Document", queue: deque, warnings: list[str], refused: list[BBValuesError],
                applied: list[Edit]) -> tuple[str, list[Edit], list[_Splice]]:
    """Plan as many edits as possible on one parse (composing is the slow part): the text they make
    together, the edits planned and their splices. An edit that touches what an earlier one in the batch changes
    waits for the next parse, and so does everything after it, so edits take effect in order."""
    batch: list[_Outcome] = []
    planned: list[Edit] = []
    while queue:
        edit = queue[0]
        try:
            outcome = _set_value(doc, edit) if isinstance(edit, SetValue) else _delete_key(doc, edit)
        except _Refused as refusal:
            queue.popleft()
            refused.append(refusal.error)
            continue
        conflicting = [earlier for earlier in batch if outcome.conflicts_with(earlier)]
        if conflicting and not (len(conflicting) == 1 and conflicting[0].absorb(outcome, doc)):
            break
        queue.popleft()
        if not conflicting:
            batch.append(outcome)
        planned.append(edit)
        warnings.extend(w for w in outcome.warnings if w not in warnings)
        queue.extendleft(reversed(outcome.expand))
        if not outcome.expand:
            applied.append(edit)
    splices = [outcome.splices for outcome in batch]
    return _splice(doc.text, splices), planned, [splice for made in splices for splice in made]


def _read_values(text: str, place: _Place, produced_by: list[Edit], progress: Any, share: Any,
                 cuts: list[Cut]) -> Any:
    """Helm's view of the text that the last edits produced (sharing what it can with `share`), read with
    the middles of its untouched big scalars cut out where that reading stands for the full one."""
    lines = LineMap(place.file)
    documents = read_cut_short(text, cuts, lines, progress, share) if cuts else None
    try:
        if documents is None:
            documents = read_documents(text, lines, progress, share, positions=False)
    except BBValuesError as exc:
        raise _invalid_yaml(exc, produced_by, place) from None
    value = documents[0].value if documents else None
    return {} if value is None else value


def _invalid_yaml(exc: BBValuesError, produced_by: list[Edit], place: _Place) -> BBValuesError:
    paths = ", ".join(dotted_path(edit.path) for edit in produced_by)
    return BBValuesError(f"internal error: editing {paths} produced invalid YAML ({exc.message}); "
                         "nothing was written, please report this", file=place.file)


def _splice(text: str, splices_per_edit: list[list[_Splice]]) -> str:
    """The text with every splice made, front to back, joined once. Insertions at one point keep edit
    order; a batch's splices never overlap (`_Outcome.conflicts_with`)."""
    ordered = [splice for _start, _end, _order, splice in sorted(
        ((splice.start, splice.end, order, splice) for order, splices in enumerate(splices_per_edit)
         for splice in splices), key=lambda item: item[:3])]
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise AssertionError(f"overlapping splices at {after.start}")  # a bug in the batching: nothing is written
    return spliced(text, ordered)


def _check_edit(edit: Edit) -> None:
    if not isinstance(edit, (SetValue, DeleteKey)):
        raise TypeError(f"not an edit: {edit!r}")
    if not edit.path or not all(isinstance(part, str) for part in edit.path):
        raise TypeError(f"an edit path is a non-empty tuple of strings: {edit.path!r}")
    if isinstance(edit, SetValue):
        _check_value(edit.value, edit.path)


def _check_value(value: Any, path: tuple) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{dotted_path(path)}: mapping keys must be strings, not {key!r}")
            _check_value(child, path + (key,))
    elif isinstance(value, list):
        for child in value:
            _check_value(child, path)
    elif not isinstance(value, _SCALAR_TYPES):
        raise TypeError(f"{dotted_path(path)}: cannot write a {type(value).__name__} as YAML")


def _refuse_long_keys(doc: "_Document", edit: SetValue) -> None:
    """New keys are written `key: value`, which libyaml reads only for a key shorter than its limit."""
    nested = [(len(edit.path) + len(path) - 1, path[-1]) for path, _value in value_paths(edit.value)
              if path and isinstance(path[-1], str)]
    keys = list(enumerate(edit.path)) + nested  # (depth, key)
    if any(doc.step * depth + len(format_key(key)) + 1 >= IMPLICIT_KEY_LIMIT for depth, key in keys):
        raise _Refused(BBValuesError(
            f"cannot write {dotted_path(edit.path)[:80]}...: a key of {IMPLICIT_KEY_LIMIT} characters or more must be "
            "written in the explicit `? key` form, which the in-place editor does not write", file=doc.place.file,
            hint="use the overlay output (bbvalues migrate without --in-place), or edit the key by hand"))


# -- the parsed document: node positions and the file's layout ---------------------------------------

@named_tuple
class _Entry:
    """One `key: value` pair of a mapping on the way to an edited key."""

    mapping: MappingNode
    key: Node
    value: Node


class _Document(Record):
    """The text being edited, composed: its values mapping, where it sits, and the file's layout."""

    __slots__ = ("breaks", "indentless", "keep", "newline", "place", "root", "step", "text")
    __hash__ = None

    def __init__(self, text: str, root: MappingNode | None, place: _Place, newline: str, step: int, indentless: bool,
                 breaks: LineBreaks, keep: dict):
        self.text, self.root, self.place, self.newline = text, root, place, newline
        self.step, self.indentless, self.breaks, self.keep = step, indentless, breaks, keep

    @classmethod
    def parse(cls, text: str, place: _Place, newline: str, keep: dict, progress: Any = None,
              kept_events: KeptEvents | None = None) -> "_Document":
        """`text` composed along the edited paths in `keep` (a `pruned.edited_paths_trie`)."""
        refuse_second_bom(text, place.file)
        root, (step, indentless) = _composed(text, place, keep, progress, kept_events)
        return cls(text, root, place, newline, step, indentless, LineBreaks(text), keep)

    def edited(self, text: str, produced_by: list[Edit], progress: Any = None) -> "_Document":
        """The text that edits of this document produced, composed again. The layout stays the one
        found in the text as written: new entries follow it."""
        try:
            root, _layout_of_edited = _composed(text, self.place, self.keep, progress)
        except BBValuesError as exc:
            raise _invalid_yaml(exc, produced_by, self.place) from None
        return replaced(self, text=text, root=root, breaks=LineBreaks(text))

    # positions -----------------------------------------------------------------------------------

    def origin(self, node: Node) -> Origin:
        mark, place = node.start_mark, self.place  # the reader counts lines as documents.linebreaks does
        return Origin(place.file, mark.line + 1 + place.line_offset, mark.column + 1 + place.column_offset)

    def line_of(self, node: Node) -> int:
        return self.origin(node).line

    def eol(self, index: int) -> int:
        """Where the line holding `index` ends (the start of its line break), or the end of the text."""
        return self.breaks.line_end(index)

    def after_eol(self, index: int) -> int:
        """The start of the next line (the end of the text on the last line)."""
        return self.breaks.next_line(index)

    def line_start(self, index: int) -> int:
        return self.breaks.line_start(index)

    def colon(self, entry: _Entry) -> int:
        """The `:` after a key (keys may be quoted, and `key :` is legal)."""
        index = entry.key.end_mark.index
        while index < len(self.text) and self.text[index] in " \t":
            index += 1
        if index >= len(self.text) or self.text[index] != ":":
            raise _Refused(BBValuesError("this key is written in a form bbvalues does not edit (complex `? key`)",
                                         self.origin(entry.key), hint="edit this key by hand"))
        return index

    def last_char(self, node: Node, after: int) -> int:
        """Index of the last character that belongs to `node`, whose text starts after index `after`."""
        if _is_alias_use(node, after):
            return self._alias_end(node, after)
        if isinstance(node, ScalarNode):
            if _is_empty_plain(node):
                return after
            if node.style in ("|", ">"):
                return self._block_scalar_last(node)
            return node.end_mark.index - 1
        if node.flow_style:
            return node.end_mark.index - 1
        if isinstance(node, MappingNode):
            key, value = node.value[-1]
            return self.entry_last(_Entry(node, key, value))
        end = node.start_mark.index  # the first dash
        for position, item in enumerate(node.value):
            if _is_alias_use(item, end) or _is_empty_plain(item):
                end = self.last_char(item, end if position == 0 else self._dash_after(end))
            else:
                end = self.last_char(item, item.start_mark.index - 1)
        return end

    def entry_last(self, entry: _Entry) -> int:
        return self.last_char(entry.value, self.colon(entry))

    def _block_scalar_last(self, node: ScalarNode) -> int:
        start, end = node.start_mark.index, node.end_mark.index
        header = self.text[start:self.eol(start)].split("#", 1)[0]
        if "+" in header:  # keep-chomping: trailing blank lines belong to the value
            return end - 1
        last = end - 1  # back over the trailing blanks (not a copy of the scalar, which may be megabytes)
        while last >= start and self.text[last].isspace():
            last -= 1
        return last

    def _alias_end(self, node: Node, after: int) -> int:
        star = self.text.index("*" + node.anchor, after)
        return star + len(node.anchor)

    def _dash_after(self, index: int) -> int:
        dash = self.text.find("-", index + 1)
        return dash if dash >= 0 else index

    # Helm's view ---------------------------------------------------------------------------------

    def key_name(self, node: Node) -> str | None:
        if not isinstance(node, ScalarNode):
            return None
        return key_text(scalar_value(node))  # called for every key on an edit's path: no full conversion

    def helm_value(self, node: Node) -> Any:
        return to_python(node, LineMap(self.place.file)).value


def _composed(text: str, place: _Place, keep: dict, progress: Any,
              kept_events: KeptEvents | None = None) -> tuple[MappingNode | None, tuple[int, bool]]:
    """The values mapping of `text` composed along the paths in `keep`, and the file's layout; a text
    with anchors, aliases or merge keys composed whole (the editor then looks across the file)."""
    try:
        nodes, layout = compose_pruned(text, place.file, keep, progress, kept_events)
    except NeedsTheWholeTree:
        root = _values_root(compose_documents(text, place.file, progress, kept_events), place)
        return root, _layout(root)
    return _values_root(nodes, place), layout


def _values_root(nodes: list[Node], place: _Place) -> MappingNode | None:
    """The one values mapping of a composed text (None when empty)."""
    if len(nodes) > 1:
        raise BBValuesError("holds several YAML documents; in-place editing works on one values document",
                            file=place.file, hint="give the values file itself, or the ConfigMap/Secret manifest")
    root = nodes[0] if nodes else None
    if _is_empty_plain(root):  # `---` alone, or only comments
        root = None
    if root is not None and not isinstance(root, MappingNode):
        raise BBValuesError("values must be a mapping to be edited in place", Origin(
            place.file, root.start_mark.line + 1 + place.line_offset),
            hint="an empty values file is fine; a bare `~` or list is not")
    return root


def _is_empty_plain(node: Node) -> bool:
    """A value written as nothing at all; an empty value with an anchor or a tag (`!!null`) has text to replace."""
    return (isinstance(node, ScalarNode) and node.style is None and node.value == "" and node.anchor is None
            and node.tag is None)


def _is_alias_use(node: Node, after: int) -> bool:
    """An alias `*name` is composed to the anchored node itself, which was written earlier in the text."""
    return node.anchor is not None and node.start_mark.index <= after


def _layout(root: MappingNode | None) -> tuple[int, bool]:
    """The file's usual indentation step and whether its block sequences are indentless."""
    steps: Counter[int] = Counter()
    sequences: Counter[bool] = Counter()
    seen: set[int] = set()
    pending: list[Node] = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            pending.extend(node.value)
        if not isinstance(node, MappingNode):
            continue
        for key, value in node.value:
            pending.append(value)
            if node.flow_style or getattr(value, "flow_style", True) or not value.value:
                continue
            if isinstance(value, MappingNode):
                step = value.value[0][0].start_mark.column - key.start_mark.column
                if step > 0:
                    steps[step] += 1
            elif isinstance(value, SequenceNode):
                sequences[value.start_mark.column == key.start_mark.column] += 1
    step = steps.most_common(1)[0][0] if steps else 2
    indentless = sequences[True] > sequences[False]
    return step, indentless


# -- finding a key -----------------------------------------------------------------------------------

class _Walk(Record):
    """The entries on the way to a key, and the part of its path that is missing; `merged_into`: the
    missing key may come from this mapping's `<<` merge key."""

    __slots__ = ("entries", "merged_into", "missing", "warnings")
    __hash__ = None

    def __init__(self, entries: list[_Entry], missing: tuple[str, ...], warnings: list[str],
                 merged_into: MappingNode | None = None):
        self.entries, self.missing, self.warnings, self.merged_into = entries, missing, warnings, merged_into

    @property
    def found(self) -> bool:
        return not self.missing


def _walk(doc: _Document, path: tuple[str, ...]) -> _Walk:
    """Follow `path` through the mappings; Helm uses the last of duplicated keys, so do we."""
    entries: list[_Entry] = []
    warnings: list[str] = []
    node: Node | None = doc.root
    for depth, name in enumerate(path):
        if not isinstance(node, MappingNode):
            return _Walk(entries, path[depth:], warnings)
        matches = [(key, value) for key, value in node.value if doc.key_name(key) == name]
        if not matches:
            merged = node if any(_is_merge_key(key) for key, _ in node.value) else None
            return _Walk(entries, path[depth:], warnings, merged)
        if len(matches) > 1:
            warnings.append(_duplicate_warning(doc, path[:depth + 1], [key for key, _ in matches]))
        entry = _Entry(node, *matches[-1])
        entries.append(entry)
        node = entry.value
    return _Walk(entries, (), warnings)


def _is_merge_key(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "<<" and node.style is None


def _duplicate_warning(doc: _Document, path: tuple, keys: list[Node]) -> str:
    lines = ", ".join(str(doc.line_of(key)) for key in keys)
    last = doc.origin(keys[-1])
    return (f"{last}: {dotted_path(path)} is set {len(keys)} times (lines {lines}); Helm uses the last one, "
            f"line {last.line}, so that is the one edited")


_ABSENT = object()


def _merged_value(doc: _Document, walk: _Walk, depth: int | None = None) -> Any:
    """What Helm reads at the missing part of the path through the mapping's `<<` merge key."""
    value = doc.helm_value(walk.merged_into)
    for name in walk.missing[:depth]:
        if not isinstance(value, dict) or name not in value:
            return _ABSENT
        value = value[name]
    return value


def _refuse_merged(doc: _Document, walk: _Walk, path: tuple, deleting: bool = False) -> None:
    merge_key = next(key for key, _ in walk.merged_into.value if _is_merge_key(key))
    where = dotted_path(path[:len(path) - len(walk.missing) + 1])
    why = ("deleting it means changing the merged mapping, which others may share" if deleting else
           "writing it next to the merge key would replace the merged value instead of changing it")
    raise _Refused(BBValuesError(
        f"cannot change {dotted_path(path)}: {where} comes from a merge key (<<); {why}", doc.origin(merge_key),
        hint="edit the merged mapping by hand"))


def _refuse_shared_nodes(doc: _Document, entries: list[_Entry], path: tuple, upto: int | None = None) -> None:
    """An anchored node is shared by every alias of it: changing it would change them all."""
    for depth, entry in enumerate(entries[:upto]):
        anchor = entry.value.anchor
        if anchor is None:
            continue
        where = dotted_path(path[:depth + 1])
        if _is_alias_use(entry.value, entry.key.start_mark.index):
            what = f"{where} is an alias (*{anchor}) of the block anchored at line {doc.line_of(entry.value)}"
        else:
            what = f"{where} is anchored (&{anchor}) and shared with its aliases"
        raise _Refused(BBValuesError(
            f"cannot change {dotted_path(path)}: {what}; changing it would change every place that uses *{anchor}",
            doc.origin(entry.key),
            hint="edit it by hand: replace the alias with a copy of the block, or change the anchored block knowingly"))


def _refuse_dropped_anchors(doc: _Document, entry: _Entry, path: tuple) -> None:
    """Replacing or deleting a subtree must not drop an anchor that aliases elsewhere still use."""
    start = entry.key.start_mark.index
    end = doc.entry_last(entry)
    pending = [entry.value]
    while pending:
        node = pending.pop()
        if not start <= node.start_mark.index <= end:
            continue  # an alias use: its anchored node lives outside this entry
        if node.anchor is not None:
            raise _Refused(BBValuesError(
                f"cannot change {dotted_path(path)}: it holds the anchor &{node.anchor} (line {doc.line_of(node)}) "
                "that aliases elsewhere refer to", doc.origin(entry.key),
                hint="edit it by hand, moving the anchor to a key that stays"))
        if isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            pending.extend(child for pair in node.value for child in pair)


# -- setting a value ---------------------------------------------------------------------------------

def _set_value(doc: _Document, edit: SetValue) -> _Outcome:
    _refuse_long_keys(doc, edit)
    walk = _walk(doc, edit.path)
    outcome = _Outcome(warnings=walk.warnings)
    if walk.found:
        entry = walk.entries[-1]
        if isinstance(edit.value, dict) and isinstance(entry.value, MappingNode):
            # A mapping merges into the existing one key by key, as Helm merges a values overlay.
            outcome.expand = [SetValue(edit.path + (key,), value, edit.comment) for key, value in edit.value.items()]
            return outcome
        if same_values(doc.helm_value(entry.value), edit.value):
            return outcome
    if walk.merged_into is not None:
        if same_values(_merged_value(doc, walk), edit.value):
            return outcome
        # An explicit key next to `<<` overrides the merged one whole: fine for a scalar, but it would
        # drop the rest of a merged mapping.
        if isinstance(_merged_value(doc, walk, 1), dict) and (len(walk.missing) > 1 or isinstance(edit.value, dict)):
            _refuse_merged(doc, walk, edit.path)
    _refuse_shared_nodes(doc, walk.entries, edit.path)
    if walk.found:
        entry = walk.entries[-1]
        _refuse_dropped_anchors(doc, entry, edit.path)
        outcome.splices = [_replace_value(doc, entry, (), edit.value, None)]
        return outcome
    if walk.entries and not isinstance(walk.entries[-1].value, MappingNode):
        # The parent is null (`upstream:`), a scalar or a list: it becomes a mapping.
        entry = walk.entries[-1]
        _refuse_dropped_anchors(doc, entry, edit.path)
        outcome.splices = [_replace_value(doc, entry, walk.missing, edit.value, edit.comment)]
        outcome.claims = {(id(entry.value), _WHOLE)}
        return outcome
    parent = walk.entries[-1].value if walk.entries else doc.root
    if parent is not None and parent.flow_style:  # its separators depend on what is already in it
        outcome.splices = [_insert_flow_entry(doc, parent, walk.missing, edit.value)]
        outcome.claims = {(id(parent), _WHOLE)}
        return outcome
    outcome.group = _NewEntries(parent, [(walk.missing, edit.value, edit.comment)])
    outcome.splices = outcome.group.splices(doc)
    outcome.claims = {(id(parent), walk.missing[0])}
    outcome.appends_to = id(parent)
    return outcome


def _insert_entry(doc: _Document, parent: MappingNode | None, chains: list[tuple[tuple, Any, str | None]]) -> _Splice:
    """New chains of keys at the end of a block mapping (or of an empty document)."""
    text = doc.text
    if parent is None:  # an empty document (or only comments): append at the end
        lines = _render_chains(doc, chains, 0)
        if not text.strip():
            return _Splice(len(text), len(text), doc.newline.join(lines) + doc.newline)
        return _insert_lines_after(doc, len(text) - 1 if text else 0, lines)
    column = _entry_column(doc, parent)
    lines = _render_chains(doc, chains, column)
    last = doc.last_char(parent, parent.start_mark.index - 1)
    if doc.eol(last) == len(text) and _ends_with_block_scalar(doc, parent):
        # `key: |` as the very last line of a file without a final newline: its value has no trailing
        # newline, and any line after it would add one. Put the new key before the last entry instead.
        at = _comment_block_start(doc, doc.line_start(parent.value[-1][0].start_mark.index))
        return _Splice(at, at, "".join(line + doc.newline for line in lines))
    return _insert_lines_after(doc, last, lines)


def _entry_column(doc: _Document, mapping: MappingNode) -> int:
    """The column a block mapping's entries start at: its first key's, or that of the `?` before it."""
    key = mapping.value[0][0]
    start = key.start_mark.index
    before = doc.text[doc.line_start(start):start].rstrip(" \t")
    if not before.endswith("?"):
        return key.start_mark.column
    question = doc.line_start(start) + len(before) - 1  # an explicit key: `? key` / `: value`
    return key.start_mark.column - (start - question)


def _ends_with_block_scalar(doc: _Document, node: Node) -> bool:
    """Whether the text of `node` ends with a block scalar whose chomping keeps a final line break."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    if not isinstance(node, ScalarNode) or node.style not in ("|", ">"):
        return False
    header = doc.text[node.start_mark.index:doc.eol(node.start_mark.index)].split("#", 1)[0]
    return "-" not in header


def _comment_block_start(doc: _Document, line_start: int) -> int:
    """Move up over the comment lines directly above a key: they introduce it and stay with it."""
    while line_start > 0:
        previous = doc.line_start(line_start - 1)
        if not doc.text[previous:line_start].lstrip().startswith("#"):
            break
        line_start = previous
    return line_start


def _insert_lines_after(doc: _Document, index: int, lines: list[str]) -> _Splice:
    """Insert whole lines after the line holding `index`; a missing final newline stays missing."""
    at = doc.eol(index)
    return _Splice(at, at, "".join(doc.newline + line for line in lines))


def _insert_flow_entry(doc: _Document, mapping: MappingNode, keys: tuple, value: Any) -> _Splice:
    text = doc.text
    close = mapping.end_mark.index - 1
    at = close
    while at > mapping.start_mark.index and text[at - 1] in _BLANKS:
        at -= 1
    item = f"{format_key(keys[0], flow=True)}: {_flow(_nest(keys[1:], value))}"
    separator = {"{": "", ",": " "}.get(text[at - 1], ", ")
    return _Splice(at, at, separator + item)


def _replace_value(doc: _Document, entry: _Entry, keys: tuple, value: Any, comment: str | None) -> _Splice:
    """Make `entry`'s value read as `_nest(keys, value)`, keeping the key line and its comment."""
    text = doc.text
    colon = doc.colon(entry)
    old = entry.value
    new = _nest(keys, value)
    if entry.mapping.flow_style:
        return _splice_inline(doc, entry, colon, _flow(new))
    if _writes_inline(new) or (getattr(old, "flow_style", False) and isinstance(new, (dict, list))):
        inline = _flow(new) if isinstance(new, (dict, list)) else _inline_like(old, new)
        if keys and comment:
            inline += f"  # {_one_line(comment)}"
        return _splice_inline(doc, entry, colon, inline)
    key_column = entry.key.start_mark.column
    if keys:
        lines = _render_chains(doc, [(keys, value, comment)], key_column + doc.step)
    elif isinstance(new, dict):
        lines = _render_mapping(doc, new, _child_column(doc, old, key_column, mapping=True))
    else:
        lines = _render_sequence(doc, new, _child_column(doc, old, key_column, mapping=False))
    last = doc.entry_last(entry)
    if _on_key_line(doc, entry, colon):
        # `key: old  # note` -> `key:  # note` followed by the new block
        start = colon + 1 if _is_empty_plain(old) else _value_start(doc, entry, colon)
        while start > colon + 1 and text[start - 1] in " \t":
            start -= 1
        end = doc.eol(last)
        return _Splice(start, end, text[last + 1:end] + "".join(doc.newline + line for line in lines))
    # the old value is a block collection on the following lines: replace exactly those lines
    return _Splice(doc.line_start(old.start_mark.index), doc.eol(last), doc.newline.join(lines))


def _value_start(doc: _Document, entry: _Entry, colon: int) -> int:
    if _is_alias_use(entry.value, colon):
        return doc.text.index("*", colon)
    return entry.value.start_mark.index


def _on_key_line(doc: _Document, entry: _Entry, colon: int) -> bool:
    old = entry.value
    if _is_empty_plain(old) or _is_alias_use(old, colon):
        return True
    if isinstance(old, ScalarNode) or getattr(old, "flow_style", False):
        return True
    return not has_break(doc.text[colon:old.start_mark.index])


def _child_column(doc: _Document, old: Node, key_column: int, mapping: bool) -> int:
    """Keep the old block's own indentation when a block collection replaces one."""
    if isinstance(old, MappingNode) and mapping and not old.flow_style:
        return _entry_column(doc, old)
    if isinstance(old, SequenceNode) and not mapping and not old.flow_style and old.value:
        return old.start_mark.column
    return key_column if not mapping and doc.indentless else key_column + doc.step


def _splice_inline(doc: _Document, entry: _Entry, colon: int, inline: str) -> _Splice:
    """Replace the value's own characters with `inline`; everything around it stays."""
    old = entry.value
    if _is_empty_plain(old):
        return _Splice(colon + 1, colon + 1, " " + inline)
    last = doc.entry_last(entry)
    if _on_key_line(doc, entry, colon):
        return _Splice(_value_start(doc, entry, colon), last + 1, inline)
    # a block collection on the following lines collapses onto the key line
    return _Splice(colon + 1, last + 1, " " + inline)


def _inline_like(old: Node, value: Any) -> str:
    """Keep the old scalar's quote style when the new value is a string too."""
    if isinstance(value, str) and isinstance(old, ScalarNode) and old.style in ('"', "'"):
        quoted = single_quoted(value) if old.style == "'" else None
        return quoted or double_quoted(value)
    return format_scalar(value)


def _writes_inline(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or not value


# -- deleting a key ----------------------------------------------------------------------------------

def _delete_key(doc: _Document, edit: DeleteKey) -> _Outcome:
    walk = _walk(doc, edit.path)
    outcome = _Outcome(warnings=walk.warnings)
    if not walk.found:
        if walk.merged_into is not None and _merged_value(doc, walk) is not _ABSENT:
            _refuse_merged(doc, walk, edit.path, deleting=True)
        outcome.warnings.append(f"{doc.place.file}: {dotted_path(edit.path)} is not set here; nothing to delete")
        return outcome
    _refuse_shared_nodes(doc, walk.entries, edit.path, upto=-1)
    mapping = walk.entries[-1].mapping
    name = edit.path[-1]
    doomed = [_Entry(mapping, key, value) for key, value in mapping.value if doc.key_name(key) == name]
    for entry in doomed:
        _refuse_dropped_anchors(doc, entry, edit.path)
    outcome.claims = {(id(mapping), _WHOLE)}
    if mapping.flow_style:
        outcome.splices = [_delete_flow_entry(doc, entry) for entry in doomed]
        if any(a.end > b.start for a, b in zip(outcome.splices, outcome.splices[1:])):
            raise _Refused(BBValuesError(f"cannot delete {dotted_path(edit.path)}: it is repeated inside one flow mapping",
                                         doc.origin(doomed[-1].key), hint="delete it by hand"))
        return outcome
    outcome.group = _Deletions(mapping, walk.entries[-2] if len(walk.entries) > 1 else None, doomed)
    outcome.splices = outcome.group.splices(doc)
    return outcome


def _delete_block_entry(doc: _Document, entry: _Entry) -> _Splice:
    """Remove exactly the entry's lines."""
    start = doc.line_start(entry.key.start_mark.index)
    if doc.text[start:entry.key.start_mark.index].strip(" "):
        raise _Refused(BBValuesError(
            "cannot delete a key that shares its line with other YAML (`- key:` in a list, or after `---`)",
            doc.origin(entry.key), hint="delete it by hand"))
    # When the entry ends the file without a newline, the line above keeps its newline: taking it
    # would change a block scalar ending there (its final line break).
    return _Splice(start, doc.after_eol(doc.entry_last(entry)), "")


def _delete_flow_entry(doc: _Document, entry: _Entry) -> _Splice:
    """Remove `key: value` and one neighbouring comma."""
    text = doc.text
    start = entry.key.start_mark.index
    end = doc.entry_last(entry) + 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return _Splice(start, after, "")
    before = start
    while before > 0 and text[before - 1] in _BLANKS:
        before -= 1
    if before > 0 and text[before - 1] == ",":
        return _Splice(before - 1, end, "")
    return _Splice(start, end, "")


# -- writing new YAML --------------------------------------------------------------------------------

def _nest(keys: tuple, value: Any) -> Any:
    for key in reversed(keys):
        value = {key: value}
    return value


@named_tuple
class _Leaf:
    value: Any
    comment: str | None


def _render_chains(doc: _Document, chains: list[tuple[tuple, Any, str | None]], column: int) -> list[str]:
    """`a:` / `  b:` / `    c: value  # comment` at the file's indentation step; chains that share
    their first keys share those lines, in the order the chains come."""
    tree: dict = {}
    for keys, value, comment in chains:
        branch = tree
        for key in keys[:-1]:
            branch = branch.setdefault(key, {})
        branch[keys[-1]] = _Leaf(value, comment)
    return _render_tree(doc, tree, column)


def _render_tree(doc: _Document, tree: dict, column: int) -> list[str]:
    lines = []
    for key, child in tree.items():
        if isinstance(child, _Leaf):
            leaf = _render_entry(doc, key, child.value, column)
            if child.comment:
                leaf[0] += f"  # {_one_line(child.comment)}"
            lines += leaf
        else:
            lines.append(" " * column + format_key(key) + ":")
            lines += _render_tree(doc, child, column + doc.step)
    return lines


def _render_entry(doc: _Document, key: str, value: Any, column: int) -> list[str]:
    head = " " * column + format_key(key) + ":"
    if _writes_inline(value):
        return [f"{head} {_flow(value)}"]
    if isinstance(value, dict):
        return [head] + _render_mapping(doc, value, column + doc.step)
    return [head] + _render_sequence(doc, value, column if doc.indentless else column + doc.step)


def _render_mapping(doc: _Document, value: dict, column: int) -> list[str]:
    return [line for key, child in value.items() for line in _render_entry(doc, key, child, column)]


def _render_sequence(doc: _Document, items: list, column: int) -> list[str]:
    lines = []
    for item in items:
        if _writes_inline(item):
            lines.append(" " * column + "- " + _flow(item))
            continue
        nested = (_render_mapping(doc, item, column + 2) if isinstance(item, dict)
                  else _render_sequence(doc, item, column + 2))
        lines.append(" " * column + "- " + nested[0][column + 2:])
        lines.extend(nested[1:])
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{format_key(key, flow=True)}: {_flow(child)}" for key, child in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return format_scalar(value, flow=True)


def _one_line(comment: str) -> str:
    return " ".join(comment.split())


# -- text helpers ------------------------------------------------------------------------------------

def _split_bom(text: str) -> tuple[str, str]:
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _strip_chomped(text: str) -> tuple[str, str]:
    """(values, rest) of a `|-` block: the line break after its last line with content and any blank
    lines after it are not part of the values text (a block scalar inside it ends there)."""
    lines = split_lines(text)
    last = max((index for index, line in enumerate(lines) if line.strip()), default=-1)
    if last < 0:
        return "", text
    content = "".join(lines[:last]) + lines[last].rstrip(BREAK_CHARS)
    return content, text[len(content):]


def _restripped(edited: str, rest: str, embedding: Embedding, file: str) -> str:
    """Edited `|-` values, followed by `rest` (what followed their last line with content), without the
    line break that deleting their last entry leaves at their end: `rest` brings its own (the blank lines
    before it stay). Refused when a block scalar then ends the values, as the block's chomping would take
    its final line break."""
    seen, _trailing = _strip_chomped(edited)  # what the `|-` block gives Helm
    if seen != edited and not same_values(_values_of(seen, file), _values_of(edited, file)):
        raise BBValuesError(
        f"{embedding.kind} {embedding.name}: after the edit a block scalar ends the values of "
        f"`{embedding.key}: |-`, which would strip its final line break and change it", file=file,
        hint=f"edit it by hand, or write `{embedding.key}: |` (without the `-`) first")
    final_break = next((end for end in ("\r\n", *BREAK_CHARS) if edited.endswith(end)), "") if rest else ""
    return edited[:len(edited) - len(final_break)]


def _values_of(text: str, file: str) -> Any:
    nodes = compose_documents(text, file)
    return to_python(nodes[0] if nodes else None, LineMap(file)).value


def _dedent(line: str, indent: int) -> str:
    return line[indent:] if line.startswith(" " * indent) else line.lstrip(" ")


def _reindent(outer: list[str], inner: list[str], edited: list[str], indent: int) -> str:
    """Map edited inner lines back: untouched lines keep their original bytes, new ones get the indent."""
    from difflib import SequenceMatcher  # only values embedded in a manifest need it

    out: list[str] = []
    matcher = SequenceMatcher(None, inner, edited, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(outer[i1:i2])
        else:
            out.extend(" " * indent + line if line.strip() else line for line in edited[j1:j2])
    return "".join(out)
