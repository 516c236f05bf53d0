"""PyYAML's parser, imported without the rest of PyYAML until something asks for it.

bbvalues reads YAML through libyaml's parser (`CParser` of PyYAML's binding `yaml._yaml`), events only.
`import yaml` also builds PyYAML's constructors, resolvers, representers and dumpers, importing datetime
and base64 for them, and compiles the regular expressions of its pure-Python modules: 95 M instructions
beyond `re`, more than reading the 2,349-line test values takes (82 M); what this module imports takes
14 M. Here the `yaml` package is made from its spec without running its `__init__`, and only the
modules the binding reads as it loads are imported: error, tokens, events, nodes, and the reader,
scanner, parser, composer, emitter and serializer whose error classes it names. It also names
`ConstructorError` and `RepresenterError`, which its parser never raises (PyYAML's constructors and
representers do): modules that hold just those two stand in for theirs while it loads, and are taken
away once it has.

The package completes itself, running its own `__init__` (which imports the rest), the first time it is
asked for a name it lacks: a later `yaml.safe_load`, `from yaml import CSafeLoader` or
`python_parser()` gets the whole of PyYAML, whoever asks. Where PyYAML was imported before, it is used
as it is. Where libyaml is missing, PyYAML is completed and its pure-Python parser is used.

While PyYAML's modules import, the patterns they compile are `bbvalues.patterns.Pattern`s, compiled
the first time they are used: libyaml's parser uses none of them (the pure-Python reader's class of
printable characters, the resolver's implicit types, the constructor's timestamp).
"""

from __future__ import annotations

import re
import sys

from bbvalues.patterns import Pattern

_compile = re.compile
# What yaml._yaml reads as it loads, besides the two error classes that stand in below.
_BINDING_NEEDS = ("error", "tokens", "events", "nodes", "reader", "scanner", "parser", "composer", "emitter",
                  "serializer")


def _patterns_on_first_use(load):
    """`load()`, with the patterns PyYAML's modules compile as they import left to their first use."""
    def compile_for_pyyaml(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__", "").startswith("yaml."):
            return Pattern(pattern, flags)
        return _compile(pattern, flags)

    re.compile = compile_for_pyyaml
    try:
        return load()
    finally:
        re.compile = _compile


def _parser_only():
    """The `yaml` package with libyaml's binding loaded and its `__init__` not run yet (where PyYAML has no
    libyaml binding, looking the binding up below completes the package)."""
    from types import ModuleType

    spec = _find_spec("yaml")
    package = ModuleType(spec.name)
    package.__spec__, package.__loader__, package.__package__ = spec, spec.loader, spec.name
    package.__path__, package.__file__ = spec.submodule_search_locations, spec.origin
    sys.modules["yaml"] = package

    def complete(name: str):
        del package.__getattr__
        _patterns_on_first_use(lambda: spec.loader.exec_module(package))
        return getattr(package, name)

    def import_what_the_binding_needs():
        for name in _BINDING_NEEDS:
            __import__(f"yaml.{name}")

    _patterns_on_first_use(import_what_the_binding_needs)
    error = package.error
    stand_ins = {"constructor": ("ConstructorError", error.MarkedYAMLError),
                 "representer": ("RepresenterError", error.YAMLError)}
    for module, (name, base) in stand_ins.items():
        stand_in = ModuleType(f"yaml.{module}")
        setattr(stand_in, name, type(name, (base,), {"__module__": stand_in.__name__}))
        sys.modules[stand_in.__name__] = stand_in
        setattr(package, module, stand_in)
    try:
        __import__("yaml._yaml")
    except ImportError:  # no libyaml: `CParser` below is None
        pass
    finally:
        for module in stand_ins:
            del sys.modules[f"yaml.{module}"]
            delattr(package, module)
        package.__getattr__ = complete
    return package


def _find_spec(name: str):
    """What `importlib.util.find_spec(name)` finds for a top-level module not imported yet: importlib.util
    and what it imports were 2.8 M instructions of a call, a tenth of what this module saves."""
    for finder in sys.meta_path:
        spec = finder.find_spec(name, None) if hasattr(finder, "find_spec") else None
        if spec is not None:
            return spec
    raise ImportError(f"No module named {name!r}: pip install pyyaml", name=name)


def python_parser():
    """PyYAML's pure-Python parser (`yaml.BaseLoader`): the one used where libyaml is missing."""
    return yaml.BaseLoader


yaml = sys.modules.get("yaml") or _parser_only()
CParser = getattr(getattr(yaml, "_yaml", None), "CParser", None)  # libyaml's, where PyYAML has it

from yaml.error import MarkedYAMLError  # noqa: E402 (PyYAML is imported above, once)
from yaml.events import (  # noqa: E402
    AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from yaml.reader import ReaderError  # noqa: E402

__all__ = ["yaml", "CParser", "python_parser", "MarkedYAMLError", "ReaderError", "AliasEvent", "DocumentEndEvent",
           "DocumentStartEvent", "MappingEndEvent", "MappingStartEvent", "ScalarEvent", "SequenceEndEvent",
           "SequenceStartEvent", "StreamEndEvent"]
