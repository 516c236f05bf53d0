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

from bbvalues.lint.contract import contract_check
from bbvalues.lint.finding import ERROR

ID = "ambient-before-3.23"
SEVERITY = ERROR
TITLE = "Ambient on a release without ambient package enrollment"

check = contract_check(ID, SEVERITY)
