"""Patterns compiled on first use answer as the compiled pattern does, and no module of bbvalues compiles a
regular expression as it is imported."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from bbvalues.patterns import Pattern
from tests.helpers import ROOT

_SOURCE, _FLAGS = r"((tcp|udp)://)?([\w-]+)(:(\d+))?", re.ASCII


@given(st.text(alphabet="tcpud:/-_9a\u00e9 ", max_size=20))
def test_a_pattern_answers_as_the_compiled_one(text):
    lazy, compiled = Pattern(_SOURCE, _FLAGS), re.compile(_SOURCE, _FLAGS)
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
    assert repr(pattern) == "Pattern('a+b', 0)"


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
