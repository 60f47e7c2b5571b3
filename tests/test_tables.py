"""Reading the curated tables: exact headers, tab-separated cells taken literally, faults by file and line."""

from __future__ import annotations

import pytest

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.project import Project
from myoclonus_ontology.tables import read_table


def test_cells_are_literal_and_rows_know_their_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('id\tquote\n\nMYO:0000001\tthe jerks or "sleep starts" | x\n', encoding="utf-8")
    rows = read_table(Project(tmp_path), path, ["id", "quote"])
    assert [(r.line, r.get("quote")) for r in rows] == [(3, 'the jerks or "sleep starts" | x')]
    assert rows[0].values("quote") == ['the jerks or "sleep starts"', "x"]
    assert rows[0].problem("quote", "is wrong").message == "column 'quote': is wrong"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("id\tquote\nMYO:0000001\n", 2, "has 1 cells, the header has 2"),
    ("id\tquotes\nMYO:0000001\tx\n", 1, "the header must be the 2 columns ['id', 'quote']"),
])
def test_a_malformed_table_is_unusable_input_naming_its_line(tmp_path, text, line, message):
    path = tmp_path / "t.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnusableInputError) as err:
        read_table(Project(tmp_path), path, ["id", "quote"])
    problem = err.value.problems[0]
    assert (problem.file, problem.line) == ("t.tsv", line) and message in problem.message
