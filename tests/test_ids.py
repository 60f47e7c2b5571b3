"""New IDs come from one place, after every number in use: in the schema, the tables and kept releases."""

from __future__ import annotations

import pytest

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.ids import next_free_ids, used_numbers


def test_the_next_ids_follow_the_highest_in_each_range(project):
    used = used_numbers(project)
    highest_statement = max(n for n in used if 2000 <= n <= 9999)
    assert next_free_ids(project, "statement", 2) == [f"MYO:{highest_statement + 1:07d}",
                                                      f"MYO:{highest_statement + 2:07d}"]
    assert next_free_ids(project, "data-property") == [f"MYO:{max(n for n in used if 200 <= n <= 249) + 1:07d}"]


def test_a_released_number_is_never_reused(tables):
    """A row deleted from a table keeps its number: the kept release still names it."""
    (tables.root / "releases" / "2000-01-01").mkdir(parents=True)
    (tables.root / "releases" / "2000-01-01" / "myo-base.nt").write_text(
        "<https://w3id.org/myoclonus-ontology/MYO_0009000> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n",
        encoding="utf-8")
    assert next_free_ids(tables, "statement") == ["MYO:0009001"]


def test_a_full_range_is_an_error(project):
    with pytest.raises(BuildError, match="has no 1000 free IDs"):
        next_free_ids(project, "class", 1000)
