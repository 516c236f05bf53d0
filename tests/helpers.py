"""Helpers shared by the tests: profiles, running the CLI, applying a plan the way a user would."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner, Result

from bbvalues.cli import run
from bbvalues.documents.inputs import InputSet, load_inputs
from bbvalues.documents.paths import delete_path

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "profiles"
_VERSION_PREFIX = re.compile(r"^(\d+\.\d+)-")


@dataclass(frozen=True)
class Profile:
    """A bundled example: its files (relative to the repo root, in Helm order) and its Big Bang version flag."""

    name: str
    files: tuple[str, ...]
    version_args: tuple[str, ...]


def profiles() -> list[Profile]:
    found = []
    for path in sorted(PROFILES.iterdir()):
        if path.suffix == ".yaml":
            files = (str(path.relative_to(ROOT)),)
        elif path.is_dir():
            files = tuple(str(p.relative_to(ROOT)) for p in sorted(path.glob("*.yaml")))
        else:
            continue
        prefix = _VERSION_PREFIX.match(path.name)
        has_release = any("kind: HelmRelease" in (ROOT / f).read_text() for f in files)
        version_args = () if has_release else ("--bigbang-version", f"{prefix.group(1)}.0")
        found.append(Profile(path.stem if path.is_file() else path.name, files, version_args))
    return found


def run_cli(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Run `bbvalues ARGS` as the console script does (`bbvalues.cli.run`), capturing its output."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as (stdout, stderr, output):
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        return Result(runner, stdout.getvalue(), stderr.getvalue(), output.getvalue(), code, code, None)


def drop_required_edits(inputs: InputSet, plan) -> None:
    """Make the plan's required edits the way a user would: delete each key from the file that sets it."""
    for edit in (edit for edit in plan.required_edits if edit.deletes):
        for source in inputs.sources:
            if source.origins.get(edit.path) == edit.origin:
                delete_path(source.values, edit.path)


def with_overlay(files: list[str], overlay_text: str, tmp_path: Path) -> InputSet:
    overlay = tmp_path / "bbvalues-overlay.yaml"
    overlay.write_text(overlay_text)
    return load_inputs([str(ROOT / f) for f in files] + [str(overlay)])


def is_umbrella_values(path: Path) -> bool:
    """Whether helm takes the file as Big Bang umbrella values: the umbrella's values schema allows no top-level
    key of its own (package chart values, and stale examples with keys Big Bang removed, are refused)."""
    import yaml

    from bbvalues.bigbang.releases import release_table

    values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return all(key in release_table().umbrella_keys for key in values)


def bbvalues(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bbvalues", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT)


class RecordedProgress:
    """Stands for report.progress.Progress: records what each step reports."""

    steps: list = []

    def __init__(self, label: str, total: int):
        self.label, self.total, self.advances, self.closed = label, total, [], False
        RecordedProgress.steps.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.closed = True

    def advance(self, n: int = 1, detail: str = "") -> None:
        self.advances.append((n, detail))
