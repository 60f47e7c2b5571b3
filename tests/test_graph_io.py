"""Reading RDF: faults are reported with file, line and column."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import NodeLocator, load_ontology, parse_file, to_oxigraph, to_rdflib
from myoclonus_ontology.namespaces import MYO

from .conftest import edit


def test_malformed_turtle_names_file_line_and_column(scratch):
    path = scratch.ontology / "myo-statements.ttl"
    edit(path, 'rdfs:label "opsoclonus myoclonus is a rare neurological disorder"@en ;',
         'rdfs:label "opsoclonus myoclonus is a rare neurological disorder@en ;')
    with pytest.raises(UnusableInputError) as err:
        load_ontology(scratch)
    problem = err.value.problems[0]
    assert problem.file == "ontology/myo-statements.ttl"
    assert problem.line == 20
    assert str(problem).startswith("ontology/myo-statements.ttl:20:")


def test_unknown_prefix_is_reported_with_its_line(scratch):
    path = scratch.ontology / "myo-entities.ttl"
    edit(path, "    a owl:NamedIndividual, MYO:0000003 ;", "    a owl:NamedIndividual, myo:0000003 ;")
    with pytest.raises(UnusableInputError) as err:
        load_ontology(scratch)
    problem = err.value.problems[0]
    assert "myo:" in problem.message and "declared" in problem.message
    assert problem.file == "ontology/myo-entities.ttl" and problem.line is not None


def test_missing_file_is_unusable_input(tmp_path):
    with pytest.raises(UnusableInputError) as err:
        parse_file(tmp_path / "absent.ttl")
    assert err.value.exit_code == 2
    assert "file not found" in str(err.value)


def test_every_broken_file_is_reported_not_just_the_first(scratch):
    edit(scratch.ontology / "myo-edit.ttl", "owl:versionInfo", "owl:versionInfo owl:versionInfo")
    edit(scratch.ontology / "myo-entities.ttl", "a owl:NamedIndividual, MYO:0000003 ;", "a ;")
    with pytest.raises(UnusableInputError) as err:
        load_ontology(scratch)
    assert {p.file for p in err.value.problems} == {"ontology/myo-edit.ttl", "ontology/myo-entities.ttl"}


def test_terms_survive_the_round_trip_between_libraries():
    for term in (URIRef("http://example.org/x"), Literal("a"), Literal("b", lang="en"),
                 Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))):
        assert to_rdflib(to_oxigraph(term)) == term


def test_locator_finds_where_a_subject_is_written(project, asserted):
    file, line = NodeLocator(project).find(MYO["0002001"])
    assert file == "ontology/myo-statements.ttl"
    text = (project.root / file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert text == "MYO:0002001"
