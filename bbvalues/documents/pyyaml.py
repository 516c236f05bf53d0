"""PyYAML's parser, imported without the rest of PyYAML until something asks for it.

bbvalues reads YAML through libyaml's parser (`CParser` of PyYAML's binding `yaml._yaml`), events only.
`import yaml` also builds PyYAML's pure-Python reader, scanner, parser, emitter, constructors, resolvers
and representers, and imports `re` (with enum and functools), datetime and base64 for them. `re` alone
is 25 M instructions, a quarter of a `netpol expand` call; what this module imports is 10 M.

Here the `yaml` package is made from its spec without running its `__init__`, and only what the binding
reads as it loads is imported: the modules error, tokens, events and nodes, and one error class from each of
eight more modules (reader, scanner, parser, composer, constructor, emitter, serializer, representer).
Those eight are stand-in modules holding just that class. The binding raises those classes (a file
libyaml cannot read is a `ReaderError`, `ScannerError` or `ParserError`), so they are PyYAML's for good:
when the rest of PyYAML is needed, each stand-in has its real module run into it and then gets its
class back, and every part of PyYAML raises and catches the class the binding raises.

The package completes itself, running its own `__init__` (which imports the rest), the first time it or
a stand-in is asked for a name it lacks: a later `yaml.safe_load`, `from yaml import CSafeLoader`,
`from yaml.scanner import Scanner` or `python_parser()` gets the whole of PyYAML, whoever asks. Where
PyYAML was imported before, it is used as it is. Where libyaml is missing, PyYAML is completed and its
pure-Python parser is used.
"""

from __future__ import annotations

import sys

# The modules the binding takes one error class from, with that class and its base in yaml.error.
_ERROR_CLASSES = {"reader": ("ReaderError", "YAMLError"), "scanner": ("ScannerError", "MarkedYAMLError"),
                  "parser": ("ParserError", "MarkedYAMLError"), "composer": ("ComposerError", "MarkedYAMLError"),
                  "constructor": ("ConstructorError", "MarkedYAMLError"),
                  "emitter": ("EmitterError", "YAMLError"), "serializer": ("SerializerError", "YAMLError"),
                  "representer": ("RepresenterError", "YAMLError")}


def _parser_only():
    """The `yaml` package with libyaml's binding loaded and its `__init__` not run yet (where PyYAML has no
    libyaml binding, looking the binding up below completes the package)."""
    from types import ModuleType

    spec = _find_spec("yaml")
    package = ModuleType(spec.name)
    package.__spec__, package.__loader__, package.__package__ = spec, spec.loader, spec.name
    package.__path__, package.__file__ = spec.submodule_search_locations, spec.origin
    sys.modules["yaml"] = package
    for name in ("error", "tokens", "events", "nodes"):
        __import__(f"yaml.{name}")
    stand_ins = [_stand_in(ModuleType(f"yaml.{module}"), class_name, getattr(package.error, base))
                 for module, (class_name, base) in _ERROR_CLASSES.items()]

    def complete():
        for stand_in in stand_ins:
            del stand_in.__getattr__
        del package.__getattr__
        for stand_in in stand_ins:
            _run_real_module(stand_in, package)
        spec.loader.exec_module(package)

    for stand_in in stand_ins:
        sys.modules[stand_in.__name__] = stand_in
        setattr(package, stand_in.__name__.rpartition(".")[2], stand_in)
        stand_in.__getattr__ = _then_get(complete, stand_in)
    package.__getattr__ = _then_get(complete, package)
    try:
        __import__("yaml._yaml")
    except ImportError:  # no libyaml: `CParser` below is None
        pass
    return package


# What the import system and inspect look up on any module (`from yaml.reader import ReaderError` asks the
# stand-in for `__path__`): not a use of PyYAML. Any other name, `yaml.__version__` too, completes it.
_MODULE_PROBES = frozenset({"__path__", "__file__", "__cached__"})


def _then_get(complete, module):
    """A module's `__getattr__`: the whole of PyYAML made, then the name looked up on `module`."""
    def __getattr__(name: str):
        if name in _MODULE_PROBES:
            raise AttributeError(name)
        complete()
        return getattr(module, name)
    return __getattr__


def _stand_in(module, class_name: str, base: type):
    error = _reader_error(base) if class_name == "ReaderError" else type(class_name, (base,), {})
    error.__module__, error.__qualname__ = module.__name__, class_name
    setattr(module, class_name, error)
    return module


def _run_real_module(stand_in, package) -> None:
    """PyYAML's own module run into `stand_in`, which keeps its error class (the one the binding raises)."""
    class_name = _ERROR_CLASSES[stand_in.__name__.rpartition(".")[2]][0]
    error = getattr(stand_in, class_name)
    spec = _find_spec(stand_in.__name__, package.__path__)
    stand_in.__spec__, stand_in.__loader__, stand_in.__file__ = spec, spec.loader, spec.origin
    spec.loader.exec_module(stand_in)
    setattr(stand_in, class_name, error)


def _reader_error(base: type) -> type:
    """`yaml.reader.ReaderError` as PyYAML's reader.py defines it (the same since PyYAML 3.05): its module
    imports `re` and compiles a pattern, which reading through libyaml does not need."""

    class ReaderError(base):
        def __init__(self, name, position, character, encoding, reason):
            self.name = name
            self.character = character
            self.position = position
            self.encoding = encoding
            self.reason = reason

        def __str__(self):
            if isinstance(self.character, bytes):
                return "'%s' codec can't decode byte #x%02x: %s\n  in \"%s\", position %d" % (
                    self.encoding, ord(self.character), self.reason, self.name, self.position)
            return "unacceptable character #x%04x: %s\n  in \"%s\", position %d" % (
                self.character, self.reason, self.name, self.position)

    return ReaderError


def _find_spec(name: str, path=None):
    """What `importlib.util.find_spec(name)` finds for a module not imported yet: importlib.util and what it
    imports were 2.8 M instructions of a call, a tenth of what this module saves."""
    for finder in sys.meta_path:
        spec = finder.find_spec(name, path) if hasattr(finder, "find_spec") else None
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
