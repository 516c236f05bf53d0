"""Measure how noisy an edit is, the way a reviewer reads a merge-request diff.

A *noise line* is a diff line that carries no change:

- a full-line comment or blank line that was removed, unless it sat inside a block of removed
  content lines (a comment inside a deleted key goes with the key);
- a line removed and added back unchanged, within one diff hunk, next to the same line above or
  below: re-printed in place, or moved together with a neighbour (content is compared without the
  line ending, so a CRLF line rewritten with LF counts).

A deleted `- keycloak` under `enabled:` and a new `- keycloak` under `values:` are two real
changes: their neighbours differ, so they do not count.

Diffs disagree where lines repeat: difflib matches the longest common block first and can pair an
unchanged key with a look-alike key further down, so the blank line between them looks removed and
added back; a minimal diff (Myers' algorithm, git's default: `MinimalDiff`) can pair a blank line
inside a deleted block scalar with a kept one, so the kept one looks removed. A line is noise only
when both alignments show it: the edit is measured by the better of the two.

One diff line is not counted: when the old text has no final newline and lines are appended after
its last line, that line gains a line break. Git shows it as `-x` / `\\ No newline at end of file` /
`+x`, but no tool can append a line without it. A final newline added to (or dropped from) a file
whose last line stays the same is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from tests.conftest import SHARED

CORPUS_PARTS = ("corpus", "realworld")
CORPUS = SHARED.joinpath(*CORPUS_PARTS)


def corpus_files() -> list[Path]:
    """Every YAML file of the real-world corpus (empty when it is not there, e.g. a user's clone)."""
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.rglob("*") if path.suffix in (".yaml", ".yml"))


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only `\\n` ends a line, as in git."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


@dataclass(frozen=True)
class NoiseLine:
    kind: str  # "removed-comment", "removed-blank", "re-added"
    line: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.line.rstrip()!r}"


def noise_lines(before: str, after: str) -> list[NoiseLine]:
    """Every noise line of the diff from `before` to `after` (see the module docstring)."""
    # Compare as if both texts ended with a line break, so an unterminated last line that only
    # gains one because lines were appended after it is not a change; a final newline added to or
    # dropped from the file itself is counted on its own below.
    # The file's own line break terminates both: an edit may leave a CRLF file a single line with none left.
    newline = "\r\n" if "\r\n" in before else "\n"
    old, new = split_lines(_terminated(before, newline)), split_lines(_terminated(after, newline))
    alignments = (matcher(None, old, new, autojunk=False) for matcher in (SequenceMatcher, MinimalDiff))
    noise = min((_hunk_noise(alignment, old, new) for alignment in alignments), key=len)
    return noise + _final_newline_noise(before, after)


def _hunk_noise(matcher: SequenceMatcher, old: list[str], new: list[str]) -> list[NoiseLine]:
    noise: list[NoiseLine] = []
    for hunk in matcher.get_grouped_opcodes(3):
        changes = [op for op in hunk if op[0] != "equal"]
        unmatched = {j for _, _, _, j1, j2 in changes for j in range(j1, j2)}
        for tag, i1, i2, _j1, _j2 in changes:
            interior = _interior_lines(old, i1, i2, slide=tag == "delete")
            for index in range(i1, i2):
                line, content = old[index], _content(old[index])
                again = _same_line_again(old, index, new, unmatched)
                if again is not None:
                    unmatched.discard(again)
                    noise.append(NoiseLine("re-added", line))
                elif not content.strip() and index not in interior:
                    noise.append(NoiseLine("removed-blank", line))
                elif content.lstrip().startswith("#") and index not in interior:
                    noise.append(NoiseLine("removed-comment", line))
    return noise


def _terminated(text: str, newline: str) -> str:
    if not text or text.endswith("\n"):
        return text
    return text + newline


def _final_newline_noise(before: str, after: str) -> list[NoiseLine]:
    """The file's last line kept, but its final newline added or dropped.

    Kept means the diff pairs the old last line with the new last line: after deleting `b` from
    `a: x` / `b: x` (no final newline) the new last line reads like the old one but is `a`'s line,
    which never changed.
    """
    old, new = split_lines(before), split_lines(after)
    if not old or not new or old[-1].endswith("\n") == new[-1].endswith("\n"):
        return []
    newline = "\r\n" if "\r\n" in before else "\n"
    matcher = SequenceMatcher(None, split_lines(_terminated(before, newline)), split_lines(_terminated(after, newline)),
                              autojunk=False)
    last = (len(old) - 1, len(new) - 1)
    if any(tag == "equal" and i1 <= last[0] < i2 and last[0] - i1 == last[1] - j1
           for tag, i1, i2, j1, _j2 in matcher.get_opcodes()):
        return [NoiseLine("re-added", old[-1])]
    return []


def _same_line_again(old: list[str], index: int, new: list[str], candidates: set[int]) -> int | None:
    """An added line with the old line's content next to the same neighbour: the old line again.

    A blank neighbour proves little (many lines sit before a blank line), so it only counts when
    both neighbours match; a content line or the start or end of the file counts alone.
    """
    for j in sorted(candidates):
        if _content(new[j]) != _content(old[index]):
            continue
        above = _neighbour(old, index, -1) == _neighbour(new, j, -1)
        below = _neighbour(old, index, 1) == _neighbour(new, j, 1)
        if (above and below) or (above and _telling(old, index, -1)) or (below and _telling(old, index, 1)):
            return j
    return None


class MinimalDiff(SequenceMatcher):
    """difflib's matcher with a minimal edit script (Myers' O(ND) algorithm, git's default diff):
    `get_opcodes` and so `get_grouped_opcodes` give the hunks a reviewer sees in a merge request."""

    def get_opcodes(self):
        a, b = self.a, self.b
        opcodes: list[tuple[str, int, int, int, int]] = []
        i = j = 0
        for x, y in _myers_matches(a, b) + [(len(a), len(b))]:
            if (x, y) != (i, j):
                tag = "replace" if x > i and y > j else "delete" if x > i else "insert"
                opcodes.append((tag, i, x, j, y))
            if x < len(a):
                if opcodes and opcodes[-1][0] == "equal" and opcodes[-1][2] == x:
                    opcodes[-1] = ("equal", opcodes[-1][1], x + 1, opcodes[-1][3], y + 1)
                else:
                    opcodes.append(("equal", x, x + 1, y, y + 1))
            i, j = x + 1, y + 1
        return opcodes or [("equal", 0, 0, 0, 0)]


def _myers_matches(a: list, b: list) -> list[tuple[int, int]]:
    """The (i, j) pairs of a longest common subsequence of a and b on a shortest edit path."""
    n, m = len(a), len(b)
    offset = n + m + 1
    frontier = [0] * (2 * offset + 1)
    trace = []
    for d in range(n + m + 1):
        trace.append(frontier[:])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and frontier[offset + k - 1] < frontier[offset + k + 1]):
                x = frontier[offset + k + 1]  # down: an insertion
            else:
                x = frontier[offset + k - 1] + 1  # right: a deletion
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            frontier[offset + k] = x
            if x >= n and y >= m:
                return _backtrack(trace, a, b, offset, d)
    return []


def _backtrack(trace: list[list[int]], a: list, b: list, offset: int, depth: int) -> list[tuple[int, int]]:
    x, y = len(a), len(b)
    matches = []
    for d in range(depth, -1, -1):
        frontier = trace[d]
        k = x - y
        if d == 0:
            previous_k = k
        elif k == -d or (k != d and frontier[offset + k - 1] < frontier[offset + k + 1]):
            previous_k = k + 1
        else:
            previous_k = k - 1
        previous_x = frontier[offset + previous_k] if d else 0
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:  # the diagonal run: matching lines
            x, y = x - 1, y - 1
            matches.append((x, y))
        x, y = previous_x, previous_y
    return matches[::-1]


def count_noise_lines(before: str, after: str) -> int:
    """How many diff lines between `before` and `after` carry no change (0 for a clean edit)."""
    return len(noise_lines(before, after))


def changed_line_counts(before: str, after: str) -> tuple[int, int]:
    """(removed, added) line counts of the diff."""
    old, new = split_lines(before), split_lines(after)
    removed = added = 0
    for tag, i1, i2, j1, j2 in MinimalDiff(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return removed, added


def _interior_lines(old: list[str], start: int, end: int, slide: bool = False) -> set[int]:
    """Comment/blank lines of a removed run that have removed content lines above and below them.

    A deleted run next to identical lines can be shown one line higher or lower (which of two equal
    `- item` lines went is arbitrary); a comment inside the run in any of those positions is inside.
    """
    low, high = start, end
    while slide and low > 0 and _content(old[low - 1]) == _content(old[high - 1]):
        low, high = low - 1, high - 1
    inside: set[int] = set()
    while True:
        content = [index for index in range(low, high) if _is_content(old[index])]
        if len(content) >= 2:
            inside |= {index for index in range(content[0] + 1, content[-1]) if not _is_content(old[index])}
        if not (slide and high < len(old) and _content(old[low]) == _content(old[high])):
            return inside
        low, high = low + 1, high + 1


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _neighbour(lines: list[str], index: int, step: int) -> str | None:
    other = index + step
    return _content(lines[other]) if 0 <= other < len(lines) else None  # None: the file's edge


def _telling(lines: list[str], index: int, step: int) -> bool:
    neighbour = _neighbour(lines, index, step)
    return neighbour is None or bool(neighbour.strip())


def _content(line: str) -> str:
    return line.rstrip("\n").rstrip("\r")


# -- representative migration edits over real files -------------------------------------------------

def _mode_edits():
    from bbvalues.documents.edit import DeleteKey, SetValue

    ambient = ("istio", "ambient", "enabled")
    waypoint = ("addons", "authservice", "values", "waypoint", "enabled")
    gateway_label = ("istioGateway", "values", "gateways", "public", "upstream", "labels", "protect")
    use_waypoint = ("monitoring", "values", "upstream", "prometheus", "service", "labels", "istio.io/use-waypoint")
    route = ("monitoring", "values", "routes", "inbound", "monitoring-prometheus", "authservice", "enabled")
    return {
        "sidecar": [SetValue(ambient, False), DeleteKey(gateway_label), DeleteKey(use_waypoint)],
        "ambient-waypoint": [SetValue(ambient, True), SetValue(waypoint, True), DeleteKey(gateway_label)],
        "ambient-gateway": [SetValue(ambient, True), SetValue(waypoint, False), SetValue(gateway_label, "keycloak"),
                            SetValue(use_waypoint, None), SetValue(route, False)],
    }


MODES = ("sidecar", "ambient-waypoint", "ambient-gateway")


def mode_edits(mode: str) -> list:
    """The edits a migration to `mode` makes, on the real Big Bang paths (DOMAIN.md)."""
    return _mode_edits()[mode]


def leaf_paths(values, prefix: tuple = ()) -> list[tuple]:
    """Paths of every non-mapping value (and empty mapping), through mappings only."""
    if not isinstance(values, dict) or not values:
        return [prefix] if prefix else []
    return [path for key, child in values.items() for path in leaf_paths(child, prefix + (key,))]


def mapping_paths(values: dict, prefix: tuple = ()) -> list[tuple]:
    """Paths of every mapping, the root `()` included: where new keys can go."""
    paths = [prefix]
    for key, child in values.items():
        if isinstance(child, dict):
            paths.extend(mapping_paths(child, prefix + (key,)))
    return paths


def deletion_candidates(values: dict, anchored, avoid: list[tuple]) -> list[tuple]:
    """Keys the file really has: its first, middle and last leaf and a middle top-level key."""
    def allowed(path: tuple) -> bool:
        # an anchored node inside or around the key: the engine refuses those (tested on their own)
        touches_anchor = any(path[:len(a)] == a or a[:len(path)] == path for a in anchored)
        overlaps = any(path[:len(other)] == other or other[:len(path)] == path for other in avoid)
        return not touches_anchor and not overlaps

    leaves = [path for path in leaf_paths(values) if allowed(path)]
    tops = [(key,) for key, child in values.items() if isinstance(child, dict) and allowed((key,))]
    picked = []
    for path in ([leaves[0], leaves[len(leaves) // 2], leaves[-1]] if leaves else []) + tops[len(tops) // 2:][:1]:
        if all(path[:len(p)] != p and p[:len(path)] != path for p in picked):
            picked.append(path)
    return picked


def corpus_edits(source, mode: str, deletions: bool = True) -> list:
    """The edits of `mode`, plus (with `deletions`) deleting keys the source really has."""
    from bbvalues.documents.edit import DeleteKey

    edits = mode_edits(mode)
    if not deletions:
        return edits
    doomed = deletion_candidates(source.values, source.document.anchored, [edit.path for edit in edits])
    return edits + [DeleteKey(path) for path in doomed]


def expected_after(values: dict, edits) -> dict:
    """Input values with the edits applied as a values overlay would (deletes remove the key)."""
    import copy

    from bbvalues.documents.edit import DeleteKey
    from bbvalues.documents.paths import delete_path, nest
    from bbvalues.helm.merge import merge_values

    result = copy.deepcopy(values)
    for edit in edits:
        if isinstance(edit, DeleteKey):
            delete_path(result, edit.path)
        else:
            result = merge_values([result, nest(edit.path, edit.value)])
    return result


def same_values(a, b) -> bool:
    """Equal with types (True is not 1): what Helm would render differently must differ here."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_values(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and (a == b or (a != a and b != b))


def read_raw(path: Path) -> str:
    """The file's text exactly: BOM, CRLF and a missing final newline kept."""
    return path.read_bytes().decode("utf-8")


def edit_source(text: str, source, edits, file: str):
    """Apply edits to a values source: the whole file, or the ConfigMap/Secret block that embeds it."""
    from bbvalues.documents.edit import apply_edits, apply_edits_embedded

    if source.embedding is None:
        return apply_edits(text, edits, file=file)
    return apply_edits_embedded(text, source.embedding, edits, file=file)
