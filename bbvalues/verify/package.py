"""Render one package chart with the values the umbrella hands it (`--package-chart NAME=PATH`).

The three decoded Secret keys are passed as `-f common -f defaults -f overlays`, which is Flux's
`valuesFrom` merge followed by Helm's coalescing against the chart's own defaults: only here does a
null label disappear (the chart defaults that key) or survive into the Service (it does not). The
release name and namespace are the package HelmRelease's, as Flux derives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from bbvalues.bigbang.releases import release_table
from bbvalues.errors import BBValuesError
from bbvalues.verify.analyse import Finding
from bbvalues.verify.helm import DEFAULT_TIMEOUT, Helm, helm_template
from bbvalues.verify.render import VALUES_KEYS, PackageValues, UmbrellaRender, read_yaml_documents

POLICY_KINDS = ("NetworkPolicy", "AuthorizationPolicy")


@dataclass(frozen=True)
class RenderedService:
    namespace: str
    name: str
    labels: dict

    @property
    def null_labels(self) -> list[str]:
        return [key for key, value in self.labels.items() if value is None]


@dataclass
class PackageChartRender:
    services: list[RenderedService] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)  # "Kind namespace/name"


@dataclass
class PackageChartReport:
    package: str
    chart: str
    release: str
    namespace: str
    before: PackageChartRender | None
    after: PackageChartRender | None
    findings: list[Finding] = field(default_factory=list)


def parse_package_chart_spec(spec: str) -> tuple[str, str]:
    """`NAME=PATH` of `--package-chart`."""
    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise BBValuesError(f"--package-chart {spec!r}: expected NAME=PATH, e.g. monitoring=./monitoring/chart")
    return name.strip(), path.strip()


def release_and_namespace(package: str, render: UmbrellaRender) -> tuple[str, str]:
    """Flux's release name (`spec.releaseName`, else `[targetNamespace-]name`) and namespace of the package."""
    for helm_release in render.helm_releases.values():
        if package in helm_release.values_packages:
            namespace = helm_release.target_namespace or helm_release.namespace
            default_name = (f"{helm_release.target_namespace}-{helm_release.name}" if helm_release.target_namespace
                            else helm_release.name)
            return helm_release.release_name or default_name, namespace
    location = release_table().packages.get(package)
    return package, location.namespace if location else package


def render_package_chart(helm: Helm, package: PackageValues, chart: str, release: str, namespace: str,
                         workdir: Path, timeout: float = DEFAULT_TIMEOUT) -> PackageChartRender:
    workdir.mkdir(parents=True, exist_ok=True)
    files, labels = [], {}
    for key in VALUES_KEYS:
        path = workdir / f"{key}.yaml"
        path.write_text(package.texts[key], encoding="utf-8")
        files.append(path)
        labels[str(path)] = f"Secret {package.secret} key {key}"
    return parse_package_render(helm_template(helm, chart, release, namespace, files, labels, timeout),
                                f"{chart} rendered")


def parse_package_render(text: str, name: str) -> PackageChartRender:
    render = PackageChartRender()
    for document in read_yaml_documents(text, name):
        if not isinstance(document, dict):
            continue
        metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
        kind, where = document.get("kind"), f"{metadata.get('namespace') or '-'}/{metadata.get('name', '')}"
        if kind == "Service":
            labels = metadata.get("labels")
            render.services.append(RenderedService(str(metadata.get("namespace") or ""), str(metadata.get("name", "")),
                                                   dict(labels) if isinstance(labels, dict) else {}))
        elif kind in POLICY_KINDS:
            render.policies.append(f"{kind} {where}")
    render.policies.sort()
    return render


def package_chart_findings(report: PackageChartReport) -> list[Finding]:
    """Null labels on rendered Services (they block), each Service's labels, and policies that come and go."""
    findings: list[Finding] = []
    after = report.after
    if after is None:
        return [Finding(report.package, "package-chart", f"{report.package} has no values in the after render; "
                                                         f"{report.chart} not rendered")]
    for service in after.services:
        if service.null_labels:
            findings.append(Finding(report.package, "null-service-label",
                                    f"{report.chart} renders Service {service.name} with null labels "
                                    f"{', '.join(service.null_labels)}: the API server rejects it",
                                    blocks=True, after=service.labels))
        else:
            findings.append(Finding(report.package, "service-labels", f"{report.chart} renders Service {service.name}",
                                    after=service.labels))
    before_policies = set(report.before.policies) if report.before else set()
    for policy in after.policies:
        change = "" if report.before is None or policy in before_policies else " (new)"
        findings.append(Finding(report.package, "policy", f"{report.chart} renders {policy}{change}"))
    for policy in sorted(before_policies - set(after.policies)):
        findings.append(Finding(report.package, "policy", f"{report.chart} no longer renders {policy}"))
    return findings
