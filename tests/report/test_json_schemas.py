"""Every JSON output of every command validates against its schema in docs/schemas/, and has one.

The outputs are made by running the commands on the bundled profiles (verify on the fixture chart,
with a real helm), so a field added, renamed or retyped without its schema fails here.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from bbvalues.cli import COMMANDS, lookup
from bbvalues.cli.params import Group
from tests.helm_runner import helm_binary
from tests.helpers import ROOT, profiles, run_cli

SCHEMAS = ROOT / "docs" / "schemas"
JSON_FORMATS = {"json", "jsonpatch", "gitlab-codequality", "sarif"}
MANY_FINDINGS = "tests/lint/fixtures/many-findings-3.30.yaml"
VERIFY_INPUT = "tests/fixtures/verify-inputs/ambient-waypoint-sso.yaml"


def registry() -> Registry:
    resources = [(schema["$id"], Resource.from_contents(schema))
                 for schema in (json.loads(path.read_text()) for path in SCHEMAS.glob("*.schema.json"))]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry())


def profile_runs(command: list[str], output: str) -> list[list[str]]:
    """`command` on every profile (with its version flag), for each target mode when it takes --to."""
    runs = []
    for profile in profiles():
        targets = ("sidecar", "ambient-waypoint", "ambient-gateway") if command[0] in ("migrate", "review") else ("",)
        for target in targets:
            runs.append([*command, *(["--to", target] if target else []), "-o", output, *profile.version_args,
                         *profile.files])
    return runs


# (command, format) -> (schema, the calls whose output it validates)
OUTPUTS = {
    ("detect", "json"): ("detect", profile_runs(["detect"], "json")),
    ("migrate", "json"): ("migrate", profile_runs(["migrate"], "json")),
    ("migrate", "jsonpatch"): ("migrate-jsonpatch", profile_runs(["migrate"], "jsonpatch")),
    ("lint", "json"): ("lint", [["lint", "-o", "json", "--bigbang-version", "3.30.0", MANY_FINDINGS],
                                *profile_runs(["lint"], "json")]),
    ("lint", "gitlab-codequality"): ("lint-gitlab-codequality",
                                     [["lint", "-o", "gitlab-codequality", "--bigbang-version", "3.30.0",
                                       MANY_FINDINGS]]),
    ("lint", "sarif"): ("lint-sarif", [["lint", "-o", "sarif", "--bigbang-version", "3.30.0", MANY_FINDINGS]]),
    ("review", "json"): ("review", profile_runs(["review"], "json")),
    ("netpol diff", "json"): ("netpol-diff", [["netpol", "diff", "-o", "json", "-p", "monitoring", "--before",
                                               "profiles/3.30-sidecar.yaml", "--after",
                                               "profiles/3.30-ambient-waypoint.yaml"]]),
    ("scan", "json"): ("scan", [["scan", "-o", "json", "--to", "ambient-gateway", "tests/fixtures/gitops/fleet"],
                                ["scan", "-o", "json", "--to", "sidecar", "tests/fixtures/gitops/plain"],
                                ["scan", "-o", "json", "tests/fixtures/gitops/fleet"]]),
    ("verify", "json"): ("verify", [["verify", "--chart", "tests/fixtures/umbrella", "--to", target, "-o", "json",
                                     "--package-chart", "monitoring=tests/fixtures/monitoring-chart", VERIFY_INPUT]
                                    for target in ("sidecar", "ambient-gateway")]),
}


def json_outputs() -> set[tuple[str, str]]:
    """Every (command, format) whose -o/--output writes JSON, from the declarations."""
    found = set()
    for name in COMMANDS:
        declared = lookup(name)
        for command in declared.commands.values() if isinstance(declared, Group) else [declared]:
            for param in command.params:
                if param.name == "output":
                    found |= {(command.path, choice) for choice in param.choices if choice in JSON_FORMATS}
    return found


def test_every_json_output_has_a_schema_and_every_schema_an_output():
    assert set(OUTPUTS) == json_outputs()
    used = {schema for schema, _runs in OUTPUTS.values()} | {"common"}
    assert used == {path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json")}


@pytest.mark.parametrize("output", list(OUTPUTS), ids=lambda output: " -o ".join(output))
def test_the_output_validates(output, monkeypatch):
    monkeypatch.chdir(ROOT)
    schema, runs = OUTPUTS[output]
    if output[0] == "verify":
        runs = [[*run, "--helm", helm_binary()] for run in runs]
    check = validator(schema)
    for args in runs:
        result = run_cli(*args)
        assert result.exit_code in (0, 2, 3), (args, result.stderr)
        document = json.loads(result.stdout)
        errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in check.iter_errors(document)]
        assert errors == [], args
        if schema in ("migrate-jsonpatch", "lint-gitlab-codequality", "lint-sarif"):
            continue  # formats defined elsewhere, with their own versioning
        assert document["schema_version"] == 1


def test_a_document_that_breaks_the_contract_is_caught():
    """The schemas are strict enough to fail: a renamed field, a display-string release."""
    result = run_cli("detect", "-o", "json", "--bigbang-version", "3.30.0", str(ROOT / "profiles" / "3.30-sidecar.yaml"))
    document = json.loads(result.stdout)
    check = validator("detect")
    assert not list(check.iter_errors(document))
    assert list(check.iter_errors({**document, "release": "3.30.0 (3.30)"}))
    renamed = dict(document)
    renamed["release_how"] = renamed.pop("release")
    assert list(check.iter_errors(renamed))


def test_the_same_fact_has_the_same_name_in_every_schema():
    """`release`, `file`, `line`, `path`, `keys` and `rule` always refer to the shared definitions."""
    shared = {"release", "file", "line", "path", "keys", "rule"}
    for path in SCHEMAS.glob("*.schema.json"):
        if path.name == "common.schema.json":
            continue
        for name, definition in _properties(json.loads(path.read_text())):
            if name in shared and "$ref" in definition:
                assert definition["$ref"].endswith(f"#/$defs/{name}"), (path.name, name)


def _properties(schema) -> list[tuple[str, dict]]:
    found = []
    if isinstance(schema, dict):
        for name, definition in schema.get("properties", {}).items():
            found.append((name, definition))
        for value in schema.values():
            found += _properties(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _properties(value)
    return found


def test_schema_files_are_what_the_docs_point_to():
    for path in SCHEMAS.glob("*.schema.json"):
        assert json.loads(path.read_text())["$id"].endswith(f"/1/{path.name}")
