"""Patterns compiled on first use answer as the compiled pattern does, and no module of bbvalues compiles a
regular expression as it is imported; every shape answers as `re.fullmatch` of its pattern does."""

from __future__ import annotations

import copy
import pkgutil
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bbvalues
from bbvalues.patterns import Pattern, Shape
from tests.helpers import ROOT

_SOURCE = r"(?a)((tcp|udp)://)?([\w-]+)(:(\d+))?"


@given(st.text(alphabet="tcpud:/-_9a\u00e9 ", max_size=20))
def test_a_pattern_answers_as_the_compiled_one(text):
    lazy, compiled = Pattern(_SOURCE), re.compile(_SOURCE)
    for method in ("match", "fullmatch", "search"):
        found, expected = getattr(lazy, method)(text), getattr(compiled, method)(text)
        assert (found and found.groups()) == (expected and expected.groups())
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("<\\3>", text) == compiled.sub("<\\3>", text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, compiled.groups)


def test_a_pattern_is_compiled_at_its_first_use_and_then_keeps_the_compiled_methods():
    pattern = Pattern(r"a+b")
    assert "match" not in vars(pattern)
    copy.copy(pattern)  # probing for special methods is not a use
    assert "match" not in vars(pattern)
    assert pattern.fullmatch("aab")
    assert vars(pattern)["match"].__self__ is vars(pattern)["fullmatch"].__self__
    assert repr(pattern) == "Pattern('a+b')"


def test_re_is_imported_at_the_first_use_of_a_pattern_not_before():
    done = subprocess.run([sys.executable, "-S", "-c", "import sys\nsys.path.insert(0, '.')\n"
                           "from bbvalues.patterns import Pattern\npattern = Pattern('a+')\n"
                           "print('re' in sys.modules)\nprint(bool(pattern.fullmatch('aa')), 're' in sys.modules)"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr


def _shapes() -> list:
    """Every `Shape` a module of bbvalues defines, once."""
    found = {}
    for module in pkgutil.walk_packages(bbvalues.__path__, "bbvalues."):
        for name, value in vars(__import__(module.name, fromlist=["_"])).items():
            if isinstance(value, Shape) and value.__class__ is Shape:
                found.setdefault(id(value), pytest.param(value, id=f"{module.name}.{name}"))
    return list(found.values())


def _one_edit_away(text: str, alphabet: str):
    """`text`, and every text one edit away: a character taken away, or one of `alphabet` put in or put instead."""
    yield text
    for index in range(len(text) + 1):
        yield text[:index] + text[index + 1:]
        for character in alphabet:
            yield text[:index] + character + text[index:]
            yield text[:index] + character + text[index + 1:]


@pytest.mark.parametrize("shape", _shapes())
def test_a_shape_answers_as_re_fullmatch_of_its_pattern(shape):
    pattern = re.compile(shape.pattern, re.ASCII)
    # the pattern's own characters, every digit, letters, the separators of keys and numbers, a line break,
    # and a non-ASCII digit and letter (which `\\d` and `\\w` of an ASCII pattern never match)
    alphabet = "".join(sorted(set(shape.pattern.replace("\\", "")) | set("0123456789aZ_-.:/@*[],eE+ Tt\n\u0663\u00e9")))

    @settings(max_examples=50, deadline=None)
    @given(st.one_of(st.from_regex(pattern, fullmatch=True), st.text(alphabet=alphabet, max_size=12)))
    def answers_as_re(seed):
        for text in _one_edit_away(seed, alphabet):
            assert shape.fullmatch(text) == bool(pattern.fullmatch(text)), text

    answers_as_re()


def test_every_shape_is_found():
    """The modules whose patterns each `netpol expand` call tests hold their shapes at module level."""
    names = {param.id for param in _shapes()}
    assert len(names) >= 17 and {"bbvalues.netpol.grammar.EGRESS_K8S", "bbvalues.netpol.goyaml._TIMESTAMP",
                                 "bbvalues.documents.yamltree._INT", "bbvalues.netpol.templating._FIELD"} <= names


_IMPORT_EVERY_MODULE = """
import pkgutil, re, sys
compiled_at_import = []
compile = re._compile

def recording(pattern, flags):
    caller = sys._getframe(2)
    if caller.f_code.co_name == "<module>" and caller.f_globals["__name__"].startswith("bbvalues"):
        compiled_at_import.append(f"{caller.f_globals['__name__']}:{caller.f_lineno}")
    return compile(pattern, flags)

re._compile = recording
import bbvalues
for module in pkgutil.walk_packages(bbvalues.__path__, "bbvalues."):
    __import__(module.name)
print(compiled_at_import)
"""


def test_no_module_compiles_a_pattern_as_it_is_imported():
    """Compiling is Python code (bbvalues/patterns.py): module-level patterns are `Pattern`s."""
    done = subprocess.run([sys.executable, "-c", _IMPORT_EVERY_MODULE], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
