"""Compose YAML text into position-keeping nodes, on libyaml's parser (the C library go-yaml v2 was ported from).

PyYAML's C parser (libyaml's `CParser`; its pure-Python parser only when libyaml is missing) turns
the text into events; this module builds the nodes itself, without recursion, so that it can keep
what PyYAML's own nodes drop (anchor names, whether a tag was written) and refuse hostile input
early:

- nesting deeper than `MAX_DEPTH` collections: the real-world corpus nests 16 levels at most; every
  walker after the reader is then safe from Python's recursion limit (go-yaml v3 stops at 10,000);
- a scalar longer than `MAX_SCALAR_CHARS` (16 Mi characters). This bound is against hostile input,
  not a Helm rule: `helm -f` reads a values file of any size (pkg/cli/values has no bound), the
  chart loader caps a chart's own files at 5 MiB, and Kubernetes a ConfigMap or Secret at 1 MiB
  (Helm stores each release, values included, gzip-compressed in one Secret). Real values hold a
  few MB in one scalar at most (dashboards, CA bundles); everything after the reader is linear in
  a scalar's length, so 16 Mi costs about a second and 5 times its size in memory; the input as a
  whole is bounded at 64 MiB (`inputs.MAX_INPUT_BYTES`);
- an alias inside the node it names (`&a [*a]`): go-yaml v2 refuses it too ("contains itself").

An alias is composed to the anchored node itself, as PyYAML and ruamel do; a node's `anchor` is
the name written with `&`, `tag` the tag written with `!` (None when none was written).
Marks (`Mark`) give `index`, a character index into the text, and `line` and `column`, 0-based.
"""

from __future__ import annotations

from itertools import chain, islice

from bbvalues.documents.collector import without_cycle_collection
from bbvalues.documents.linebreaks import LineBreaks
from bbvalues.documents.positions import pack_mark, unpack_mark
from bbvalues.documents.pyyaml import (
    AliasEvent, CParser, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, MarkedYAMLError,
    ReaderError, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent, python_parser,
)
from bbvalues.errors import BBValuesError, Origin
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

MAX_DEPTH = 100
MAX_SCALAR_CHARS = 16 * 1024 * 1024
_EventSource = CParser or python_parser()  # libyaml, else PyYAML's Python parser
# Events between two progress reports: a report reads the clock, and a big file has millions of events.
PROGRESS_EVERY = 4096


@named_tuple
class Mark:
    """Where a node starts or ends: `index` a character index into the text, `line` and `column` 0-based."""

    index: int
    line: int
    column: int


def _unpacked(packed: int) -> Mark:
    return Mark(*unpack_mark(packed))


class Node:
    """`start` and `end` are the parser's marks packed in one int each (`positions.pack_mark`: a mark
    object per node start and end was over a third of a big file's tree); `start_mark` and `end_mark`
    unpack them."""

    __slots__ = ("value", "start", "end", "anchor", "tag")

    def __init__(self, value, start: int, end: int, anchor: str | None, tag: str | None):
        self.value = value
        self.start = start
        self.end = end
        self.anchor = anchor
        self.tag = tag

    @property
    def start_mark(self) -> Mark:
        return _unpacked(self.start)

    @property
    def end_mark(self) -> Mark:
        return _unpacked(self.end)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(line {self.start_mark.line + 1}, column {self.start_mark.column + 1})"


class ScalarNode(Node):
    """`value` is the scalar's text; `style` is None for plain, else one of `'`, `"`, `|`, `>`."""

    __slots__ = ("style",)

    def __init__(self, value: str, start: int, end: int, anchor, tag, style: str | None):
        # every slot set here, not through Node.__init__: one call less for each of a file's scalars
        self.value = value
        self.start = start
        self.end = end
        self.anchor = anchor
        self.tag = tag
        self.style = style


class CollectionNode(Node):
    __slots__ = ("flow_style",)

    def __init__(self, start: int, anchor, tag, flow_style: bool):
        super().__init__([], start, start, anchor, tag)
        self.flow_style = bool(flow_style)


class SequenceNode(CollectionNode):
    """`value` is the list of item nodes."""

    __slots__ = ()


class MappingNode(CollectionNode):
    """`value` is the list of (key node, value node) pairs, in the order written, duplicates included."""

    __slots__ = ()


def compose_documents(text: str, file: str, progress: Any = None, kept: KeptEvents | None = None) -> list[Node]:
    """Compose every document of a YAML stream; a syntax error becomes a BBValuesError at its line.

    `progress` (an object with `advance(n, detail)`, such as `report.progress.Progress`) is told
    how many characters of `text` are composed as the work goes. `kept`: see `parse_events`.
    """
    composer = _Composer(file, progress)
    return parse_events(text, file, composer.documents, composer.report if progress is not None else None, kept)


class KeptEvents:
    """The events of a text's first parse, kept when they are few for its size, for the next reader of the
    same text to take instead of parsing it again (`parse_events(..., kept=)`).

    libyaml scans every character of a scalar each time a text is parsed (about 8 ns a character): a
    text that is mostly a few big scalars (a dashboard, a CA bundle or a config held as one string) costs
    a full scan per parse, for a handful of events. A text with more than one event per
    `CHARS_PER_EVENT` characters keeps none and is parsed again: an event costs about 440 bytes, so the
    events held while that is found out weigh a tenth of the text at most."""

    CHARS_PER_EVENT = 4096
    __slots__ = ("text", "events")

    def __init__(self, text: str):
        self.text = text
        self.events: list | None = None  # every event of the text, StreamEndEvent last; None until a parse keeps them

    def holds(self, text: str) -> bool:
        """Whether these are the events of `text` (the same string, or an equal one)."""
        return self.events is not None and (self.text is text or self.text == text)

    def recording(self, events: Iterator[Any]) -> Iterator[Any]:
        """`events`, the first of which are kept as they pass (the rest pass at C speed: a text with
        millions of events pays nothing more)."""
        limit = 16 + len(self.text) // self.CHARS_PER_EVENT
        first: list = []

        def kept_as_they_pass() -> Iterator[Any]:
            for event in islice(events, limit):
                first.append(event)
                if type(event) is StreamEndEvent:  # the builder stops here: this is the last one asked for
                    self.events = first
                yield event
            if self.events is not first:
                first.clear()  # more than `limit`: let them go while the rest is read

        return chain(kept_as_they_pass(), events)


def parse_events(text: str, file: str, build: Callable[[Iterator[Any]], Any],
                 report: Callable[[int], None] | None = None, kept: KeptEvents | None = None,
                 encoded: bytes | None = None) -> Any:
    """What `build(events)` makes of the events of `text` (an iterator that ends with the stream's end);
    a syntax error becomes a BBValuesError at its line. `report(position)`, when given, is told how far into
    the text the events are every `PROGRESS_EVERY` events, and `len(text)` once `build` is done (a progress
    display shows it). `kept`: the events it holds of `text` are taken instead of parsing it; else, if it is
    `text`'s, this parse's are kept there when they are few (`KeptEvents`). `encoded`: `text` in UTF-8 when that
    is one byte a character (ASCII): the parser reads it instead of encoding `text` again, and its marks and
    errors are the same."""
    if kept is not None and kept.holds(text):
        return _built(build, iter(kept.events).__next__, report, len(text))
    try:
        source = _EventSource(text if encoded is None else encoded)  # PyYAML's own reader checks the characters
        try:
            return _built(build, source.get_event, report, len(text),
                          kept if kept is not None and kept.text is text else None)
        finally:
            source.dispose()
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except ReaderError as exc:
        raise BBValuesError(f"invalid YAML: {_reader_problem(exc)}", _reader_origin(text, exc, file)) from None


def _built(build: Callable[[Iterator[Any]], Any], next_event: Callable[[], Any],
           report: Callable[[int], None] | None, end: int, kept: KeptEvents | None = None) -> Any:
    events = iter(next_event, None)
    if report is not None:
        events = _reporting(events, report)
    with without_cycle_collection():
        built = build(events if kept is None else kept.recording(events))
    if report is not None:
        report(end)
    return built


def _reporting(events: Iterator[Any], report: Callable[[int], None]) -> Iterator[Any]:
    """`events`, with `report(where the event starts)` for the first of every `PROGRESS_EVERY`: the events
    between pass at C speed (a Python call per event was 6% of an in-place run)."""
    def stretches() -> Iterator[Iterator[Any]]:
        for event in events:
            report(event.start_mark.index)
            yield (event,)
            yield islice(events, PROGRESS_EVERY - 1)

    return chain.from_iterable(stretches())


class NeedsTheWholeTree(Exception):
    """The text uses what only a composed tree reads: anchors, aliases, merge keys, non-scalar keys. The
    readers that build less than the tree (reader, pruned) raise it; their callers compose the text whole."""


def streamed_scalar(event: ScalarEvent, file: str) -> None:
    """Refuses a scalar a streaming reader cannot take: an anchored one (`NeedsTheWholeTree`), a too long one."""
    if event.anchor is not None:
        raise NeedsTheWholeTree
    refuse_long_scalar(event, file)


def refuse_long_scalar(event: ScalarEvent, file: str) -> None:
    if len(event.value) > MAX_SCALAR_CHARS:
        raise BBValuesError(
            f"a scalar of {len(event.value):,} characters is refused (the limit is {MAX_SCALAR_CHARS:,}; "
            "a Kubernetes ConfigMap or Secret holds at most 1 MiB)", _origin(file, event.start_mark),
            hint="create large data (dashboards, bundles) as its own object and refer to it from the values")


class _Composer:
    """Builds nodes from events with an explicit stack of the collections still open."""

    def __init__(self, file: str, progress: Any = None):
        self.file = file
        self.progress = progress
        self.composed = 0  # characters reported to `progress`
        self.anchors: dict[str, Node] = {}
        self.open: list[CollectionNode] = []
        self.open_ids: set[int] = set()
        self.root: Node | None = None

    def documents(self, events: Iterator[Any]) -> list[Node]:
        documents = []
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                self._add(self._scalar(event))
            elif kind is AliasEvent:
                self._add(self._alias(event))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._start(event, MappingNode if kind is MappingStartEvent else SequenceNode)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self._end(event)
            elif kind is DocumentStartEvent:
                self.anchors, self.root = {}, None  # anchors are local to their document
            elif kind is DocumentEndEvent:
                documents.append(self.root)
            elif kind is StreamEndEvent:
                return documents
        raise AssertionError("the events end with the stream's end")

    def report(self, position: int) -> None:
        """Tell the progress display how far into the text the composing is (`parse_events`)."""
        self.progress.advance(position - self.composed, "composing")
        self.composed = position

    def _scalar(self, event: ScalarEvent) -> ScalarNode:
        refuse_long_scalar(event, self.file)
        node = ScalarNode(event.value, pack_mark(event.start_mark), pack_mark(event.end_mark), event.anchor, event.tag,
                          event.style or None)
        if event.anchor is not None:
            self._anchor(node)
        return node

    def _alias(self, event: AliasEvent) -> Node:
        node = self.anchors.get(event.anchor)
        if node is None:
            raise BBValuesError(f"invalid YAML: found undefined alias *{event.anchor}", self._origin(event.start_mark))
        if id(node) in self.open_ids:
            raise BBValuesError(f"invalid YAML: the alias *{event.anchor} is inside the node &{event.anchor} "
                                "it refers to (the value would contain itself)", self._origin(event.start_mark))
        return node

    def _start(self, event, node_class: type[CollectionNode]) -> None:
        if len(self.open) >= MAX_DEPTH:
            raise too_deep(self._origin(event.start_mark))
        node = node_class(pack_mark(event.start_mark), event.anchor, event.tag, event.flow_style)
        self._anchor(node)
        self._add(node)
        self.open.append(node)
        self.open_ids.add(id(node))

    def _end(self, event) -> None:
        node = self.open.pop()
        self.open_ids.discard(id(node))
        node.end = pack_mark(event.end_mark)
        if isinstance(node, MappingNode):
            items = node.value
            node.value = list(zip(items[0::2], items[1::2]))

    def _anchor(self, node: Node) -> None:
        if node.anchor is not None:
            self.anchors[node.anchor] = node  # go-yaml v2: a later anchor of the same name wins

    def _add(self, node: Node) -> None:
        if self.open:
            self.open[-1].value.append(node)  # a mapping collects key, value, key, value... until its end
        else:
            self.root = node

    def _origin(self, mark) -> Origin:
        return _origin(self.file, mark)


def _origin(file: str, mark) -> Origin:
    return Origin(file, mark.line + 1, mark.column + 1)


def too_deep(origin: Origin) -> BBValuesError:
    return BBValuesError(f"nesting deeper than {MAX_DEPTH} levels is refused (values files nest a few dozen levels "
                         "at most)", origin, hint="check the file for a generated or corrupted structure")


def _syntax_error(exc: MarkedYAMLError, text: str, file: str) -> BBValuesError:
    """The parser's complaint at its line and column, in words that name the cause where we can tell it."""
    mark = exc.problem_mark or exc.context_mark
    origin = Origin(file, mark.line + 1, mark.column + 1) if mark else None
    if "maximum nesting depth" in str(exc.problem):
        # libyaml's own bound (1,000 levels, PyYAML >= 6.0.3): its scanner reads a flow collection ahead of
        # the events, so it meets a deep `[[[...` before the composer's smaller bound does
        return too_deep(origin)
    if mark is not None and text[mark.index:mark.index + 1] == "\t":
        return BBValuesError("invalid YAML: a tab where YAML expects indentation or a value; YAML indents with "
                             "spaces only", origin, hint="replace the tab with spaces")
    return BBValuesError(f"invalid YAML: {exc.problem or exc.context}", origin)


class _NoDisplay:
    """`contextlib.nullcontext()` without importing contextlib (see documents/collector.py)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exception) -> None:
        return None


_NO_DISPLAY = _NoDisplay()


def tracked(progress: Callable[[str, int], Any] | None, label: str, total: int):
    """The display `progress(label, total)` makes for one step (a context manager with `advance`), or
    a context giving None when no display was asked for."""
    return progress(label, total) if progress is not None else _NO_DISPLAY



def _reader_problem(exc: ReaderError) -> str:
    if isinstance(exc.character, int):
        return f"character #x{exc.character:04x} is not allowed in YAML ({exc.reason})"
    return str(exc.reason)


def _reader_origin(text: str, exc: ReaderError, file: str) -> Origin:
    """libyaml reports a bad character by its offset into the UTF-8 bytes, and its binding gives `?` for the
    encoding; PyYAML's reader by character, with the encoding it read."""
    index = exc.position
    if exc.encoding == "?":
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    lines = LineBreaks(text)
    return Origin(file, lines.line_number(index) + 1, index - lines.line_start(index) + 1)
