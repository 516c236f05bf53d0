"""PyYAML as bbvalues imports it: libyaml's parser and stand-ins for the modules it takes its error classes
from, without `re` or the rest of PyYAML, which completes itself when asked for anything more and then raises
and catches the very classes libyaml's parser raised; without libyaml, its pure-Python parser reads the same
values."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

_STAND_INS = ("import sys\n"
              "names = {'reader': 'ReaderError', 'scanner': 'ScannerError', 'parser': 'ParserError',\n"
              "         'composer': 'ComposerError', 'constructor': 'ConstructorError', 'emitter': 'EmitterError',\n"
              "         'serializer': 'SerializerError', 'representer': 'RepresenterError'}\n"
              "held = {module: sorted(name for name in vars(sys.modules['yaml.' + module]) if not name.startswith('__'))\n"
              "        for module in names}\n"
              "print(all(held[module] == [name] for module, name in names.items()), 'yaml.loader' in sys.modules)\n")


def _python(code: str) -> str:
    """What `code` prints in a new interpreter (PyYAML not imported yet)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_pyyaml_through_bbvalues_imports_neither_re_nor_its_pure_python_modules():
    printed = _python("import sys\nsys.modules.pop('re', None)\nimport bbvalues.documents.pyyaml\n"
                      "print('re' in sys.modules, bbvalues.documents.pyyaml.CParser.__module__)\n" + _STAND_INS)
    assert printed.splitlines() == ["False yaml._yaml", "True False"]


def test_an_ordinary_call_leaves_the_stand_ins_as_they_were():
    printed = _python("from bbvalues.cli import run\n"
                      "run(['detect', '--bigbang-version', '3.30.0', 'profiles/3.30-sidecar.yaml'])\n" + _STAND_INS)
    assert printed.endswith("True False")


def test_pyyamls_own_loader_works_through_them():
    printed = _python(
        "import bbvalues.documents.pyyaml, yaml\n"
        "from yaml import CSafeLoader\n"
        "print(yaml.__with_libyaml__, CSafeLoader.__module__, yaml.constructor.SafeConstructor.__module__)\n"
        "print(yaml.load('a: yes\\nb: 2001-12-14\\nc: 0x1F\\nd: ~\\ne: 1.5\\nf: {<<: {g: 1}}\\n', Loader=yaml.SafeLoader))\n"
        "try:\n    yaml.load('a: \\x07', Loader=yaml.SafeLoader)\n"
        "except yaml.reader.ReaderError as error:\n    print(error.reason)")
    assert printed.splitlines() == [
        "True yaml.cyaml yaml.constructor",
        "{'a': True, 'b': datetime.date(2001, 12, 14), 'c': 31, 'd': None, 'e': 1.5, 'f': {'g': 1}}",
        "special characters are not allowed"]


def test_a_special_name_pyyaml_defines_completes_it_and_the_import_systems_probes_do_not():
    printed = _python("import bbvalues.documents.pyyaml, inspect, sys, yaml\n"
                      "inspect.getmodule(yaml.reader.ReaderError)  # looks for __file__ on every module\n"
                      "from yaml.scanner import ScannerError  # looks for __path__ on the stand-in\n"
                      "print('yaml.loader' in sys.modules)\n"
                      "import importlib.metadata\n"
                      "print(yaml.__version__ == importlib.metadata.version('PyYAML'), 'yaml.loader' in sys.modules)\n")
    assert printed.splitlines() == ["False", "True True"]


def test_the_errors_libyaml_raised_before_pyyaml_completed_are_the_ones_it_raises_and_catches_after():
    printed = _python(
        "from bbvalues.documents.pyyaml import CParser\n"
        "raised = []\n"
        "for text in (b'a: \\x07', b'a: [1', b'a: b: c'):\n"
        "    try:\n        parser = CParser(text)\n        while parser.get_event(): pass\n"
        "    except Exception as error:\n        raised.append(type(error))\n"
        "from yaml.scanner import Scanner  # completes PyYAML\n"
        "import yaml\n"
        "print([error.__qualname__ for error in raised])\n"
        "print(raised == [yaml.reader.ReaderError, yaml.parser.ParserError, yaml.scanner.ScannerError],\n"
        "      Scanner.__module__, yaml.YAMLError in raised[0].__mro__)\n"
        "for loader in (yaml.SafeLoader, yaml.CSafeLoader):\n"
        "    for text, error in zip(('a: \\x07', 'a: [1', 'a: b: c'), raised):\n"
        "        try:\n            yaml.load(text, Loader=loader)\n"
        "        except error:\n            print(loader.__name__, error.__name__)\n")
    assert printed.splitlines() == [
        "['ReaderError', 'ParserError', 'ScannerError']", "True yaml.scanner True",
        "SafeLoader ReaderError", "SafeLoader ParserError", "SafeLoader ScannerError",
        "CSafeLoader ReaderError", "CSafeLoader ParserError", "CSafeLoader ScannerError"]


def test_the_stand_in_reader_error_is_pyyamls_own():
    """The one error class with a body of its own is written out in bbvalues/documents/pyyaml.py: it must read
    as PyYAML's does (checked against the PyYAML installed, imported as usual)."""
    shown = ("from yaml.reader import ReaderError\n"
             "for error in (ReaderError('f.yaml', 7, b'\\xff', 'utf-8', 'invalid start byte'),\n"
             "              ReaderError('<file>', 3, 7, '?', 'control characters are not allowed')):\n"
             "    print(repr(str(error)), error.name, error.position, error.character, error.encoding, error.reason,\n"
             "          ReaderError.__mro__[1].__name__, ReaderError.__module__)\n")
    assert _python("import bbvalues.documents.pyyaml\n" + shown) == _python(shown)


_READ_A_PROFILE = ("import json, sys\n"
                   "from bbvalues.documents.inputs import load_inputs\n"
                   "files = ['profiles/3.30-sidecar.yaml', 'tests/fixtures/monitoring-chart/values.yaml']\n"
                   "values = load_inputs(files)\n"
                   "print(json.dumps([source.values for source in values.sources], sort_keys=True))\n")


def test_reading_values_imports_only_pyyamls_parser():
    printed = _python(_READ_A_PROFILE + "print(sorted(name for name in sys.modules if name.startswith('yaml')))\n"
                                        "print('datetime' in sys.modules, 'base64' in sys.modules)\n" + _STAND_INS)
    assert printed.splitlines()[1:] == [
        "['yaml', 'yaml._yaml', 'yaml.composer', 'yaml.constructor', 'yaml.emitter', 'yaml.error', 'yaml.events', "
        "'yaml.nodes', 'yaml.parser', 'yaml.reader', 'yaml.representer', 'yaml.scanner', 'yaml.serializer', "
        "'yaml.tokens']",
        "False False", "True False"]


def test_without_libyaml_pyyamls_own_parser_reads_the_same_values():
    without_libyaml = ("import sys\n"
                       "class NoLibyaml:\n"
                       "    def find_spec(self, name, path=None, target=None):\n"
                       "        if name == 'yaml._yaml':\n"
                       "            raise ImportError('no libyaml here')\n"
                       "sys.meta_path.insert(0, NoLibyaml())\n"
                       "from bbvalues.documents import composer, pyyaml\n"
                       "print(pyyaml.CParser, composer._EventSource.__name__)\n")
    libyaml, pure = _python(_READ_A_PROFILE), _python(without_libyaml + _READ_A_PROFILE)
    assert pure.splitlines() == ["None BaseLoader", libyaml]
