"""Read an umbrella render: the package values Secrets, the HelmReleases and the Namespace labels.

Big Bang writes each package's values into a Secret `<release>-<package>-values` with the keys
`common`, `defaults` (what the umbrella computes) and `overlays` (the user's `<package>.values`), as
`stringData` or base64 `data`; the package HelmRelease lists them in that order in `valuesFrom`, and
Flux merges them (`merge_values`). Everything is read the way Helm reads YAML.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from functools import cached_property

from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

VALUES_KEYS = ("common", "defaults", "overlays")
_SECRET_SUFFIX = "-values"


def read_yaml_documents(text: str, name: str) -> list[Any]:
    """Every non-empty document of a YAML stream, as Helm reads it (YAML 1.1 scalars, last duplicate wins)."""
    documents = (document.value for document in read_documents(text, LineMap(name)))
    return [document for document in documents if document is not None]


def read_values_text(text: str, name: str) -> dict:
    """One values document (an empty text is `{}`, as for Helm)."""
    documents = read_yaml_documents(text, name)
    if len(documents) > 1:
        raise BBValuesError("holds more than one YAML document; a values text holds one", file=name)
    values = documents[0] if documents else {}
    if not isinstance(values, dict):
        raise BBValuesError(f"values must be a mapping, not {type(values).__name__}", file=name)
    return values


@dataclass(frozen=True)
class PackageValues:
    """One package's values Secret: the three texts exactly as the umbrella wrote them."""

    package: str
    secret: str
    texts: dict[str, str]

    def layer(self, key: str) -> dict:
        return read_values_text(self.texts.get(key, ""), f"Secret {self.secret} key {key}")

    @cached_property
    def merged(self) -> dict:
        """What the package's HelmRelease hands to its chart: common <- defaults <- overlays, nulls kept."""
        return merge_values(self.layer(key) for key in VALUES_KEYS)


@dataclass(frozen=True)
class HelmReleaseSpec:
    """A package HelmRelease: where Flux installs it and which package values Secrets it reads."""

    name: str
    namespace: str
    target_namespace: str | None = None
    release_name: str | None = None
    values_packages: tuple[str, ...] = ()


@dataclass
class UmbrellaRender:
    """What verify reads from one `helm template` of the umbrella."""

    packages: dict[str, PackageValues] = field(default_factory=dict)
    helm_releases: dict[str, HelmReleaseSpec] = field(default_factory=dict)
    namespaces: dict[str, dict[str, Any]] = field(default_factory=dict)


def parse_umbrella_render(text: str, release: str = "bigbang", name: str = "helm template output") -> UmbrellaRender:
    """Split a multi-document render and keep the values Secrets, HelmRelease names and Namespace labels."""
    render = UmbrellaRender()
    for manifest in _manifests(read_yaml_documents(text, name)):
        kind, metadata = manifest["kind"], manifest["metadata"]
        if kind == "Secret":
            package = _package_values(manifest, metadata, release)
            if package is not None:
                render.packages[package.package] = package
        elif kind == "HelmRelease":
            spec = _helm_release(manifest, metadata, release)
            render.helm_releases[spec.name] = spec
        elif kind == "Namespace":
            labels = metadata.get("labels")
            render.namespaces[str(metadata.get("name", ""))] = dict(labels) if isinstance(labels, dict) else {}
    return render


def _manifests(documents: list[Any]) -> Iterator[dict]:
    for document in documents:
        if isinstance(document, dict) and isinstance(document.get("kind"), str):
            metadata = document.get("metadata")
            yield {**document, "metadata": metadata if isinstance(metadata, dict) else {}}


def _helm_release(manifest: dict, metadata: dict, release: str) -> HelmReleaseSpec:
    spec = manifest.get("spec") if isinstance(manifest.get("spec"), dict) else {}
    secrets = [str(entry.get("name", "")) for entry in spec.get("valuesFrom") or []
               if isinstance(entry, dict) and entry.get("kind") == "Secret"]
    packages = (_package_name(secret, release) for secret in secrets if secret.endswith(_SECRET_SUFFIX))
    return HelmReleaseSpec(name=str(metadata.get("name", "")), namespace=str(metadata.get("namespace") or ""),
                           target_namespace=_optional_text(spec.get("targetNamespace")),
                           release_name=_optional_text(spec.get("releaseName")),
                           values_packages=tuple(dict.fromkeys(packages)))


def _optional_text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _package_name(secret: str, release: str) -> str:
    return secret.removesuffix(_SECRET_SUFFIX).removeprefix(f"{release}-")


def _package_values(manifest: dict, metadata: dict, release: str) -> PackageValues | None:
    """The Secret as package values when it is named `*-values` and carries all three keys."""
    secret = str(metadata.get("name", ""))
    if not secret.endswith(_SECRET_SUFFIX):
        return None
    texts = _secret_texts(manifest, secret)
    if not all(key in texts for key in VALUES_KEYS):
        return None
    return PackageValues(package=_package_name(secret, release), secret=secret, texts=texts)


def _secret_texts(manifest: dict, secret: str) -> dict[str, str]:
    """The Secret's keys as text: `stringData` as written, `data` decoded from base64 (stringData wins, as in the API)."""
    texts: dict[str, str] = {}
    data = manifest.get("data")
    if isinstance(data, dict):
        for key, encoded in data.items():
            texts[str(key)] = _decode(encoded, secret, key)
    string_data = manifest.get("stringData")
    if isinstance(string_data, dict):
        texts.update({str(key): "" if value is None else str(value) for key, value in string_data.items()})
    return texts


def _decode(encoded: Any, secret: str, key: str) -> str:
    if encoded is None:
        return ""
    try:
        return base64.b64decode(str(encoded), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise BBValuesError(f"Secret {secret}: data.{key} is not base64-encoded UTF-8") from None
