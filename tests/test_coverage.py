"""Sentence coverage: every sentence accounted for, both ways."""

from __future__ import annotations

import pytest

from myoclonus_ontology.coverage import check_coverage, load_table
from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import load_ontology
from myoclonus_ontology.source import load_source

from .conftest import edit

TABLE = "sentence-coverage.tsv"


def problems_of(project):
    return check_coverage(project, load_ontology(project), load_source(project))


def test_every_sentence_is_accounted_for(project, asserted, source):
    assert check_coverage(project, asserted, source) == []
    rows = load_table(project)
    assert [r.sentence for r in rows] == [s.id for s in source.sentences()]
    assert {r.status for r in rows} == {"modelled", "restated"}


def test_missing_sentence_row_is_unaccounted_for(scratch):
    path = scratch.ontology / TABLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("S10\t")), encoding="utf-8")
    problems = problems_of(scratch)
    assert [p.message[:32] for p in problems] == ["sentence S10 (963-1008) is unacc",
                                                  "statement MYO:0002022 is listed "]


def test_fact_not_listed_under_its_sentence_is_caught(scratch):
    edit(scratch.ontology / TABLE, "MYO:0001116 MYO:0002022", "MYO:0001116")
    problems = problems_of(scratch)
    assert any(p.node == "S10" and "MYO:0002022 quotes this sentence but is not listed" in p.message for p in problems)
    assert any("statement MYO:0002022 is listed under no sentence" in p.message for p in problems)


def test_fact_listed_under_the_wrong_sentence_is_caught(scratch):
    edit(scratch.ontology / TABLE, "MYO:0001117 MYO:0002023", "MYO:0001117 MYO:0002023 MYO:0002001")
    problems = problems_of(scratch)
    assert [(p.node, "MYO:0002001, but its quote is not taken from this sentence" in p.message)
            for p in problems] == [("S11", True)]


def test_unknown_fact_is_caught(scratch):
    edit(scratch.ontology / TABLE, "MYO:0001117 MYO:0002023", "MYO:0001117 MYO:0002023 MYO:0009999")
    assert any("MYO:0009999, which is neither" in p.message for p in problems_of(scratch))


def test_restatement_without_a_note_is_caught(scratch):
    path = scratch.ontology / TABLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fixed = [line if not line.startswith("S29\t") else "\t".join(
        v if i != 6 else "" for i, v in enumerate(line.split("\t"))) for line in lines]
    path.write_text("".join(fixed), encoding="utf-8")
    assert any(p.node == "S29" and "needs a note" in p.message for p in problems_of(scratch))


def test_malformed_table_is_unusable_input(scratch):
    edit(scratch.ontology / TABLE, "sentence\tpage", "sentence\tpages")
    with pytest.raises(UnusableInputError) as err:
        load_table(scratch)
    assert "ontology/sentence-coverage.tsv:1" in str(err.value)
