"""In-place writes survive failures at any point: every file is its old or its new version, a replaced
file has its `.bak`, and nothing staged is left behind.

Two ways to break a write:

- fault injection into `write_files`: each os function it calls on the way forward (`open` for the
  temporary file, `write`, `fchmod`, `fsync`, `close`, `replace`) fails at its Nth call, for every N a
  clean run reaches, once (a transient error), from then on (a disk that stays full, so the rollback
  fails too) or with Ctrl-C (KeyboardInterrupt);
- `bbvalues migrate --in-place` over nine files (six of them edited) in a child process, killed
  with SIGKILL at seeded random moments while it writes. A killed process cleans nothing up, so a
  staged `.<name>.<random>.bbvalues-tmp` may remain; it is hidden and matches no `*.yaml` glob, so
  it cannot be mistaken for an input.

The writer makes every backup durable before it replaces the first file (bbvalues.documents.write).
There is no shutil copy for the `.bak`: it is staged and renamed like the files themselves.
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bbvalues.cli import run
from bbvalues.documents.write import BACKUP_SUFFIX, TEMP_SUFFIX, write_files
from bbvalues.errors import BBValuesError
from tests.helpers import ROOT

FAULT_POINTS = ("open", "write", "fchmod", "fsync", "close", "replace")
MODES = ("once", "from-then-on", "interrupt")


@dataclass(frozen=True)
class Scenario:
    """Files before the write (None: absent) and the text each gets; `.bak` files that already exist."""

    name: str
    files: dict[str, tuple[bytes | None, str]]
    backup: bool = True
    force: bool = False
    old_backups: dict[str, bytes] = field(default_factory=dict)


SCENARIOS = (
    Scenario("three-files-with-backups", {
        "a.yaml": (b"a: 1\n", "a: 2\n"),
        "b.yaml": (b"b: 1\r\n", "b: 2\r\n"),
        "c.yaml": (b"# c\nc: 1\n", "# c\nc: 2\nd: 3\n"),
    }),
    Scenario("forced-over-an-old-backup", {
        "a.yaml": (b"a: 1\n", "a: 2\n"),
        "b.yaml": (b"b: 1\n", "b: 2\n"),
    }, force=True, old_backups={"b.yaml": b"an older backup\n"}),
    Scenario("new-file-without-backups", {
        "a.yaml": (b"a: 1\n", "a: 2\n"),
        "new.yaml": (None, "n: 1\n"),
    }, backup=False),
)


def _set_up(directory: Path, scenario: Scenario) -> dict[Path, str]:
    directory.mkdir()
    for name, (old, _new) in scenario.files.items():
        if old is not None:
            (directory / name).write_bytes(old)
    for name, data in scenario.old_backups.items():
        (directory / (name + BACKUP_SUFFIX)).write_bytes(data)
    return {directory / name: new for name, (_old, new) in scenario.files.items()}


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _states(directory: Path, scenario: Scenario) -> dict[str, str]:
    """Each file's state ("old" or "new"), after checking the invariants that hold whatever happened."""
    states = {}
    for name, (old, new) in scenario.files.items():
        current = _read(directory / name)
        assert current in (old, new.encode()), f"{name} is neither its old nor its new version: {current!r}"
        states[name] = "new" if current == new.encode() and old != current else "old"
        backup = _read(directory / (name + BACKUP_SUFFIX))
        if states[name] == "new" and scenario.backup and old is not None:
            assert backup == old, f"{name} was replaced but its .bak is {backup!r}"
        if name in scenario.old_backups:
            assert backup in (scenario.old_backups[name], old), f"{name}.bak is {backup!r}"
    expected = set(scenario.files) | {name + BACKUP_SUFFIX for name in scenario.files}
    leftovers = sorted(path.name for path in directory.iterdir() if path.name not in expected)
    assert leftovers == [], f"files left behind: {leftovers}"
    return states


class _Fault:
    """Counts calls to `os.<name>`; raises at call `fail_at` (and, with `persist`, at every later one)."""

    def __init__(self, name: str, fail_at: int | None = None, mode: str = "once"):
        self.name, self.fail_at, self.mode = name, fail_at, mode
        self.real = getattr(os, name)
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        failing = self.fail_at is not None and (
            self.calls == self.fail_at or (self.mode == "from-then-on" and self.calls > self.fail_at))
        if failing and self.mode == "interrupt":
            raise KeyboardInterrupt
        if failing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real(*args, **kwargs)


def _write_with(fault: _Fault, changes: dict[Path, str], scenario: Scenario, monkeypatch) -> BaseException | None:
    with monkeypatch.context() as patch:
        patch.setattr(os, fault.name, fault)
        try:
            write_files(changes, backup=scenario.backup, force=scenario.force)
        except (BBValuesError, KeyboardInterrupt) as exc:
            return exc
    return None


@pytest.fixture
def no_disk_flush(monkeypatch):
    """What fsync makes durable cannot be observed here, only whether its failure is handled: skip the
    real flush (several milliseconds each), still counting and failing the calls."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("point", FAULT_POINTS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_a_failure_at_any_call_leaves_old_or_new_files_with_backups(tmp_path, monkeypatch, no_disk_flush, scenario,
                                                                     point, mode):
    counter = _Fault(point)
    assert _write_with(counter, _set_up(tmp_path / "clean", scenario), scenario, monkeypatch) is None
    assert set(_states(tmp_path / "clean", scenario).values()) == {"new"}
    assert counter.calls > 0, f"write_files never calls os.{point}: the fault point tests nothing"

    for fail_at in range(1, counter.calls + 1):
        directory = tmp_path / f"fail-at-{fail_at}"
        changes = _set_up(directory, scenario)
        error = _write_with(_Fault(point, fail_at, mode), changes, scenario, monkeypatch)
        states = _states(directory, scenario)
        if error is None:  # e.g. the failing call was the best-effort directory fsync after the renames
            assert set(states.values()) == {"new"}
            continue
        if mode == "interrupt":  # Ctrl-C: rolled back, or it came after the last rename
            assert isinstance(error, KeyboardInterrupt)
            assert len(set(states.values())) == 1, (fail_at, states)
            if set(states.values()) == {"new"}:
                continue
        else:
            assert isinstance(error, BBValuesError) and "No space left on device" in error.message
            assert str(error).startswith(str(directory)), "the error names the file it could not write"
            if "could not be restored" in error.message:  # only when the rollback itself kept failing
                assert mode == "from-then-on", (fail_at, str(error))
                continue
        # the writer says it put everything back: then it did, backups included
        assert set(states.values()) == {"old"}, (fail_at, states, str(error))
        for name in scenario.files:
            assert _read(directory / (name + BACKUP_SUFFIX)) == scenario.old_backups.get(name)


def test_a_failure_that_cannot_be_rolled_back_says_so(tmp_path, monkeypatch, no_disk_flush):
    """Disk full from the second replace on: the first file stays new (with its .bak), and the error says so."""
    scenario = SCENARIOS[0]
    changes = _set_up(tmp_path / "files", scenario)
    renames_of_backups = len(scenario.files)
    error = _write_with(_Fault("replace", renames_of_backups + 2, "from-then-on"), changes, scenario, monkeypatch)
    assert isinstance(error, BBValuesError) and "some files could not be restored" in error.message
    states = _states(tmp_path / "files", scenario)
    assert states == {"a.yaml": "new", "b.yaml": "old", "c.yaml": "old"}


# -- a real process, killed while it writes --------------------------------------------------------------

_GATEWAYS = ("public", "admin", "internal", "passthrough-sso")
MIGRATION = ("migrate", "--to", "sidecar", "--in-place", "--bigbang-version", "3.30.0")
KILL_ROUNDS = 20
SLOW_WRITES = 0.001  # seconds added to each write, fsync and rename, so the write phase is wide enough to hit


def _migration_files(directory: Path) -> list[str]:
    """Values split over many files; moving to sidecar edits most of them (deletions happen where written)."""
    directory.mkdir()
    (directory / "00-ambient.yaml").write_text("istio:\n  ambient:\n    enabled: true\n")
    (directory / "01-authservice.yaml").write_text(
        "addons:\n  authservice:\n    enabled: true\n    values:\n      waypoint:\n        enabled: false\n")
    (directory / "02-monitoring.yaml").write_text("monitoring:\n  enabled: true\n  sso:\n    enabled: true\n")
    for index, gateway in enumerate(_GATEWAYS, start=3):
        (directory / f"{index:02d}-gateway-{gateway}.yaml").write_text(
            f"istioGateway:\n  values:\n    gateways:\n      {gateway}:\n        upstream:\n"
            f"          labels:\n            protect: keycloak\n")
    for index, service in enumerate(("prometheus", "alertmanager"), start=10):
        (directory / f"{index}-{service}.yaml").write_text(
            f"monitoring:\n  values:\n    upstream:\n      {service}:\n        service:\n          labels:\n"
            f"            istio.io/use-waypoint: none\n            istio.io/ingress-use-waypoint: \"false\"\n")
    return sorted(path.name for path in directory.glob("*.yaml"))


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.yaml"))}


def _fork_bbvalues(directory: Path, files: list[str]) -> int:
    """A child process running the CLI (as the console script does) with slowed write syscalls.

    Forked from the test process once it has run the same command with --dry-run: a fresh interpreter
    would spend most of each round importing the CLI before it writes anything.
    """
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        sys.stdout = sys.stderr = open(os.devnull, "w")
        os.chdir(directory)
        for name in ("write", "fsync", "replace"):
            setattr(os, name, _slowed(getattr(os, name)))
        code = run([*MIGRATION, *files])
    finally:
        os._exit(code)  # never return into pytest in the child


def _slowed(real):
    def call(*args):
        time.sleep(SLOW_WRITES)
        return real(*args)
    return call


def _wait_for_write_phase(directory: Path, pid: int, timeout: float = 20.0) -> None:
    """Until the first staged file appears (or the child is done)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(directory.glob(f".*{TEMP_SUFFIX}")) or os.waitpid(pid, os.WNOHANG) != (0, 0):
            return
        time.sleep(0.0005)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("bbvalues did not start writing within 20 s")


def _finish(pid: int) -> int:
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:  # already reaped while waiting for the write phase
        return 0


def test_the_migration_edits_many_files_through_the_console_script(tmp_path):
    """The real entry point, in a fresh interpreter: the run the kill test interrupts edits most files."""
    files = _migration_files(tmp_path / "files")
    before = _snapshot(tmp_path / "files")
    result = subprocess.run([sys.executable, "-m", "bbvalues", *MIGRATION, *files], cwd=tmp_path / "files",
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0, result.stderr
    changed = [name for name, data in _snapshot(tmp_path / "files").items() if data != before[name]]
    assert len(changed) >= 6 and all((tmp_path / "files" / (name + BACKUP_SUFFIX)).exists() for name in changed)


def _import_everything_the_run_needs(directory: Path, files: list[str], monkeypatch, capsys) -> None:
    monkeypatch.chdir(directory)
    assert run([*MIGRATION, "--dry-run", *files]) == 0
    capsys.readouterr()


def test_a_killed_in_place_run_leaves_old_or_new_files_with_backups(tmp_path, monkeypatch, capsys):
    clean = tmp_path / "clean"
    files = _migration_files(clean)
    before = _snapshot(clean)
    _import_everything_the_run_needs(clean, files, monkeypatch, capsys)
    pid = _fork_bbvalues(clean, files)
    _wait_for_write_phase(clean, pid)
    began = time.monotonic()
    assert _finish(pid) == 0
    write_phase = time.monotonic() - began
    after = _snapshot(clean)
    changed = [name for name in before if after[name] != before[name]]

    rng = random.Random(20240611)
    interrupted = 0
    for round_number in range(KILL_ROUNDS):
        directory = tmp_path / f"round-{round_number}"
        _migration_files(directory)
        pid = _fork_bbvalues(directory, files)
        _wait_for_write_phase(directory, pid)
        time.sleep(rng.uniform(0, write_phase))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # finished (and reaped) before the kill
        _finish(pid)
        replaced = _check_killed_run(directory, before, after)
        interrupted += 0 < replaced < len(changed) or any(directory.glob(f".*{TEMP_SUFFIX}"))
    # Most kills must land inside the write phase, or the invariants were checked on finished runs only.
    assert interrupted >= KILL_ROUNDS // 4, f"only {interrupted} of {KILL_ROUNDS} kills interrupted a write"


_STAGED = re.compile(rf"^\.(?P<file>.+?)\.[^.]+{re.escape(TEMP_SUFFIX)}$")


def _check_killed_run(directory: Path, before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """Old or new per file, a .bak for every replaced file; leftovers only staged files no glob picks up."""
    replaced = 0
    for name, old in before.items():
        current = (directory / name).read_bytes()
        assert current in (old, after[name]), f"{name} is neither its old nor its new version"
        backup = directory / (name + BACKUP_SUFFIX)
        if current != old:
            replaced += 1
            assert backup.read_bytes() == old, f"{name} was replaced without its .bak"
        elif backup.exists():
            assert backup.read_bytes() == old  # made before the kill stopped the replace
    for path in directory.iterdir():
        if path.name in before or path.name.removesuffix(BACKUP_SUFFIX) in before:
            continue
        staged = _STAGED.match(path.name)
        assert staged and staged.group("file").removesuffix(BACKUP_SUFFIX) in before, f"unexpected file {path.name}"
        assert not path.name.endswith((".yaml", ".yml")), path.name
    return replaced
