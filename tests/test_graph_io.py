"""Reading RDF: faults are reported with file, line and column."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.graph_io import NodeLocator, load_ontology, parse_file, parse_files, to_oxigraph, to_rdflib
from myoclonus_ontology.namespaces import MYO

from .conftest import edit


def test_malformed_turtle_names_file_line_and_column(scratch):
    path = scratch.ontology / "myo-edit.ttl"
    edit(path, 'rdfs:label "about condition"@en ;', 'rdfs:label "about condition@en ;')
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if '"about condition@en' in text)
    with pytest.raises(UnusableInputError) as err:
        load_ontology(scratch)
    problem = err.value.problems[0]
    assert problem.file == "ontology/myo-edit.ttl"
    assert problem.line == line
    assert str(problem).startswith(f"ontology/myo-edit.ttl:{line}:")


def test_unknown_prefix_is_reported_with_its_line(scratch):
    path = scratch.ontology / "myo-edit.ttl"
    edit(path, "a owl:ObjectProperty, owl:FunctionalProperty ;", "a owl:ObjectProperty, owlx:FunctionalProperty ;")
    with pytest.raises(UnusableInputError) as err:
        load_ontology(scratch)
    problem = err.value.problems[0]
    assert "owlx:" in problem.message and "declared" in problem.message
    assert problem.file == "ontology/myo-edit.ttl" and problem.line is not None


def test_missing_file_is_unusable_input(tmp_path):
    with pytest.raises(UnusableInputError) as err:
        parse_file(tmp_path / "absent.ttl")
    assert err.value.exit_code == 2
    assert "file not found" in str(err.value)


def test_every_broken_file_is_reported_not_just_the_first(tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:b ex:c .\n", encoding="utf-8")
    second.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(UnusableInputError) as err:
        parse_files([first, second])
    assert {p.file for p in err.value.problems} == {str(first), str(second)}


def test_terms_survive_the_round_trip_between_libraries():
    for term in (URIRef("http://example.org/x"), Literal("a"), Literal("b", lang="en"),
                 Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))):
        assert to_rdflib(to_oxigraph(term)) == term


def test_locator_finds_where_a_subject_is_written(project, asserted):
    """A statement or entity is found at its table row; a schema term at its Turtle line."""
    file, line = NodeLocator(project).find(MYO["0002001"])
    assert file == "ontology/statements/classification.tsv"
    assert (project.root / file).read_text(encoding="utf-8").splitlines()[line - 1].startswith("MYO:0002001\t")
    file, line = NodeLocator(project).find(MYO["0000100"])
    assert file == "ontology/myo-edit.ttl"
    assert (project.root / file).read_text(encoding="utf-8").splitlines()[line - 1] == "MYO:0000100"
