"""Inline `# bbvalues: disable=RULE` comments: each silences the findings of RULE on one line, as yamllint's
`disable-line` does.

The comment goes at the end of the line the finding points at, or alone on the line above it;
`disable=rule-a,rule-b` names several checks. Anything else in the file is still checked.
"""

from __future__ import annotations

from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable

_DIRECTIVE = Pattern(r"#\s*bbvalues:\s*disable=([A-Za-z0-9_.,-]+)")


def silenced_lines(text: str) -> dict[int, set[str]]:
    """1-based line -> the check ids silenced on it."""
    silenced: dict[int, set[str]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        ids = {rule for rule in match.group(1).split(",") if rule}
        target = number + 1 if line[:match.start()].strip() == "" else number
        silenced.setdefault(target, set()).update(ids)
    return silenced


def without_silenced(findings: Iterable, sources: Iterable) -> list:
    """`findings` less those an inline comment in their file silences."""
    texts = {source.file: source.text for source in sources if source.text}
    by_file: dict[str, dict[int, set[str]]] = {}
    kept = []
    for finding in findings:
        if finding.file in texts and finding.file not in by_file:
            by_file[finding.file] = silenced_lines(texts[finding.file])
        if finding.id not in by_file.get(finding.file, {}).get(finding.line, ()):
            kept.append(finding)
    return kept
