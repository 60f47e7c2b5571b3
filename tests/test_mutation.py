"""Mutation testing: enough mutants in every family, and a sample of them caught on every run."""

from __future__ import annotations

from collections import Counter

import pytest

from myoclonus_ontology import mutate
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.mutation import all_mutants
from myoclonus_ontology.validate import load_checks, load_shapes


@pytest.fixture(scope="module")
def mutants(fresh_build, project):
    base, full = parse_file(fresh_build / "myo-base.nt"), parse_file(fresh_build / "myo-full.nt")
    mutate._init(base, full, load_shapes(project), load_checks(project), [])
    return all_mutants(base, full, load_shapes(project))


def test_at_least_200_mutants_in_every_expected_family(mutants, project):
    families = Counter(m.family for m in mutants)
    assert sum(families.values()) >= 200
    assert set(families) >= mutate.EXPECTED_FAMILIES
    assert {f.removeprefix("qc:") for f in families if f.startswith("qc:")} == {c.name for c in load_checks(project)}


def test_a_sample_of_mutants_is_caught_and_named_by_full_validation(project, mutants):
    """One mutant from every third family through full validation (shapes and QC queries together);
    every family is exercised on its own shapes or query in test_shapes and test_qc, and `make mutate`
    runs all ~1,000 mutants."""
    outcomes = mutate.run(project, per_family=1, jobs=1, seed=2026, family_slice=(0, 3))
    escaped = [f"{o.family}: {o.description} on {o.target}" for o in outcomes if not (o.caught and o.named)]
    assert escaped == []
    assert len(outcomes) >= 10


def test_report_names_skipped_families():
    text = mutate.report([mutate.Outcome("shape:minCount", True, True, "drop", "MYO:0002001")])
    assert "caught: 1/1 = 100.0%" in text
    assert "family shape:closed skipped:" in text


def test_a_mutant_applied_in_place_is_undone_exactly(mutants, releases):
    graph = releases["base"]  # the graph the mutants were made from (blank nodes included)
    before = set(graph)
    for mutant in [m for m in mutants if m.release == "base"][::25]:
        with mutant.applied(graph) as mutated:
            assert set(mutated) != before, mutant.description
        assert set(graph) == before, mutant.description
