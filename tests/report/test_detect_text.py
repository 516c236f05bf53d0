"""`detect`'s text: a problem's reason and fix are never lost when problems of one rule are grouped."""

from __future__ import annotations

import textwrap

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.report.detect import render_detection_text

STALE_329_PIN = textwrap.dedent("""\
    istio: {ambient: {enabled: true}}
    sso: {enabled: true}
    addons: {authservice: {enabled: true}}
    monitoring:
      sso: {enabled: true}
      values:
        upstream:
          prometheus:
            service:
              labels:
                istio.io/use-waypoint: authservice-waypoint
                istio.io/use-waypoint-namespace: authservice
    """)


def test_each_distinct_fix_of_one_rule_is_printed():
    detection = detect_inputs(load_inputs(["-"], stdin_text=STALE_329_PIN), select_release("3.30.0"))
    fixes = {problem.fix for problem in detection.problems}
    assert len(fixes) == 2
    text = render_detection_text(detection)
    assert all(f"    fix: {fix}\n" in text for fix in fixes)
