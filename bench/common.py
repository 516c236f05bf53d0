"""What every benchmark script shares: the machine it ran on, medians, and its section of docs/benchmarks.md.

Each script owns one marker-delimited section (`<!-- NAME:begin -->` ... `<!-- NAME:end -->`) and
rewrites only that section, so the scripts can run in any order.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOC = ROOT / "docs" / "benchmarks.md"
_HEADER = "# Benchmarks\n\nMeasured by the scripts in `bench/`; each writes its own section below.\n"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """The machine a result was measured on, for the line above each table."""
    return (f"{cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f} at the start "
            "(a shared machine: other work ran alongside)")


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(args: list[str], runs: int) -> float:
    """Median wall time of a command line, interpreter start included."""
    return median_seconds(lambda: subprocess.run(args, cwd=ROOT, capture_output=True, check=False), runs)


class Installed:
    """bbvalues installed from this checkout in a virtual environment, and the commands to time there: what
    users run (an editable install's import hook alone costs each call about 25 ms; pip compiles every
    module at install)."""

    def __init__(self, venv: Path):
        self.python = str(venv / "bin" / "python")
        self.script = str(venv / "bin" / "bbvalues")

    def bbvalues(self, *args: str) -> list[str]:
        return [self.script, *args]

    def code(self, code: str, *args: str) -> list[str]:
        return [self.python, "-c", f"import sys; {code}", *args]


def install(venv: Path | None, scratch: Path) -> Installed:
    """`venv`, where bbvalues is installed already, or a new one in `scratch` where pip installs it."""
    if venv is not None:
        return Installed(venv)
    venv = scratch / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)], check=True)
    return Installed(venv)


def compile_package() -> None:
    """Byte-compile bbvalues as pip does at install, so each call measures what a user runs: in a checkout
    run with PYTHONDONTWRITEBYTECODE, every module edited since its last compile is compiled on every call."""
    import compileall

    compileall.compile_dir(ROOT / "bbvalues", quiet=1)


def bbvalues(*args: str) -> list[str]:
    return [sys.executable, "-m", "bbvalues", *args]


def verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def write_section(name: str, lines: list[str]) -> str:
    """Replace (or append) this script's section of docs/benchmarks.md; returns the section."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    section = "\n".join([begin, *lines, end])
    text = DOC.read_text() if DOC.exists() else _HEADER
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)
    print(section)
    return section
