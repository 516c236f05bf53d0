"""Lint findings that remain once the migration is applied: what the overlay and the required
deletions do not fix (a policy that needs a manual rewrite, the migration bridge, a principal
that never matches...). Positions point where the key was written in the user's files, or at the
overlay (line 0: it has no file yet) for keys the migration sets."""

from __future__ import annotations

from bbvalues.documents.inputs import InputSet, ValuesSource
from bbvalues.documents.paths import has_path
from bbvalues.documents.yamltree import ParsedDocument, walk
from bbvalues.errors import Origin
from bbvalues.helm.merge import Effective
from bbvalues.lint import run_lint

AFTER = "(after the migration)"
OVERLAY = Origin("overlay", 0, 0)
# Checks about how the files are written (they read each file, not the merged values): already
# reported by `bbvalues lint` on the inputs and unchanged by a migration.
FILE_CHECKS = ("duplicate-key", "anchor-on-edited-path")


def remaining_findings(effective: Effective, after: dict, plan, selected) -> list:
    origins = {path: origin for path, origin in effective.origins.items() if has_path(after, path)}
    for change in plan.changes:
        origins.update({change.path + sub: OVERLAY for sub, _value in walk(change.new)})
    source = ValuesSource(file=AFTER, text="", document=ParsedDocument(None, after, origins))
    return run_lint(InputSet(sources=[source]), selected, skip=FILE_CHECKS)
