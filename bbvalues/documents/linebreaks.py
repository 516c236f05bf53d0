"""Line breaks as the YAML readers count them: CRLF, a lone CR, LF, and NEL, LS and PS.

libyaml (our reader) and go-yaml (Helm's) follow YAML 1.1, where a lone CR (old Mac files), NEL
(U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) end a line just as LF and CRLF
do: `helm template -f` reads `a: 1<CR>b: 2` as two keys. Every line number bbvalues reports and
every line it edits is counted the same way, so a `file:line` agrees with the reader's marks (and
Helm's own errors) and an edit lands on the line the reader saw. New lines are written with the
file's own line ending (`dominant`).
"""

from __future__ import annotations

from bbvalues.patterns import Pattern

BREAK_CHARS = "\r\n\x85\u2028\u2029"
_BREAK = Pattern("\r\n|[\r\n\x85\u2028\u2029]")
# When a file uses several endings equally often, the first of these wins.
_PREFERENCE = ("\n", "\r\n", "\r", "\x85", "\u2028", "\u2029")


def has_break(text: str) -> bool:
    return any(char in text for char in BREAK_CHARS)


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line ending (the last one may have none)."""
    lines, start = [], 0
    for match in _BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def dominant(text: str) -> str:
    """The line ending most lines of `text` use (`\\n` for a text of one line)."""
    present = [char for char in BREAK_CHARS if char in text]  # a scan for an absent character is the cheapest
    if present == ["\n"] or not present:  # nearly every values file: no count of megabytes needed
        return "\n"
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    counts.update((char, text.count(char)) for char in "\x85\u2028\u2029")
    return max(_PREFERENCE, key=lambda ending: (counts[ending], -_PREFERENCE.index(ending)))


class LineBreaks:
    """Line positions in one text. Only the break characters the text holds are searched for, so a
    plain LF file costs what `str.find("\\n")` costs."""

    def __init__(self, text: str):
        self.text = text
        self._chars = tuple(char for char in BREAK_CHARS if char in text)

    def line_start(self, index: int) -> int:
        """Where the line holding `index` starts (the LF of a CRLF belongs to the line the CR ends)."""
        text = self.text
        if 0 < index < len(text) and text[index] == "\n" and text[index - 1] == "\r":
            index -= 1
        return max((text.rfind(char, 0, index) for char in self._chars), default=-1) + 1

    def line_end(self, index: int) -> int:
        """Where the line holding `index` ends: the start of its line break, or the end of the text."""
        text = self.text
        if 0 < index < len(text) and text[index] == "\n" and text[index - 1] == "\r":
            return index - 1
        found = [at for at in (text.find(char, index) for char in self._chars) if at >= 0]
        return min(found, default=len(text))

    def next_line(self, index: int) -> int:
        """The start of the line after the one holding `index` (the end of the text on the last line)."""
        end = self.line_end(index)
        return end + 2 if self.text.startswith("\r\n", end) else min(end + 1, len(self.text))

    def line_number(self, index: int) -> int:
        """0-based: how many line breaks come before `index` (a CRLF counts once)."""
        text = self.text
        count = sum(text.count(char, 0, index) for char in self._chars)
        if "\r" in self._chars and "\n" in self._chars:
            count -= text.count("\r\n", 0, index)
            if 0 < index < len(text) and text[index] == "\n" and text[index - 1] == "\r":
                count -= 1  # `index` is the LF of a CRLF: still on the line that CRLF ends
        return count
