"""docs/ci.md and .pre-commit-hooks.yaml do what they say: their bbvalues commands run on profiles.

The documented jobs are parsed from the markdown, their `bbvalues ...` lines are run with bash in a
scratch directory (the job variables pointing at a profile), and the files the later steps use
(the code quality report, review.md) must exist and be what those steps expect. The network steps
(curl to the GitLab API, gh pr comment) are not run; we check they post the file the review wrote.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
CI_DOC = ROOT / "docs" / "ci.md"
BIN = Path(sys.executable).parent
CLEAN_GATEWAY = ROOT / "profiles" / "3.30-ambient-gateway.yaml"
SIDECAR = ROOT / "profiles" / "3.30-sidecar.yaml"


def yaml_block(heading: str) -> dict | list:
    """The first ```yaml block after `## heading` in docs/ci.md."""
    text = CI_DOC.read_text()
    section = text[text.index(f"## {heading}\n"):]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    return YAML(typ="safe", pure=True).load(match.group(1))


def bbvalues_lines(script) -> list[str]:
    lines = script if isinstance(script, list) else str(script).splitlines()
    return [line.strip() for entry in lines for line in str(entry).splitlines() if line.strip().startswith("bbvalues ")]


def run(command: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    if shutil.which("bash") is None:
        pytest.skip("bash is needed to run the documented CI commands")
    full_env = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", command], env=full_env, cwd=cwd, capture_output=True, text=True, timeout=120)


def job_env(variables: dict, files: Path) -> dict:
    return {**{k: str(v) for k, v in variables.items()}, "BBVALUES_FILES": str(files)}


# --- GitLab ----------------------------------------------------------------------------------------

def test_gitlab_lint_job_writes_the_code_quality_report(tmp_path):
    pipeline = yaml_block("GitLab CI")
    job = pipeline["bbvalues-lint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    commands = bbvalues_lines(job["script"])
    assert commands, "the lint job runs bbvalues"
    env = job_env(pipeline["variables"], CLEAN_GATEWAY)
    for command in commands:
        result = run(command, env, tmp_path)
        assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / report).read_text()) == []


def test_gitlab_lint_job_fails_on_findings_and_still_reports(tmp_path):
    pipeline = yaml_block("GitLab CI")
    job = pipeline["bbvalues-lint"]
    broken = tmp_path / "values.yaml"
    broken.write_text(CLEAN_GATEWAY.read_text().replace("protect: keycloak", "protect: null"))
    result = run(bbvalues_lines(job["script"])[0], job_env(pipeline["variables"], broken), tmp_path)
    assert result.returncode == 2
    issues = json.loads((tmp_path / job["artifacts"]["reports"]["codequality"]).read_text())
    assert {issue["check_name"] for issue in issues} >= {"null-gateway-label", "gateway-label-missing"}
    assert all(issue["location"]["path"] == str(broken) for issue in issues)


def test_gitlab_review_job_writes_the_comment_it_posts(tmp_path):
    pipeline = yaml_block("GitLab CI")
    job = pipeline["bbvalues-review"]
    env = job_env(pipeline["variables"], SIDECAR)
    for command in bbvalues_lines(job["script"]):
        result = run(command, env, tmp_path)
        assert result.returncode == 0, result.stderr
    review = (tmp_path / "review.md").read_text()
    assert review.startswith("### bbvalues review: `sidecar` → `ambient-gateway`")
    post = next(entry for entry in job["script"] if "curl" in entry)
    assert '"body@review.md"' in post and "merge_requests/$CI_MERGE_REQUEST_IID/notes" in post
    assert job["artifacts"]["paths"] == ["review.md"]


# --- GitHub ----------------------------------------------------------------------------------------

def github_steps() -> tuple[dict, list[dict]]:
    workflow = yaml_block("GitHub Actions")
    job = workflow["jobs"]["bbvalues"]
    return job, job["steps"]


def test_github_lint_step_annotates_the_pull_request(tmp_path):
    job, steps = github_steps()
    lint_step = next(step for step in steps if "bbvalues lint" in str(step.get("run", "")))
    broken = tmp_path / "values.yaml"
    broken.write_text(CLEAN_GATEWAY.read_text().replace("protect: keycloak", "protect: null"))
    result = run(bbvalues_lines(lint_step["run"])[0], job_env(job["env"], broken), tmp_path)
    assert result.returncode == 2
    assert result.stdout.startswith(f"::error file={broken},line=")
    clean = run(bbvalues_lines(lint_step["run"])[0], job_env(job["env"], CLEAN_GATEWAY), tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_github_review_step_comments_with_the_review(tmp_path):
    job, steps = github_steps()
    step = next(step for step in steps if "bbvalues review" in str(step.get("run", "")))
    assert step["if"] == "always()" and "GH_TOKEN" in step["env"]
    for command in bbvalues_lines(step["run"]):
        assert run(command, job_env(job["env"], SIDECAR), tmp_path).returncode == 0
    assert (tmp_path / "review.md").read_text().startswith("### bbvalues review")
    assert "--body-file review.md" in step["run"]
    assert job["permissions"]["pull-requests"] == "write"


# --- pre-commit ------------------------------------------------------------------------------------

def hooks() -> dict:
    entries = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in entries}


def test_pre_commit_hooks_are_declared():
    declared = hooks()
    assert set(declared) == {"bbvalues-lint", "bbvalues-check"}
    for hook in declared.values():
        assert {"name", "entry", "language"} <= set(hook) and hook["pass_filenames"] is False
        assert hook["entry"].startswith("bbvalues ")


def example_hook_args() -> dict:
    config = yaml_block("pre-commit")
    return {hook["id"]: hook["args"] for repo in config["repos"] for hook in repo["hooks"]}


@pytest.mark.parametrize("hook_id,profile,expected", [
    ("bbvalues-lint", CLEAN_GATEWAY, 0),
    ("bbvalues-check", CLEAN_GATEWAY, 0),
    ("bbvalues-check", SIDECAR, 2),
])
def test_pre_commit_hooks_run_as_documented(hook_id, profile, expected, tmp_path):
    hook = hooks()[hook_id]
    args = example_hook_args()[hook_id]
    # The documented args name two example files; the profile stands in for them.
    args = [arg for arg in args if not arg.startswith("values/")] + [str(profile)]
    command = " ".join([hook["entry"], *map(shlex.quote, args)])
    result = run(command, {}, tmp_path)
    assert result.returncode == expected, result.stdout + result.stderr
    if hook_id == "bbvalues-check" and expected == 2:  # pre-commit shows a failing hook's output: it says why
        assert f"{profile}: ambient-switch: istio.ambient.enabled: (unset) -> true" in result.stderr.splitlines()


# --- installing bbvalues ---------------------------------------------------------------------------

def test_every_install_is_from_the_git_repository_at_a_full_commit():
    """bbvalues is not on PyPI (the name there is anyone's): each job pins the reviewed commit of its repository."""
    text = CI_DOC.read_text()
    installs = re.findall(r"pip install[^\n]*", text)
    assert installs and all(install.endswith('"bbvalues @ git+${BBVALUES_GIT}@${BBVALUES_REV}"') for install in installs)
    for variables in (yaml_block("GitLab CI")["variables"], github_steps()[0]["env"]):
        assert re.fullmatch(r"[0-9a-f]{40}", variables["BBVALUES_REV"])
        assert variables["BBVALUES_GIT"].startswith("https://") and variables["BBVALUES_GIT"].endswith(".git")
    assert all(re.fullmatch(r"[0-9a-f]{40}", repo["rev"]) for repo in yaml_block("pre-commit")["repos"])


# --- .ci/run ---------------------------------------------------------------------------------------

def test_ci_runs_exactly_the_readme_test_command(tmp_path):
    """.ci/run takes its test command from the README, so the two cannot drift apart."""
    script = (ROOT / ".ci" / "run").read_text()
    extraction = next(line for line in script.splitlines() if line.startswith("readme_test_command="))
    result = run(f'{extraction}; printf %s "$readme_test_command"', {}, ROOT)
    readme = (ROOT / "README.md").read_text().splitlines()
    documented = readme[readme.index("# 2. install the test extra and run the tests") + 1]
    assert result.stdout == documented and documented.endswith("pytest -q")
    assert script.count('bash -c "$readme_test_command"') == 2
