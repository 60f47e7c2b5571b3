"""Sentence coverage: derived from the statements' quotes; the few exceptions curated; both directions checked."""

from __future__ import annotations

import pytest

from myoclonus_ontology.coverage import check_coverage, coverage, load_exceptions
from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import load_ontology
from myoclonus_ontology.source import load_source

from .conftest import edit

TABLE = "sentence-exceptions.tsv"
S14 = "Myoclonus refers to a sudden, involuntary jerking of a muscle or group of muscles."


def problems_of(project):
    return check_coverage(project, load_ontology(project), load_source(project))


def test_every_sentence_is_accounted_for(project, asserted, source):
    rows, problems = coverage(project, asserted, source)
    assert problems == []
    assert [r.sentence.id for r in rows] == [s.id for s in source.sentences()]
    assert [r.sentence.id for r in rows if r.exception is not None] == ["S14"]
    assert all(r.statements for r in rows if r.exception is None)


def test_the_statements_of_a_sentence_are_derived_from_their_quotes(project, asserted, source):
    rows = {r.sentence.id: r for r in coverage(project, asserted, source)[0]}
    assert rows["S18"].statements == ("MYO:0002076", "MYO:0002077", "MYO:0002078", "MYO:0002079", "MYO:0002080")
    assert "MYO:0002027" in rows["S12"].statements and "MYO:0002027" in rows["S13"].statements  # spans both


def test_a_sentence_no_statement_quotes_needs_a_reason(tables):
    path = tables.ontology / TABLE
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problems = problems_of(tables)
    assert [(p.node, p.file) for p in problems] == [("S14", "ontology/sentence-exceptions.tsv")]
    assert "unaccounted for" in problems[0].message and "Myoclonus refers to" in problems[0].message


def test_removing_the_only_claim_of_a_sentence_leaves_it_unaccounted_for(tables):
    path = tables.ontology / "statements" / "prognosis.tsv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("MYO:0002022\t")), encoding="utf-8")
    assert [p.node for p in problems_of(tables)] == ["S10"]


def test_an_exception_for_a_quoted_sentence_is_stale(tables):
    with (tables.ontology / TABLE).open("a", encoding="utf-8") as table:
        table.write("myoclonus\trestated\tA hiccup is an example of this type of myoclonus.\tSaid twice.\n")
    problems = problems_of(tables)
    assert [(p.node, p.file, p.line) for p in problems] == [("S16", "ontology/sentence-exceptions.tsv", 3)]
    assert "quoted by MYO:0002029: it needs no exception" in problems[0].message


@pytest.mark.parametrize(("old", "new", "column", "message"), [
    (S14, S14.replace("sudden", "abrupt"), "sentence", "is not a sentence of page 'myoclonus'"),
    ("myoclonus\tdefinition", "opsoclonus-myoclonus\tdefinition", "sentence", "is not a sentence of page"),
    ("\tdefinition\t", "\tobvious\t", "status", "'obvious' is not one of"),
    ("Defines the word", "", None, None),
])
def test_a_malformed_exception_is_named_by_table_row_and_column(tables, old, new, column, message):
    path = tables.ontology / TABLE
    if message is None:  # an empty note
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text(lines[0] + "\n" + "\t".join([*lines[1].split("\t")[:3], ""]) + "\n", encoding="utf-8")
        column, message = "note", "needs a note"
    else:
        edit(path, old, new)
    problems = [p for p in problems_of(tables) if p.file == f"ontology/{TABLE}" and p.line == 2]
    assert any(f"column '{column}': " in p.message and message in p.message for p in problems), problems


def test_a_malformed_table_is_unusable_input(tables):
    edit(tables.ontology / TABLE, "page\tstatus", "pages\tstatus")
    with pytest.raises(UnusableInputError) as err:
        load_exceptions(tables)
    assert "ontology/sentence-exceptions.tsv:1" in str(err.value)
