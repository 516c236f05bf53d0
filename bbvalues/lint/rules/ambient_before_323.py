"""Ambient switched on for a Big Bang release before 3.23.

Package enrollment (namespace label `istio.io/dataplane-mode: ambient`) and the authservice
waypoints start in 3.23.0. On 3.22 ambient installs ztunnel and istio-cni but enrolls no
integrated package; on 3.21 `ztunnel.enabled: true` does the same; earlier releases have no
ambient at all.

FAIL (Big Bang 3.22):

    istio: {ambient: {enabled: true}}

PASS: ambient on 3.23.0 or later.

Fix: upgrade Big Bang first, or pass the right --bigbang-version.
"""

from __future__ import annotations

from typing import Iterator

from bbvalues.bigbang.modes import AMBIENT_SWITCH, ZTUNNEL_SWITCH
from bbvalues.bigbang.packages import resolve_key
from bbvalues.documents.paths import has_path
from bbvalues.lint.context import LintContext
from bbvalues.lint.finding import ERROR, Finding

ID = "ambient-before-3.23"
SEVERITY = ERROR
TITLE = "Ambient on a release without ambient package enrollment"


def check(context: LintContext) -> Iterator[Finding]:
    release = context.release.release
    if not context.view.ambient or release.supports_ambient_sso:
        return
    switch = next((resolve_key(context.values, key) for key in (AMBIENT_SWITCH, ZTUNNEL_SWITCH)
                   if has_path(context.values, resolve_key(context.values, key))), AMBIENT_SWITCH)
    what = ("has ambient infrastructure only: no package is enrolled and there are no SSO waypoints"
            if release.ambient == "infrastructure" else "has no ambient mode")
    yield Finding.at(context.locate(switch), ID, SEVERITY,
                     f"ambient is on, but Big Bang {context.release.label} {what}",
                     "upgrade Big Bang to 3.23.0 or later before switching ambient on")
