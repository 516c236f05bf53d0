"""PyYAML as bbvalues imports it: libyaml's parser without the rest of PyYAML, which completes itself when
asked for anything more; the patterns of its pure-Python modules compile on first use, and work; without
libyaml, its pure-Python parser reads the same values."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

_PYYAML_PATTERNS = (
    "import re, yaml\n"
    "patterns = [yaml.reader.Reader.NON_PRINTABLE, yaml.constructor.SafeConstructor.timestamp_regexp]\n"
    "patterns += [regexp for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()\n"
    "             for _tag, regexp in resolvers]\n")


def _python(code: str) -> str:
    """What `code` prints in a new interpreter (PyYAML not imported yet)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_pyyaml_through_bbvalues_compiles_none_of_its_patterns_and_leaves_re_as_it_was():
    printed = _python("import re\ncompile = re.compile\nimport bbvalues.documents.pyyaml\n" + _PYYAML_PATTERNS +
                      "print(re.compile is compile, {type(p).__name__ for p in patterns},\n"
                      "      {'match' in vars(p) for p in patterns})")
    assert printed == "True {'Pattern'} {False}"


def test_an_ordinary_call_compiles_none_of_them():
    printed = _python("from bbvalues.cli import run\n"
                      "run(['detect', '--bigbang-version', '3.30.0', 'profiles/3.30-sidecar.yaml'])\n"
                      + _PYYAML_PATTERNS + "print('compiled:', sum('match' in vars(p) for p in patterns))")
    assert printed.endswith("compiled: 0")


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



_READ_A_PROFILE = ("import json, sys\n"
                   "from bbvalues.documents.inputs import load_inputs\n"
                   "files = ['profiles/3.30-sidecar.yaml', 'tests/fixtures/monitoring-chart/values.yaml']\n"
                   "values = load_inputs(files)\n"
                   "print(json.dumps([source.values for source in values.sources], sort_keys=True))\n")


def test_reading_values_imports_only_pyyamls_parser():
    printed = _python(_READ_A_PROFILE + "print(sorted(name for name in sys.modules if name.startswith('yaml')))\n"
                                        "print('datetime' in sys.modules, 'base64' in sys.modules)")
    assert printed.splitlines()[1:] == [
        "['yaml', 'yaml._yaml', 'yaml.composer', 'yaml.emitter', 'yaml.error', 'yaml.events', 'yaml.nodes', "
        "'yaml.parser', 'yaml.reader', 'yaml.scanner', 'yaml.serializer', 'yaml.tokens']",
        "False False"]


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
