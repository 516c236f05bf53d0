"""PyYAML, imported so that the regular expressions its pure-Python modules compile as they import are
compiled the first time they are used instead.

bbvalues reads YAML through libyaml's parser (`yaml.CBaseLoader`, events only), which uses none of them:
the pure-Python reader's class of printable characters, the resolver's implicit types and the
constructor's timestamp. Compiling those ten patterns was 68 M of the 162 M instructions `import yaml`
costs, more than a quarter of a `netpol expand` call. Where libyaml is missing, PyYAML's own parser
compiles each pattern when it first needs it. Every module of bbvalues reaches PyYAML through this one.
"""

from __future__ import annotations

import re
import sys

from bbvalues.patterns import Pattern

_compile = re.compile


def _import_pyyaml():
    def compile_for_pyyaml(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__", "").startswith("yaml."):
            return Pattern(pattern, flags)
        return _compile(pattern, flags)

    re.compile = compile_for_pyyaml
    try:
        import yaml
    finally:
        re.compile = _compile
    return yaml


yaml = sys.modules.get("yaml") or _import_pyyaml()

from yaml.events import (  # noqa: E402 (PyYAML is imported above, once)
    AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)

__all__ = ["yaml", "AliasEvent", "DocumentEndEvent", "DocumentStartEvent", "MappingEndEvent", "MappingStartEvent",
           "ScalarEvent", "SequenceEndEvent", "SequenceStartEvent", "StreamEndEvent"]
