"""Bounded fuzzing in the suite: mutated real-world files and generated umbrella values go through
the whole library pipeline (bench/fuzzing.run_case: read, detect, plan for every mode, overlay and
views, --in-place on a copy, review, netpol, lint) and must end ok or refused with a clean
`file:line` error. The long campaign (bench/fuzz_campaign.py) runs the same pipeline for minutes.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import bench.fuzzing as fuzzing
from bench.fuzz_inputs import GENERATORS, MUTATION_KINDS, Seed, corpus_seeds, generated_case, mutated_case
from bench.fuzzing import CLEAN, FINDING, OK, FuzzCase, run_case
from bbvalues.errors import BBValuesError, Origin

TIME_LIMIT = 5.0  # seconds per input: a slower one is a finding (the campaign allows 10 s)
SMALL_SEED = 16_000  # bytes: the larger corpus files take up to a second each, too slow for the suite
# Multi-megabyte scalars take seconds each: the campaign covers them, the suite stays fast.
SUITE_MUTATIONS = tuple(kind for kind in MUTATION_KINDS if kind != "huge-scalar")
# No shrinking: a drawn Random does not shrink to a smaller file, and shrinking a failure would take
# minutes; the failure message shows the input instead (and the campaign minimises its reproducers).
PROPERTY = settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@lru_cache(maxsize=1)
def _small_seeds(corpus: Path) -> tuple[Seed, ...]:
    return tuple(seed for seed in corpus_seeds(corpus) if sum(len(data) for _name, data in seed.files) <= SMALL_SEED)


def small_seeds() -> tuple[Seed, ...]:
    """The corpus files small enough for the suite (a plain function, not a fixture: Hypothesis would
    print a fixture's whole value with every failing example)."""
    from tests.conftest import shared_path

    seeds = _small_seeds(shared_path("corpus", "realworld"))
    assert seeds, "the real-world corpus has no small files"
    return seeds


def check(case: FuzzCase) -> None:
    outcome = run_case(case, TIME_LIMIT)
    if outcome.status == FINDING:
        pytest.fail(explain(case, outcome), pytrace=False)


def explain(case: FuzzCase, outcome) -> str:
    """The finding and the input that caused it (each file's start), to reproduce it outside the suite."""
    files = "".join(f"--- {name} ({len(data)} bytes): {data[:1500]!r}\n" for name, data in case.files)
    return (f"{case.source}/{case.kind} from {case.origin or 'generated'}: version={case.version} "
            f"label_removal={case.label_removal} gateways={case.gateways}\n{files}"
            f"{outcome.kind} at {outcome.stage}: {outcome.message}\n{outcome.detail}")


@PROPERTY
@given(pick=st.integers(min_value=0), kind=st.sampled_from(SUITE_MUTATIONS), rng=st.randoms(use_true_random=False))
def test_mutated_corpus_files_end_ok_or_refused_cleanly(pick, kind, rng):
    seeds = small_seeds()
    check(mutated_case(seeds[pick % len(seeds)], kind, rng, "hypothesis"))


@PROPERTY
@given(kind=st.sampled_from(sorted(GENERATORS)), rng=st.randoms(use_true_random=False))
def test_generated_umbrella_values_end_ok_or_refused_cleanly(kind, rng):
    check(generated_case(kind, rng, "hypothesis"))


# -- the judge itself: what counts as a finding ----------------------------------------------------------

VALUES = FuzzCase("unit", "generated", "values", (("values.yaml", b"monitoring:\n  enabled: true\n"),), "3.30.0")


def test_plain_values_run_every_stage():
    assert run_case(VALUES).status == OK


def test_invalid_yaml_is_refused_cleanly_with_its_line():
    case = FuzzCase("unit", "corpus", "insert-bytes", (("values.yaml", b"a: b\nc: [d\n"),), "3.30.0")
    outcome = run_case(case)
    assert (outcome.status, outcome.stage) == (CLEAN, "read")
    assert outcome.clean[0].has_file and outcome.clean[0].has_line


def _raising(exc: BaseException):
    def stage(*_args, **_kwargs):
        raise exc
    return stage


@pytest.mark.parametrize(("exc", "kind"), [
    (KeyError("x"), "crash"),
    (RecursionError(), "recursion"),
    (MemoryError(), "memory"),
    (BBValuesError("something failed"), "unexpected-error"),  # no file: the CLI could not say where
    (BBValuesError("internal error: oops", Origin("values.yaml", 1)), "unexpected-error"),
])
def test_anything_but_a_located_refusal_is_a_finding(monkeypatch, exc, kind):
    monkeypatch.setattr(fuzzing, "run_lint", _raising(exc))
    outcome = run_case(VALUES)
    assert (outcome.status, outcome.stage, outcome.kind) == (FINDING, "lint", kind)
    assert outcome.detail and outcome.signature


def test_a_refusal_that_names_the_file_is_clean(monkeypatch):
    monkeypatch.setattr(fuzzing, "run_lint", _raising(BBValuesError("bad key", Origin("values.yaml", 2, 3))))
    outcome = run_case(VALUES)
    assert (outcome.status, outcome.stage) == (CLEAN, "lint")


def test_an_input_that_runs_too_long_is_a_finding(monkeypatch):
    # The limit leaves the stages before lint time to finish on a busy machine; lint alone overruns it.
    monkeypatch.setattr(fuzzing, "run_lint", lambda *_args: time.sleep(60))
    started = time.monotonic()
    outcome = run_case(VALUES, time_limit=3)
    assert (outcome.status, outcome.kind, outcome.stage) == (FINDING, "timeout", "lint")
    assert time.monotonic() - started < 30


def test_a_broken_invariant_is_a_finding(monkeypatch):
    monkeypatch.setattr(fuzzing, "overlay_values", lambda plan: {"not": "what was planned"})
    outcome = run_case(FuzzCase("unit", "generated", "values", (("values.yaml", b"istio: {}\n"),), "3.30.0"))
    assert (outcome.status, outcome.kind) == (FINDING, "invariant")
    assert outcome.signature.startswith("invariant|overlay|overlay-reads-back")


def test_a_case_id_names_one_input():
    seed = small_seeds()[0]
    first = mutated_case(seed, "structure", Random("1:7"), "1:7")
    assert mutated_case(seed, "structure", Random("1:7"), "1:7") == first
    assert generated_case("flux", Random("1:8"), "1:8") == generated_case("flux", Random("1:8"), "1:8")
