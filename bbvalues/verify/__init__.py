"""`bbvalues verify`: check a migration against the user's own Big Bang chart with the real helm.

Static rules can be wrong about a chart release bbvalues has not seen; helm is the ground truth.
`verify_migration` renders the umbrella chart twice, on the inputs before and after the migration,
and compares what the packages would receive:

- before: the user's values sources, in Helm order, each written to a temporary values file;
- after: the layers the caller gives: the same sources with a plan's required deletions made (on
  temporary copies, never on the user's files) and bbvalues' overlay last (`migrate.views.migrated_layers`),
  or the user's sources and an overlay someone wrote, as they are. Required edits bbvalues does not
  model (a rewrite or a label a person must make) come in `AfterLayers.not_modelled`;
- each render: `bbvalues.verify.render` decodes the package values Secrets and merges them as Flux
  does; `bbvalues.verify.analyse` compares the two and decides whether the target mode is reached;
  `bbvalues.verify.package` renders the package charts named with `--package-chart`.

Modules: `helm` (find and run helm), `render` (read a render), `analyse` (pure comparison),
`package` (package chart renders). Renderers live in `bbvalues.report.verify_*`.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bbvalues.bigbang.detect import detect
from bbvalues.bigbang.modes import UmbrellaView
from bbvalues.bigbang.releases import SelectedRelease, parse_version, release_table, select_release
from bbvalues.documents.inputs import InputSet, load_inputs
from bbvalues.documents.layers import ValuesLayer, source_layer
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import Effective, merge_values
from bbvalues.records import replaced
from bbvalues.verify.analyse import Analysis, Finding, analyse
from bbvalues.verify.helm import DEFAULT_TIMEOUT, Helm, chart_version, helm_template
from bbvalues.verify.package import (
    PackageChartReport, package_chart_findings, release_and_namespace, render_package_chart,
)
from bbvalues.verify.render import UmbrellaRender, parse_umbrella_render

UMBRELLA_RELEASE = "bigbang"
UMBRELLA_NAMESPACE = "bigbang"


@dataclass(frozen=True)
class VerifyOptions:
    chart: str
    target: str
    package_charts: tuple[tuple[str, str], ...] = ()
    values_key: str = "values.yaml"
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class AfterLayers:
    """What helm renders after the migration: the `-f` layers, the required edits no render models, and the
    warnings of whatever produced them (a plan, or the reading of an overlay file)."""

    layers: list[ValuesLayer]
    not_modelled: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def overlay_layers(inputs: InputSet, overlay: str, values_key: str) -> AfterLayers:
    """The user's sources and an overlay someone wrote, merged last, as they are (`verify --overlay`)."""
    loaded = load_inputs([overlay], values_key)
    return AfterLayers([source_layer(source) for source in inputs.sources + loaded.sources],
                       warnings=list(loaded.warnings))


@dataclass
class VerifyReport:
    chart: str
    source_mode: str
    target_mode: str
    release: SelectedRelease
    helm: str
    before: list[str]
    after: list[str]
    analysis: Analysis
    package_charts: list[PackageChartReport] = field(default_factory=list)
    not_modelled: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.analysis.findings + [finding for report in self.package_charts for finding in report.findings]

    @property
    def reached(self) -> bool:
        return not any(finding.blocks for finding in self.findings)


def select_chart_release(flag: str | None, inputs: InputSet, helm: Helm, chart: str,
                         timeout: float = DEFAULT_TIMEOUT) -> SelectedRelease:
    """`--bigbang-version`, else the chart's own version (that is what helm renders), else as other commands do.

    A disagreement with the chart (or with the HelmRelease's pinned version) becomes the selection's warning.
    """
    version = chart_version(helm, chart, timeout)
    pinned = inputs.helm_release.chart_version if inputs.helm_release else None
    if flag:
        selected = select_release(flag)
        parsed = parse_version(version) if version else None
        if parsed and release_table().for_version(parsed) != selected.release:
            selected = replaced(selected, warning=f"--bigbang-version {flag} selects the {selected.release.name} row, "
                                                  f"but the chart's Chart.yaml says {version}")
        return selected
    if version is None:
        return select_release(None, pinned, inputs.helm_release.origin if inputs.helm_release else None)
    selected = replaced(select_release(version), how=f"Chart.yaml of {chart}")
    if pinned and pinned != version:
        selected = replaced(selected, warning=f"the HelmRelease pins Big Bang {pinned}, the chart is {version}: "
                                              f"verifying against the chart")
    return selected


def verify_migration(inputs: InputSet, options: VerifyOptions, selected: SelectedRelease, helm: Helm,
                     migrated: AfterLayers) -> VerifyReport:
    """Render the umbrella before and after the migration and judge the after render by the target's contract."""
    before = [source_layer(source) for source in inputs.sources]
    after = migrated.layers
    warnings = inputs.warnings + migrated.warnings + ([selected.warning] if selected.warning else [])
    with tempfile.TemporaryDirectory(prefix="bbvalues-verify-") as scratch:
        workdir = Path(scratch)
        before_render, after_render = _render_both(helm, options, workdir, before, after)
        after_view = UmbrellaView(Effective(values=merge_values(layer.values for layer in after)), selected.release)
        analysis = analyse(before_render, after_render, after_view, options.target)
        charts = [_package_chart(helm, options, workdir, name, path, before_render, after_render)
                  for name, path in options.package_charts]
    view = UmbrellaView(Effective(values=merge_values(layer.values for layer in before)), selected.release)
    return VerifyReport(
        chart=options.chart, source_mode=detect(view, selected.label).mode, target_mode=options.target,
        release=selected, helm=f"{helm.path} (from {helm.found_by})",
        before=[layer.label for layer in before], after=[layer.label for layer in after], analysis=analysis,
        package_charts=charts, not_modelled=migrated.not_modelled, warnings=list(dict.fromkeys(warnings)))


def _render_both(helm: Helm, options: VerifyOptions, workdir: Path, before: list[ValuesLayer],
                 after: list[ValuesLayer]) -> tuple[UmbrellaRender, UmbrellaRender]:
    """Both umbrella renders, side by side (helm spends most of its time rendering)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(_render_umbrella, helm, options, workdir / name, layers)
                for name, layers in (("before", before), ("after", after))]
        return jobs[0].result(), jobs[1].result()


def _render_umbrella(helm: Helm, options: VerifyOptions, directory: Path, layers: list[ValuesLayer]) -> UmbrellaRender:
    """One `helm template` of the umbrella; a render without package values Secrets is not Big Bang's."""
    directory.mkdir(parents=True)
    files, labels = [], {}
    for index, layer in enumerate(layers, start=1):
        path = directory / f"{index:02d}-values.yaml"
        path.write_text(layer.text, encoding="utf-8")
        files.append(path)
        labels[str(path)] = layer.label
    text = helm_template(helm, options.chart, UMBRELLA_RELEASE, UMBRELLA_NAMESPACE, files, labels, options.timeout)
    render = parse_umbrella_render(text, UMBRELLA_RELEASE, f"helm template {options.chart} ({directory.name})")
    if not render.packages:
        raise BBValuesError(f"the render has no package values Secrets ({UMBRELLA_RELEASE}-<package>-values with "
                            f"common, defaults and overlays): is this the Big Bang umbrella chart?", file=options.chart)
    return render


def _package_chart(helm: Helm, options: VerifyOptions, workdir: Path, name: str, chart: str,
                   before: UmbrellaRender, after: UmbrellaRender) -> PackageChartReport:
    if name not in before.packages and name not in after.packages:
        known = ", ".join(sorted(set(before.packages) | set(after.packages))) or "none"
        raise BBValuesError(f"--package-chart {name}={chart}: the umbrella render has no values Secret for package "
                            f"{name!r} (packages: {known})")
    release, namespace = release_and_namespace(name, after if name in after.packages else before)
    renders = {}
    for label, render in (("before", before), ("after", after)):
        package = render.packages.get(name)
        renders[label] = (None if package is None else
                          render_package_chart(helm, package, chart, release, namespace,
                                               workdir / f"package-{name}-{label}", options.timeout))
    report = PackageChartReport(package=name, chart=chart, release=release, namespace=namespace,
                                before=renders["before"], after=renders["after"])
    report.findings = package_chart_findings(report)
    return report
