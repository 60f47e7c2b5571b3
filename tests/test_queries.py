"""Competency questions: every one answered as expected, on Oxigraph and on rdflib; the query command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph, Literal

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.queries import (
    check_answers,
    differences,
    expected_answer,
    load_questions,
    rdflib_rows,
    run_oxigraph,
    store_of,
)

from .conftest import edit

CORE_KINDS = {"disorder", "symptom", "drug", "associated condition", "research body"}


@pytest.fixture(scope="module")
def full(fresh_build) -> Graph:
    return parse_file(fresh_build / "myo-full.nt")


@pytest.fixture(scope="module")
def questions(project):
    return load_questions(project)


def myo(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(project.root), *args],
                          capture_output=True, text=True)


def test_at_least_25_questions_covering_the_core_kinds_and_qualifiers(questions):
    assert len(questions) >= 25
    assert {k for q in questions for k in q.kinds} >= CORE_KINDS
    assert all(q.question.endswith("?") for q in questions)
    assert sum(1 for q in questions if q.qualifiers) >= 20
    assert len({q.id for q in questions}) == len(questions)


def test_every_question_is_answered_as_expected_on_oxigraph(project, full, questions):
    assert check_answers(project, store_of(full), questions) == []


@pytest.mark.parametrize("index", range(31))
def test_rdflib_gives_the_same_answer(project, full, questions, index):
    question = questions[index]
    assert differences(expected_answer(question, project), rdflib_rows(full, question)) == [], question.id


def test_build_writes_csv_and_sparql_json_answers(fresh_build, questions):
    for question in questions:
        csv_file = fresh_build / "queries" / f"{question.path.stem}.csv"
        srj = json.loads((fresh_build / "queries" / f"{question.path.stem}.srj").read_text(encoding="utf-8"))
        assert csv_file.read_text(encoding="utf-8").splitlines()[0].split(",") == srj["head"]["vars"]


def test_a_wrong_expected_answer_fails_with_the_difference(scratch, full):
    edit(scratch.queries / "cq" / "cq02-first-choice-drug.expected.csv", "clonazepam,tranquilizer",
         "sodium valproate,tranquilizer")
    problems = check_answers(scratch, store_of(full), load_questions(scratch))
    assert [p.node for p in problems] == ["cq02"]
    assert "missing row:    https://w3id.org/myoclonus-ontology/MYO_0001065, sodium valproate" in problems[0].message
    assert "unexpected row: https://w3id.org/myoclonus-ontology/MYO_0001065, clonazepam" in problems[0].message


def test_bound_parameters_are_terms_not_text(full, questions):
    store = store_of(full)
    cq01 = next(q for q in questions if q.id == "cq01")
    hostile = Literal('"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', lang="en")
    assert list(run_oxigraph(store, cq01.text, {"disorder": hostile})) == []
    _header, rows = rdflib_rows(full, cq01, {"disorder": hostile})
    assert rows == []


@pytest.mark.slow
def test_query_command_table_csv_and_json(project):
    table = myo(project, "query", "cq02")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split() == ["drug", "drugLabel", "drugClassLabel"]
    assert "MYO:0001065  clonazepam  tranquilizer" in table.stdout and "(1 row)" in table.stdout
    csv_out = myo(project, "query", "cq02", "--format", "csv").stdout
    assert csv_out.splitlines()[1] == "https://w3id.org/myoclonus-ontology/MYO_0001065,clonazepam,tranquilizer"
    bindings = json.loads(myo(project, "query", "cq02", "--format", "json").stdout)["results"]["bindings"]
    assert bindings[0]["drugLabel"]["value"] == "clonazepam"


@pytest.mark.slow
def test_query_command_binds_a_parameter(project):
    result = myo(project, "query", "cq01", "--bind", "disorder=MYO:0001003", "--format", "csv")
    assert result.stdout.splitlines()[1:] == [
        "https://w3id.org/myoclonus-ontology/MYO_0001003,https://w3id.org/myoclonus-ontology/MYO_0001122,"
        "disordered electrical activity in the brain,true,asserted",   # from the source's definition of epilepsy
        "https://w3id.org/myoclonus-ontology/MYO_0001003,https://w3id.org/myoclonus-ontology/MYO_0001031,"
        "myoclonic jerking,false,asserted"]


@pytest.mark.slow
def test_query_command_injection_gives_a_clean_empty_result(project):
    result = myo(project, "query", "cq01", "--bind", 'disorder="} ; DELETE WHERE { ?s ?p ?o } ; { ?x ?y "')
    assert result.returncode == 0, result.stderr
    assert "(0 rows)" in result.stdout


@pytest.mark.slow
def test_query_command_inline_sparql_and_rq_file(project, tmp_path):
    inline = myo(project, "query", 'SELECT ?x WHERE { ?x rdfs:label "clonazepam"@en }', "--format", "csv")
    assert inline.stdout.splitlines() == ["x", "https://w3id.org/myoclonus-ontology/MYO_0001065"]
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>\nSELECT (COUNT(*) AS ?n) "
                    "WHERE { ?s a MYO:0000034 }\n", encoding="utf-8")
    assert myo(project, "query", str(path), "--format", "csv").stdout.splitlines() == ["n", "15"]


@pytest.mark.slow
def test_query_syntax_error_is_reported_with_line_and_column(project, tmp_path):
    result = myo(project, "query", "SELECT ?x WHERE {\n  ?x rdfs:label ?l \n  FILTER(\n}")
    assert result.returncode == 2
    assert "inline query:4:" in result.stderr and "malformed SPARQL" in result.stderr
    path = tmp_path / "bad.rq"
    path.write_text("PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?x ex:p ?y ex:q }\n", encoding="utf-8")
    result = myo(project, "query", str(path))
    assert result.returncode == 2 and f"{path}:2:" in result.stderr


def test_unknown_question_id_is_unusable_input(project):
    with pytest.raises(UnusableInputError):
        from myoclonus_ontology.queries import resolve_query
        resolve_query(project, "cq99")
