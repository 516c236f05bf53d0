"""Read an edited text back without scanning again the big scalars its edits left alone.

The in-place editor proves every edit by reading the new text back and comparing Helm's view of it with
the planned values (`migrate.inplace._verify`). libyaml scans every character of a scalar each time it
parses (about 8 ns a character), so a file that is mostly a few big scalars (a dashboard, a CA bundle, a
config held as a string) paid a second full scan for the proof. Here the middle of each big scalar that
no splice reached is cut out of the new text and a marker put in its place; the short text is parsed,
each marker's scalar is checked to be exactly the cut value and given back its full value, and Helm's
values are built from those events. Anything unexpected and the caller reads the full text.

Why the short text proves what the full one would. The two texts are equal up to the cut, so libyaml is
in the same state there in both. The short reading shows that state: the marker lies inside the scalar
the cut was made in, which has read exactly the scalar's kept start (the value shows the indentation, the
style and every character before the cut). In the full text the cut-out middle follows, which the first
reading of the file read inside the same scalar in the same state, so it reads the same again; the marker
leaves the scanner where the middle does; and after the cut the texts are equal again. Which scalars and
cuts keep that true:

- a literal block (`|`, `|-`, `|+`; no indentation indicator) whose first line follows its header: the
  cut takes whole lines after that first line and ends after a line that is not blank, and the marker is
  one line at the block's indentation. Inside a literal block a line's reading depends only on the
  block's indentation, so the middle reads as it did, whatever it holds (blank lines, `#`, tabs);
- a one-line plain or quoted scalar whose written text is its value (no escapes, no folding): the cut
  lies between letters or digits, and holds nothing a scalar of that kind can end at in any context
  (white space, a line break, `:,[]{}` for a plain scalar; the quote and `\\` for a quoted one).

Cuts happen only where the reader kept the text's events (`composer.KeptEvents`: few events for its size,
which is when big scalars make up the text), in scalars of `CUT_FROM` characters or more that carry no
anchor or tag, and only when the text came from one batch of splices (positions in the first text).
"""

from __future__ import annotations

import os

from bbvalues.documents.composer import KeptEvents, parse_events
from bbvalues.documents.linebreaks import BREAK_CHARS, has_break
from bbvalues.documents.pyyaml import ScalarEvent
from bbvalues.documents.reader import read_documents
from bbvalues.errors import BBValuesError
from bbvalues.patterns import Pattern
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator, Sequence

    from bbvalues.documents.yamltree import LineMap, ParsedDocument

# A cut saves a scan of its characters and costs a few searches of them in C (about a tenth as much)
# and a parse of the short text: below this a scalar is read again whole.
CUT_FROM = 16 * 1024
_KEPT_CHARS = 16  # of a one-line scalar, before and after the cut
_SEARCHED_FOR_ENDS = 64  # characters looked at for letters or digits to cut between
_LITERAL_HEADER = Pattern(r"\|[-+]?(?:[ \t]+#.*|[ \t]*)")
# What ends a one-line scalar of each style in some context, line breaks aside (`#` ends a plain one only
# after white space; `:` before white space, or before `,?[]{}` in a flow collection).
_ENDS = {"": " \t:,[]{}", "'": "'", '"': '"\\'}
_COMPARED_CHARS = 1 << 16  # characters of the two texts compared at a time: in memory that stays in the cache


@named_tuple
class Cut:
    """text[start:end] of a text gives way to the marker between the two parts of `stand_in` (a line at
    the block's indentation, or nothing more in a one-line scalar); the scalar's value, `full`, then
    reads as the marker between the two parts of `short`."""

    start: int
    end: int
    full: str
    short: tuple[str, str]
    style: str
    stand_in: tuple[str, str]


def planned_cuts(events: Sequence[Any], text: str) -> list[Cut]:
    """The cuts of the big scalars of `text`, whose events these are, in text order."""
    cuts = []
    for event in _cuttable_scalars(events):
        cut = _literal_cut(event, text) if event.style == "|" else _one_line_cut(event, text)
        if cut is not None:
            cuts.append(cut)
    return cuts


def moved(cuts: Iterable[Cut], splices: Iterable[tuple[int, int, str]], before: str, after: str) -> list[Cut]:
    """The cuts that no splice reaches, at their places in `after`, the text `splices` (start, end,
    replacement; positions in `before`, none overlapping) made of `before`."""
    ordered = sorted(splices, key=lambda splice: splice[:2])
    kept = []
    for cut in cuts:
        if any(start < cut.end and end > cut.start for start, end, _text in ordered):
            continue
        shift = sum(len(text) - (end - start) for start, end, text in ordered if end <= cut.start)
        if _holds_at(after, cut.start + shift, before, cut.start, cut.end):
            kept.append(cut._replace(start=cut.start + shift, end=cut.end + shift))
    return kept


def read_cut_short(text: str, cuts: Sequence[Cut], lines: LineMap, progress: Any = None,
                   share: Any = None) -> list[ParsedDocument] | None:
    """Helm's values of `text` (as `read_documents(..., positions=False)` gives them), read with `cuts`
    made, or None when the short reading does not stand for the full one: read the full text then."""
    marker = "bbvaluesCut" + os.urandom(8).hex()
    short = spliced(text, [(cut.start, cut.end, cut.stand_in[0] + marker + cut.stand_in[1]) for cut in cuts])
    if short.count(marker) != len(cuts):
        return None
    try:
        events = parse_events(short, lines.file, list)
    except BBValuesError:
        return None  # the full text gives the error, at its own line
    if not _restored(events, cuts, marker):
        return None
    kept = KeptEvents(short)
    kept.events = events
    try:
        documents = read_documents(short, lines, share=share, positions=False, kept=kept)
    except BBValuesError:
        return None
    if progress is not None:
        progress.advance(len(text), "reading values")
    return documents


# -- planning ----------------------------------------------------------------------------------------

def _cuttable_scalars(events: Sequence[Any]) -> Iterator[Any]:
    """The big scalars without a tag, in a text without anchors or aliases (an alias repeats a value)."""
    if any(getattr(event, "anchor", None) is not None for event in events):
        return
    for event in events:
        if (type(event) is ScalarEvent and len(event.value) >= CUT_FROM and event.tag is None
                and event.style in ("|", "", "'", '"')):
            yield event


def _literal_cut(event, text: str) -> Cut | None:
    start, end, value = event.start_mark.index, event.end_mark.index, event.value
    first_start = text.find("\n", start, end) + 1
    if not first_start or not _LITERAL_HEADER.fullmatch(_without_cr(text[start:first_start - 1])):
        return None
    first_end = text.find("\n", first_start, end)
    first = text[first_start:first_end] if first_end >= 0 else ""
    indent = len(first) - len(first.lstrip(" "))
    content = _without_cr(first[indent:])
    if not indent or not content.strip() or has_break(content) or not value.startswith(content + "\n"):
        return None
    cut_start = first_end + 1
    last_start = _last_content_line(text, cut_start, end)
    if last_start is None or last_start - cut_start < CUT_FROM // 2:
        return None
    last_end = text.find("\n", last_start, end)
    last = _without_cr(text[last_start:last_end if last_end >= 0 else end])
    trailing = _trailing_breaks(value)
    last_content = last[indent:]
    if (not last.startswith(" " * indent) or has_break(last)
            or not value.endswith(last_content + "\n" * trailing)):
        return None
    kept_end = len(value) - trailing - len(last_content)
    return Cut(cut_start, last_start, value, (value[:len(content) + 1], "\n" + value[kept_end:]), "|",
               (" " * indent, "\n"))


def _last_content_line(text: str, after: int, end: int) -> int | None:
    """Where the block's last line that is not blank starts, when the line before it is not blank either
    (the cut ends after that one)."""
    line_end = end - 1 if text[end - 1:end] == "\n" else end
    for _ in range(256):  # back over trailing blank lines: a handful, not a search of the block
        line_start = text.rfind("\n", after, line_end) + 1
        if line_start <= after:
            return None
        if text[line_start:line_end].strip():
            before = text[(text.rfind("\n", after, line_start - 1) + 1) or after:line_start - 1]
            return line_start if before.strip() else None
        line_end = line_start - 1
    return None


def _trailing_breaks(value: str) -> int:
    count = 0
    while count < len(value) and value[-1 - count] == "\n":
        count += 1
    return count


def _one_line_cut(event, text: str) -> Cut | None:
    start, end, value, style = event.start_mark.index, event.end_mark.index, event.value, event.style
    inner_start, inner_end = (start, end) if not style else (start + 1, end - 1)
    if inner_end - inner_start != len(value) or not text.startswith(value, inner_start):
        return None  # escapes or folded lines: the text is not the value
    cut_start = _between_alnums(text, inner_start + _KEPT_CHARS, 1)
    cut_end = _between_alnums(text, inner_end - _KEPT_CHARS, -1)
    if cut_start is None or cut_end is None or cut_end - cut_start < CUT_FROM // 2:
        return None
    ends = _ENDS[style] + ("\r\n" if text.isascii() else BREAK_CHARS)
    if any(text.find(char, cut_start, cut_end) >= 0 for char in ends):
        return None
    return Cut(cut_start, cut_end, value, (value[:cut_start - inner_start], value[cut_end - inner_start:]), style,
               ("", ""))


def _between_alnums(text: str, index: int, step: int) -> int | None:
    """The first position from `index` on (backwards for a negative `step`) with a letter or digit on
    each side."""
    for _ in range(_SEARCHED_FOR_ENDS):
        if text[index - 1:index].isalnum() and text[index:index + 1].isalnum():
            return index
        index += step
    return None


def _without_cr(line: str) -> str:
    return line[:-1] if line.endswith("\r") else line


def _holds_at(after: str, at: int, before: str, start: int, end: int) -> bool:
    """Whether after[at:at + end - start] is before[start:end], compared a piece at a time."""
    if at < 0 or at + end - start > len(after):
        return False
    shift = at - start
    return all(after[offset + shift:min(offset + _COMPARED_CHARS, end) + shift]
               == before[offset:min(offset + _COMPARED_CHARS, end)] for offset in range(start, end, _COMPARED_CHARS))


# -- reading -------------------------------------------------------------------------------------------

def spliced(text: str, splices: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each text[start:end] replaced, joined once; `splices` (start, end, replacement) in text
    order, none overlapping."""
    pieces, copied_to = [], 0
    for start, end, replacement in splices:
        pieces += (text[copied_to:start], replacement)
        copied_to = end
    pieces.append(text[copied_to:])
    return "".join(pieces)


def _restored(events: list, cuts: Sequence[Cut], marker: str) -> bool:
    """Give each marker's scalar its full value, if each is exactly its cut's short value, in order."""
    pending = iter(cuts)
    restored = 0
    for event in events:
        if type(event) is ScalarEvent and marker in event.value:
            cut = next(pending, None)
            if cut is None or event.style != cut.style or event.value != cut.short[0] + marker + cut.short[1]:
                return False
            event.value = cut.full
            restored += 1
    return restored == len(cuts)
