"""Every QC query finds the fault it exists for, and names the offending node; the release has none."""

from __future__ import annotations

import pytest
from rdflib import Graph

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.mutation import qc_mutants
from myoclonus_ontology.namespaces import SOURCE, Term
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.validate import load_checks, run_checks

from .conftest import edit


@pytest.fixture(scope="module")
def base(fresh_build) -> Graph:
    return parse_file(fresh_build / "myo-base.nt")


@pytest.fixture(scope="module")
def checks(project):
    return {c.name: c for c in load_checks(project)}


def test_the_qc_suite_covers_what_the_issue_asks(checks):
    required = {"missing-label", "missing-definition", "duplicate-label", "label-format", "dc-elements",
                "fact-without-provenance", "quote-not-in-source", "undeclared-iri", "class-cycle",
                "untyped-individual", "domain-range"}
    assert required <= set(checks)
    assert all(c.title and c.description for c in checks.values())


@pytest.mark.parametrize("stem", ["myo-base", "myo-full"])
def test_release_has_no_qc_violation(fresh_build, checks, stem):
    assert run_checks(parse_file(fresh_build / f"{stem}.nt"), list(checks.values())) == []


def test_every_qc_query_has_bad_data_aimed_at_it(base, checks):
    families = {m.family.removeprefix("qc:") for m in qc_mutants(base)}
    assert set(checks) - families == set()


@pytest.mark.parametrize("name", sorted(
    ["missing-label", "missing-definition", "duplicate-label", "label-format", "dc-elements",
     "fact-without-provenance", "quote-not-in-source", "quote-outside-page", "undeclared-iri", "class-cycle",
     "untyped-individual", "domain-range", "disjoint-kinds", "closed-list"]))
def test_qc_query_catches_its_fault_and_names_the_node(base, checks, name):
    mutants = [m for m in qc_mutants(base) if m.family == f"qc:{name}"]
    assert mutants
    for mutant in mutants:
        findings = run_checks(mutant.apply(base), [checks[name]])
        assert curie(mutant.target) in {f.focus for f in findings}, mutant.description
        assert all(f.message for f in findings)


def test_quote_checks_need_nothing_but_the_release(base, checks):
    """The page text travels in the release: a quote is checked against it, and a page without it is named."""
    page = next(iter(sorted(base.subjects(Term.PAGE_TEXT, None))))
    stripped = base + Graph()
    stripped.remove((page, Term.PAGE_TEXT, None))
    findings = run_checks(stripped, [checks["quote-outside-page"]])
    assert findings and all("carries no page text" in f.message for f in findings)
    assert {f.focus for f in findings} == {curie(s) for s in base.subjects(SOURCE, page) if (s, Term.QUOTE_START, None)
                                           in base}


def test_malformed_qc_query_is_unusable_input_with_its_line(scratch, base):
    edit(scratch.queries / "qc" / "class-cycle-violation.sparql", "SELECT DISTINCT", "SELEKT DISTINCT")
    checks = load_checks(scratch)
    with pytest.raises(UnusableInputError) as err:
        run_checks(base, checks, scratch)
    problem = err.value.problems[0]
    assert problem.file == "queries/qc/class-cycle-violation.sparql" and problem.line is not None
