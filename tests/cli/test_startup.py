"""What keeps one command-line call cheap: a CI job may run `migrate --check` for a thousand environments,
and start-up is most of each call (docs/benchmarks.md). Speed itself is measured by bench/, never here;
these tests hold the structure that the measured speed depends on."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

import bbvalues.bigbang as bigbang_package
from bbvalues.bigbang import releases_compiled, table_file
from bbvalues.cli import COMMANDS
from tests.conftest import shared_path
from tests.helpers import ROOT, run_cli
from tests.netpol.netpol_cases import CONFORMANCE_PARTS, GROUPS

PROFILE = "profiles/3.30-sidecar.yaml"
BBCOMMON_VALUES = "tests/fixtures/monitoring-chart/values.yaml"
_PROBE = ("import sys\nfrom bbvalues.cli import run\ncode = run(sys.argv[1:])\n"
          "sys.stdout.write('\\n%d %r\\n' % (code, sorted(sys.modules)))\n")
# Never on an ordinary call: Typer and what Typer 0.29 or rich would add; typing (records.named_tuple says why);
# the libraries of other commands.
EVERY_CALL = {"typer", "pydantic", "pydantic_core", "rich", "jsonschema", "typing"}
READS_NO_VALUES = {"yaml", "ruamel", "bbvalues.documents", "bbvalues.bigbang.releases"}
NO_DATACLASSES = {"dataclasses", "inspect"}  # importing them and building dataclasses is a third of a small call
# What PyYAML has beyond libyaml's parser (bbvalues/documents/pyyaml.py): reading values needs none of it. Its
# reader, scanner, parser, composer, constructor, emitter, serializer and representer are imported as stand-ins
# that hold one error class each (tests/documents/test_pyyaml.py holds them to that).
WHOLE_PYYAML = {"yaml.resolver", "yaml.loader", "yaml.dumper", "yaml.cyaml", "datetime"}
# A call that only reads and reports needs no pathlib, contextlib or importlib.
READS_AND_REPORTS = NO_DATACLASSES | WHOLE_PYYAML | {"pathlib", "contextlib", "importlib"}

CALLS = [  # (what, arguments, exit code, modules that must not be imported: a name covers its submodules)
    ("--version", ["--version"], 0, READS_NO_VALUES | NO_DATACLASSES | {"pathlib", "typing", "json", "re"}),
    ("--help", ["--help"], 0, READS_NO_VALUES | NO_DATACLASSES | {"pathlib", "typing", "json", "re"}),
    ("migrate --check", ["migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", PROFILE], 2,
     READS_AND_REPORTS | {"ruamel", "jsonpatch", "difflib", "hashlib", "bbvalues.lint", "bbvalues.netpol",
                          "bbvalues.verify"}),
    ("migrate (the overlay)", ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", PROFILE], 0,
     READS_AND_REPORTS | {"ruamel", "jsonpatch", "json", "difflib", "hashlib", "bbvalues.lint", "bbvalues.netpol",
                          "bbvalues.verify"}),
    ("detect", ["detect", "--bigbang-version", "3.30.0", PROFILE], 0,
     READS_AND_REPORTS | {"ruamel", "jsonpatch", "difflib", "bbvalues.migrate", "bbvalues.lint", "bbvalues.netpol"}),
    ("detect -o json", ["detect", "-o", "json", "--bigbang-version", "3.30.0", PROFILE], 0,
     READS_AND_REPORTS | {"ruamel", "jsonpatch", "difflib", "bbvalues.migrate", "bbvalues.lint", "bbvalues.netpol"}),
    ("netpol expand", ["netpol", "expand", BBCOMMON_VALUES], 0,
     READS_AND_REPORTS | {"re", "enum", "hashlib", "decimal", "json", "copy", "bbvalues.bigbang",
                          "bbvalues.netpol.diff", "bbvalues.netpol.umbrella", "bbvalues.migrate", "bbvalues.report"}),
    ("netpol diff", ["netpol", "diff", "--before", BBCOMMON_VALUES, "--after", BBCOMMON_VALUES], 0,
     READS_AND_REPORTS | {"ruamel", "jsonpatch", "hashlib", "difflib", "bbvalues.bigbang", "bbvalues.migrate",
                          "bbvalues.lint", "bbvalues.verify", "bbvalues.scan", "bbvalues.review"}),
    ("lint", ["lint", "--bigbang-version", "3.30.0", PROFILE], 0, {"ruamel", "jsonpatch", "bbvalues.migrate.inplace"}),
    ("review", ["review", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", PROFILE], 0, {"ruamel"}),
    ("explain", ["explain", "waypoint-labels-strip"], 0, {"ruamel", "jsonpatch"}),
    ("scan", ["scan", "--bigbang-version", "3.30.0", "tests/fixtures/gitops/plain"], 2,
     {"ruamel", "jsonpatch", "bbvalues.netpol", "bbvalues.verify", "bbvalues.migrate.inplace"}),
    ("verify (refused before helm)", ["verify", "--chart", "no-such-chart", "--to", "sidecar", PROFILE], 1, set()),
]
# `migrate --in-place` edits a copy of this profile.
IN_PLACE_PROFILE = "profiles/3.29-sidecar.yaml"
IN_PLACE_ARGS = ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.29.0", "--in-place", "--no-backup"]
IN_PLACE_FORBIDDEN = READS_AND_REPORTS | {"ruamel", "jsonpatch", "hashlib", "tempfile", "difflib", "bbvalues.lint",
                                       "bbvalues.netpol", "bbvalues.verify", "bbvalues.scan"}


def as_installed(code: str) -> list[str]:
    """A command running `code` where bbvalues and the packages it uses import as from a regular install: the
    site module does not run (`-S`), so no `.pth` file adds an editable install's import hook, which imports
    pathlib, contextlib, importlib and re before bbvalues runs; the checkout and site-packages are the path."""
    paths = [str(ROOT), *(path for path in sys.path if path.endswith(("site-packages", "dist-packages")))]
    return [sys.executable, "-S", "-c", f"import sys\nsys.path[:0] = {paths!r}\n{code}"]


def modules_after(args: list[str]) -> tuple[int, list[str]]:
    result = subprocess.run([*as_installed(_PROBE), *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    code, modules = result.stdout.rstrip().rsplit("\n", 1)[-1].split(" ", 1)
    return int(code), ast.literal_eval(modules)


@lru_cache(maxsize=1)
def interpreter_modules() -> frozenset[str]:
    """What the interpreter imports before bbvalues runs."""
    result = subprocess.run(as_installed("print(sorted(sys.modules))"), capture_output=True, text=True, cwd=ROOT,
                            timeout=60, check=True)
    return frozenset(ast.literal_eval(result.stdout))


@pytest.mark.parametrize("what, args, code, forbidden", CALLS, ids=[call[0] for call in CALLS])
def test_each_call_imports_only_what_it_needs(what, args, code, forbidden):
    exit_code, modules = modules_after(args)
    assert exit_code == code  # the call really ran
    _assert_imports_only_what_it_needs(what, args[0], modules, forbidden)


def test_an_in_place_migration_imports_only_what_it_needs(tmp_path):
    """A real `migrate --in-place` run (plan, edit, read back, write) builds no dataclass either."""
    values = tmp_path / "values.yaml"
    original = (ROOT / IN_PLACE_PROFILE).read_text(encoding="utf-8")
    values.write_text(original, encoding="utf-8")
    exit_code, modules = modules_after([*IN_PLACE_ARGS, str(values)])
    assert exit_code == 0 and values.read_text(encoding="utf-8") != original  # the file really was edited
    assert "bbvalues.migrate.inplace" in modules and "bbvalues.documents.write" in modules
    _assert_imports_only_what_it_needs("migrate --in-place", "migrate", modules, IN_PLACE_FORBIDDEN)


def test_completion_imports_typer_and_nothing_that_reads_values():
    """The one call that needs Typer (and the inspect module Typer reads signatures with): it prints Typer's own
    completion script."""
    exit_code, modules = modules_after(["completion", "bash"])
    assert exit_code == 0 and "typer" in modules
    reading = {"yaml", "ruamel", "bbvalues.documents.inputs", "bbvalues.bigbang", "bbvalues.migrate", "bbvalues.netpol"}
    _assert_imports_only_what_it_needs("completion", "completion", modules, reading | {"dataclasses", "json"},
                                       every_call=EVERY_CALL - {"typer", "typing"})


def _assert_imports_only_what_it_needs(what: str, command: str, modules: list[str], forbidden: set[str],
                                       every_call: set[str] = EVERY_CALL) -> None:
    heavy = sorted(module for module in set(modules) - interpreter_modules()
                   if any(module == name or module.startswith(name + ".") for name in forbidden | every_call))
    assert heavy == [], what
    other_commands = [name for name, (module, _attribute, _summary) in COMMANDS.items()
                      if module in modules and name != command]
    assert other_commands == [] and "importlib.resources" not in modules


_EXPAND_EVERY_CASE = """
import os, sys
from bbvalues.cli import run
root, groups = sys.argv[1], sys.argv[2:]
expanded, needing_re, quiet = 0, [], open(os.devnull, "w")
for group in groups:
    for case in sorted(os.listdir(os.path.join(root, group))):
        if not os.path.isdir(os.path.join(root, group, case)):
            continue
        meta = dict(line.split(": ", 1) for line in open(os.path.join(root, group, case, "meta.txt")) if ": " in line)
        sys.stdout = sys.stderr = quiet
        run(["netpol", "expand", "--release", meta["release_name"].strip(), "-n", meta["release_namespace"].strip(),
             os.path.join(root, group, case, "values.yaml")])
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        expanded += 1
        if "re" in sys.modules and not needing_re:
            needing_re.append(f"{group}/{case}")
print(expanded, needing_re)
"""


def test_no_bbcommon_case_needs_re():
    """`re` is a quarter of a `netpol expand` call: the patterns every expansion tests are `Shape`s
    (bbvalues/patterns.py). Every bb-common conformance case, the rejected ones too, is expanded in one process."""
    root = shared_path(*CONFORMANCE_PARTS)
    result = subprocess.run([*as_installed(_EXPAND_EVERY_CASE), str(root), *GROUPS], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    expanded, needing_re = result.stdout.split(" ", 1)
    assert int(expanded) > 400 and needing_re.strip() == "[]"


def test_the_installed_command_imports_nothing_before_bbvalues():
    """pip's launcher for an entry point imports `re` first (a third of `--version`); ours only bbvalues."""
    launcher = ROOT / "scripts" / "bbvalues"
    tree = ast.parse(launcher.read_text(encoding="utf-8"))
    imported = sorted({node.module if isinstance(node, ast.ImportFrom) else alias.name for node in ast.walk(tree)
                       if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names})
    assert imported == ["bbvalues.__main__"]
    result = subprocess.run([sys.executable, str(launcher), "--version"], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("bbvalues ")


def test_help_lists_every_command_in_order_and_typos_get_suggestions():
    result = run_cli("--help")
    commands = result.output.split("Commands:")[1].split("\n\n")[0]
    listed = [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and line[2] != " "]
    assert result.exit_code == 0 and listed == list(COMMANDS)
    typo = run_cli("migrat", "--check")  # click's suggestion, in click's words: only that it names the command
    assert typo.exit_code == 1 and "'migrat'" in typo.stderr and "'migrate'" in typo.stderr


def test_the_compiled_release_table_is_current():
    assert Path(table_file.COMPILED_TABLE_FILE).read_text(encoding="utf-8") == table_file.compiled_table_text(), (
        f"releases_compiled.py is stale: run `{table_file.REFRESH_COMMAND}` after editing releases.yaml")


def test_the_compiled_release_table_holds_what_the_yaml_says():
    text = Path(table_file.TABLE_FILE).read_text(encoding="utf-8")
    assert table_file.table_data() == table_file.parse_table(text)
    assert table_file.table_data() is releases_compiled.TABLE  # read from the compiled copy, not parsed


def _edited_table(tmp_path, monkeypatch) -> None:
    """releases.yaml with one default changed, beside the compiled copy of the unedited table."""
    text = Path(table_file.TABLE_FILE).read_text(encoding="utf-8")
    edited = text.replace("  monitoring.enabled: true\n", "  monitoring.enabled: false\n", 1)
    assert edited != text
    table = tmp_path / "releases.yaml"
    table.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(table_file, "TABLE_FILE", str(table))


def _compiled_copy(checksum_of: str | None, table: object) -> ModuleType:
    module = ModuleType(releases_compiled.__name__)
    if checksum_of is not None:
        module.COMPILED_FROM = table_file.source_checksum(Path(checksum_of).read_text(encoding="utf-8"))
    module.TABLE = table
    return module


@pytest.mark.parametrize("compiled", ["stale", "missing", "not-a-mapping", "without-checksum", "without-table"])
def test_an_edit_to_releases_yaml_takes_effect_without_the_compiled_copy(tmp_path, monkeypatch, compiled):
    _edited_table(tmp_path, monkeypatch)
    copies = {"stale": releases_compiled, "missing": None,  # None in sys.modules: the import fails
              "not-a-mapping": _compiled_copy(table_file.TABLE_FILE, []),
              "without-checksum": _compiled_copy(None, releases_compiled.TABLE),
              "without-table": _compiled_copy(table_file.TABLE_FILE, None)}
    monkeypatch.setitem(sys.modules, releases_compiled.__name__, copies[compiled])
    monkeypatch.delattr(bigbang_package, "releases_compiled", raising=False)
    assert table_file.table_data()["defaults"]["monitoring.enabled"] is False


def test_every_step_of_the_benchmarked_start_up_breakdown_runs():
    """bench/bench_cli.py counts each step as a process; a step that no longer imports would count a crash."""
    from bench import bench_cli

    for _label, code in bench_cli.STARTUP_STEPS:
        result = subprocess.run([sys.executable, "-c", f"import sys; {code}", PROFILE], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, (code, result.stderr[-2000:])
