"""Run the real helm: find the binary, `helm template` a chart, and turn its failures into one-line errors.

helm is found in this order: `--helm PATH`, `$HELM`, then `PATH`. A missing helm is an error that
says how to get one; a failing render names the chart and the failing template (`templates/x.yaml:
LINE:COL`) as helm reported it, with the temporary values files renamed back to the user's inputs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bbvalues.errors import BBValuesError
from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping, Sequence

HELM_ENV = "HELM"
DEFAULT_TIMEOUT = 300.0
INSTALL_HINT = ("install helm (https://helm.sh/docs/intro/install/), or run tools/install-helm DIR from the "
                "bbvalues repository, or pass --helm PATH")

# helm 4 writes `Error: bigbang/templates/x.yaml:5:25 executing ...`, `execution error at (bigbang/
# templates/x.yaml:2:5): ...`, `parse error at (bigbang/templates/x.yaml:1): ...` and `YAML parse error
# on bigbang/templates/x.yaml: ...`; helm 3 prefixes the first with `template: `. The path starts with
# the chart's name (and `charts/<sub>/` for a subchart).
_TEMPLATE_REF = Pattern(r"(?P<chart>[\w.-]+)/(?P<path>(?:charts/[\w.-]+/)*templates/[^\s:()]+)"
                           r"(?::(?P<line>\d+))?(?::(?P<column>\d+))?")
_HELM_NOISE = ("Use --debug flag",)


@dataclass(frozen=True)
class Helm:
    """A helm binary and how it was found (for messages)."""

    path: str
    found_by: str


def find_helm(explicit: str | None = None, env: Mapping[str, str] | None = None) -> Helm:
    """`explicit` (--helm), else `$HELM`, else `helm` on PATH; an error with the install hint when none works."""
    env = os.environ if env is None else env
    if explicit:
        return Helm(_executable(explicit, "--helm"), "--helm")
    if env.get(HELM_ENV):
        return Helm(_executable(env[HELM_ENV], f"${HELM_ENV}"), f"${HELM_ENV}")
    on_path = shutil.which("helm", path=env.get("PATH"))
    if on_path is None:
        raise BBValuesError(f"helm not found on PATH: {INSTALL_HINT}")
    return Helm(on_path, "PATH")


def _executable(candidate: str, where: str) -> str:
    resolved = shutil.which(candidate) if os.sep not in candidate else candidate
    if resolved is None or not Path(resolved).is_file() or not os.access(resolved, os.X_OK):
        raise BBValuesError(f"helm not found: {where} names {candidate!r}, which is not an executable file; "
                            f"{INSTALL_HINT}")
    return resolved


def check_chart(chart: str) -> None:
    """A local chart must exist; helm's own message would name neither what is missing nor the fix."""
    if "://" in chart:
        return  # oci:// and repository URLs: helm fetches them
    path = Path(chart)
    if not path.exists():
        raise BBValuesError("no such chart: pass the umbrella chart directory (a bigbang checkout's chart/) "
                            "or a packaged .tgz", file=chart)
    if path.is_dir() and not (path / "Chart.yaml").is_file():
        raise BBValuesError("not a chart directory (no Chart.yaml); a bigbang checkout keeps it in chart/",
                            file=chart)


def helm_template(helm: Helm, chart: str, release: str, namespace: str, values_files: Sequence[Path],
                  labels: Mapping[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The rendered manifests of `helm template RELEASE CHART -n NAMESPACE -f FILE...`.

    `labels` maps temporary file names to what the user calls them, so a values error names the input.
    """
    args = [helm.path, "template", release, chart, "--namespace", namespace]
    for values_file in values_files:
        args += ["--values", str(values_file)]
    return _run(args, chart, labels or {}, timeout)


def chart_version(helm: Helm, chart: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """`version` from the chart's Chart.yaml (a directory or a packaged .tgz), via `helm show chart`."""
    text = _run([helm.path, "show", "chart", chart], chart, {}, timeout)
    match = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def _run(args: list[str], chart: str, labels: Mapping[str, str], timeout: float) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BBValuesError(f"helm {args[1]} did not finish within {timeout:g} seconds", file=chart) from None
    except OSError as exc:
        raise BBValuesError(f"cannot run helm ({args[0]}): {exc.strerror}; {INSTALL_HINT}") from None
    if result.returncode != 0:
        raise helm_error(result.stderr, chart, labels)
    return result.stdout


def helm_error(stderr: str, chart: str, labels: Mapping[str, str] | None = None) -> BBValuesError:
    """One line from helm's error output: the failing template first (chart-relative), then helm's words."""
    detail = " ".join(" ".join(line.split()) for line in stderr.splitlines()
                      if line.strip() and not line.lstrip().startswith(_HELM_NOISE))
    detail = detail.removeprefix("Error: ") or "helm failed without a message"
    for temporary, label in (labels or {}).items():
        detail = detail.replace(temporary, label)
    reference = _TEMPLATE_REF.search(detail)
    if reference is None:
        return BBValuesError(f"helm template failed: {detail}", file=chart)
    where = ":".join(part for part in reference.group("path", "line", "column") if part)
    # helm 4 starts with the bare location, which `where` already says
    detail = re.sub(rf"^(?:template: )?{re.escape(reference.group(0))}:?\s*", "", detail)
    return BBValuesError(f"helm template failed in {where}: {detail}", file=chart)
