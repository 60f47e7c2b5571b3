"""Mappings: valid SSSOM, verified offline against real releases, expanded by Bioregistry, in the release."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from myoclonus_ontology.errors import BuildError, UnusableInputError
from myoclonus_ontology.mappings import (
    NO_TERM_FOUND,
    check_mappings,
    converter_for,
    load_mapping_set,
    mapping_graph,
)
from myoclonus_ontology.namespaces import MYO, Term
from myoclonus_ontology.verify_mappings import RELEASES, verify, verify_row

from .conftest import edit

SSSOM = "mappings/myo.sssom.tsv"


@pytest.fixture(scope="module")
def mapping_set(project):
    return load_mapping_set(project)


@pytest.mark.slow
def test_mapping_set_is_valid_sssom(project):
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(project.mappings / "myo.sssom.tsv")
    kinds = [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness,
             SchemaValidationType.StrictCurieFormat]
    reports = validate(msdf, validation_types=kinds, fail_on_error=False)
    assert {kind: report.results for kind, report in reports.items()} == {kind: [] for kind in kinds}
    assert len(msdf.df) == len(load_mapping_set(project).rows)


def test_every_vocabulary_the_issue_names_is_mapped(mapping_set):
    vocabularies = {row.vocabulary for row in mapping_set.rows if row.object_id != NO_TERM_FOUND}
    assert vocabularies == {"MONDO", "HP", "CHEBI", "mesh"}
    assert len([r for r in mapping_set.rows if r.object_id != NO_TERM_FOUND]) >= 80


def test_no_counterpart_is_recorded_not_forced(mapping_set):
    myoclonus = [r for r in mapping_set.rows if r.subject_id == "MYO:0001002"]
    assert any(r.object_id == NO_TERM_FOUND and r.vocabulary == "MONDO" for r in myoclonus)
    assert not any(r.object_id.startswith("MONDO:") for r in myoclonus)


@pytest.mark.slow
def test_every_mapping_verifies_against_the_shipped_releases(mapping_set):
    assert verify(mapping_set, SSSOM) == []


@pytest.mark.parametrize(("object_id", "label", "reason"), [
    ("MONDO:0005301", "epilepsy", "is 'multiple sclerosis'"),           # a real id with the wrong meaning
    ("MONDO:9999999", "epilepsy", "does not exist"),                     # an invented id
    ("MONDO:0004791", "obsolete lipid storage disease", "is obsolete"),  # a retired MONDO id
    ("HP:0002355", "obsolete Difficulty walking", "is obsolete"),        # a retired HPO id
    ("CHEBI:29745", "barbiturates", "is 'barbiturate'"),                 # the anion, not the drug class
    ("mesh:D999999", "Epilepsy", "does not exist"),
])
@pytest.mark.slow
def test_a_wrong_identifier_fails_verification(mapping_set, object_id, label, reason):
    row = dataclasses.replace(mapping_set.rows[0], object_id=object_id, object_label=label)
    fault = verify_row(row, RELEASES[object_id.split(":")[0]]())
    assert fault is not None and reason in fault


@pytest.mark.slow
def test_curies_are_expanded_by_bioregistry(project, mapping_set, tmp_path):
    converter = converter_for(mapping_set, project, tmp_path)
    assert converter.expand("mesh:D009207") == "http://id.nlm.nih.gov/mesh/D009207"
    assert converter.expand("MONDO:0015247") == "http://purl.obolibrary.org/obo/MONDO_0015247"
    assert (tmp_path / next(tmp_path.iterdir()).name).read_text().count("http") >= 6  # the cache is written


def test_curie_map_that_disagrees_with_bioregistry_fails(scratch, tmp_path):
    edit(scratch.mappings / "myo.sssom.tsv", "#   mesh: http://id.nlm.nih.gov/mesh/",
         "#   mesh: https://meshb.nlm.nih.gov/record/ui?ui=")
    with pytest.raises(BuildError) as err:
        converter_for(load_mapping_set(scratch), scratch, tmp_path)
    assert "Bioregistry says http://id.nlm.nih.gov/mesh/" in str(err.value)


def test_rows_that_cannot_be_right_are_caught_with_their_line(project, asserted, mapping_set, tmp_path):
    converter = converter_for(mapping_set, project, tmp_path)
    rows = list(mapping_set.rows)
    rows[0] = dataclasses.replace(rows[0], subject_label="opsoclonus")
    rows[1] = dataclasses.replace(rows[1], predicate_id="owl:sameAs")
    rows[3] = dataclasses.replace(rows[3], subject_id="MYO:0009999")
    rows.append(rows[5])
    problems = check_mappings(dataclasses.replace(mapping_set, rows=rows), asserted, converter, project)
    messages = [(p.line, p.message.split(" ")[0]) for p in problems]
    assert (rows[0].line, "subject_label") in messages
    assert (rows[1].line, "predicate") in messages
    assert any("MYO:0009999 is not an entity" in p.message for p in problems)
    assert any("twice" in p.message for p in problems)


def test_mappings_are_in_the_release_and_marked_curator_added(fresh_build, mapping_set):
    release = Graph().parse(fresh_build / "myo-base.nt")
    rows = [r for r in mapping_set.rows if r.object_id != NO_TERM_FOUND]
    assert (MYO["0001001"], SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/MONDO_0015247")) in release
    assert (MYO["0001065"], SKOS.exactMatch, URIRef("http://id.nlm.nih.gov/mesh/D002998")) in release
    axioms = [a for a in release.subjects(RDF.type, OWL.Axiom)
              if release.value(a, OWL.annotatedProperty) in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)]
    assert len(axioms) == len(rows)
    assert all(release.value(a, Term.CURATOR_ADDED).toPython() is True for a in axioms)


def test_mapping_graph_skips_no_term_found(mapping_set, project, tmp_path):
    graph = mapping_graph(mapping_set, converter_for(mapping_set, project, tmp_path))
    assert not [o for o in graph.objects() if "NoTermFound" in str(o)]


def test_sssom_reads_each_row_at_its_line(project, mapping_set):
    lines = (project.mappings / "myo.sssom.tsv").read_text(encoding="utf-8").splitlines()
    assert [r.line for r in mapping_set.rows] == sorted(r.line for r in mapping_set.rows)
    assert all(lines[r.line - 1].split("\t")[:4] == [r.subject_id, r.subject_label, r.predicate_id, r.object_id]
               for r in mapping_set.rows)


def test_a_row_sssom_leaves_out_is_named_by_its_line(scratch):
    path = scratch.mappings / "myo.sssom.tsv"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text.startswith("MYO:0001001\t"))
    edit(path, "MYO:0001001\topsoclonus myoclonus\tskos:exactMatch", "\topsoclonus myoclonus\tskos:exactMatch")
    with pytest.raises(UnusableInputError) as err:
        load_mapping_set(scratch)
    assert [(p.file, p.line) for p in err.value.problems] == [("mappings/myo.sssom.tsv", line)]
    assert "sssom-py leaves this row out" in err.value.problems[0].message


def test_a_file_sssom_cannot_read_is_reported_not_raised(scratch):
    edit(scratch.mappings / "myo.sssom.tsv", "# curie_map:", "# curie_map: [unclosed")
    with pytest.raises(UnusableInputError) as err:
        load_mapping_set(scratch)
    assert err.value.problems[0].file == "mappings/myo.sssom.tsv"
    assert "sssom-py cannot read the mapping set" in err.value.problems[0].message


def test_the_reading_is_cached_so_an_unchanged_set_needs_no_sssom_import(project, tmp_path, monkeypatch):
    first = load_mapping_set(project, tmp_path)
    monkeypatch.setitem(sys.modules, "sssom.parsers", None)  # importing it now fails
    assert load_mapping_set(project, tmp_path) == first
    with pytest.raises(ImportError):
        load_mapping_set(project, tmp_path / "empty")


def test_one_external_term_is_the_exact_match_of_one_entity_only(project, asserted, mapping_set, tmp_path):
    """Two entities with one exact match (MONDO:0005071 was both 'neurological disorder' and 'nervous system
    disorder') are refused, naming the second row and the first."""
    converter = converter_for(mapping_set, project, tmp_path)
    first = next(r for r in mapping_set.rows if r.object_id == "MONDO:0015247")
    second = next(r for r in mapping_set.rows if r.subject_id == "MYO:0001002")
    duplicate = dataclasses.replace(second, predicate_id="skos:exactMatch", object_id=first.object_id,
                                    object_label=first.object_label, line=999)
    third = next(r for r in mapping_set.rows if r.subject_id == "MYO:0001003")
    close = dataclasses.replace(third, predicate_id="skos:closeMatch", object_id=first.object_id,
                                object_label=first.object_label, line=1000)  # a close match of a third is fine
    rows = [*mapping_set.rows, duplicate, close]
    problems = check_mappings(dataclasses.replace(mapping_set, rows=rows), asserted, converter, project)
    assert [(p.line, p.node) for p in problems] == [(999, "MYO:0001002")]
    assert f"already the exact match of {first.subject_id} (line {first.line})" in problems[0].message
    assert check_mappings(mapping_set, asserted, converter, project) == []


def test_the_mapping_set_version_is_the_release_version(project, asserted, mapping_set, tmp_path):
    converter = converter_for(mapping_set, project, tmp_path)
    stale = dataclasses.replace(mapping_set, metadata={**mapping_set.metadata, "mapping_set_version": "2026-11-25"})
    problems = check_mappings(stale, asserted, converter, project)
    assert [p.file for p in problems] == ["mappings/myo.sssom.tsv"]
    assert "mapping_set_version is '2026-11-25'" in problems[0].message
