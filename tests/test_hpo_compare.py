"""The comparison with HPO's annotations: a current extract, a faithful table, and HPO's terms kept apart."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph, Literal, URIRef

from myoclonus_ontology.hpo_compare import (
    EXTRACT,
    build_extract,
    compare,
    disease_names,
    load_extract,
    reported,
)
from myoclonus_ontology.mappings import load_mapping_set
from myoclonus_ontology.namespaces import Term


@pytest.mark.slow
def test_committed_extract_matches_the_shipped_hpo_release(project):
    mapping_set = load_mapping_set(project)
    fresh = build_extract(mapping_set, disease_names(mapping_set))
    assert (project.mappings / EXTRACT).read_text(encoding="utf-8") == fresh, "run `myo hpo-extract`"


def test_the_disease_is_found_through_the_mondo_mapping(project):
    names = {n.lower() for n in disease_names(load_mapping_set(project))}
    assert "opsoclonus-myoclonus syndrome" in names
    assert {a["database_id"] for a in load_extract(project).annotations} == {"ORPHA:1183"}


def test_comparison_table_is_in_the_build(fresh_build):
    rows = list(csv.DictReader((fresh_build / "reports" / "hpo-comparison.csv").open(encoding="utf-8")))
    by_status = {}
    for row in rows:
        by_status.setdefault(row["status"], set()).add(row["hpo_id"] or row["myo_label"])
    assert {"HP:0001336", "HP:0010543", "HP:0000737", "HP:0002664"} <= by_status["both"]    # myoclonus, opsoclonus ...
    assert {"HP:0001254", "HP:0033834", "viral infection"} <= by_status["source only"]     # lethargy, malaise ...
    assert {"HP:0001251", "HP:0003006"} <= by_status["HPO only"]                            # ataxia, neuroblastoma
    neuroblastoma = next(r for r in rows if r["hpo_id"] == "HP:0003006")
    assert "names a broader term: HP:0002664 Neoplasm" in neuroblastoma["note"]


def test_hpo_terms_stay_out_of_the_facts(fresh_build, project):
    full = Graph().parse(fresh_build / "myo-full.nt")
    annotated = {a["hpo_id"] for a in load_extract(project).annotations}
    mapped = {m.object_id for m in load_mapping_set(project).rows}
    for hpo_id in annotated - mapped:
        iri = URIRef("http://purl.obolibrary.org/obo/HP_" + hpo_id.split(":")[1])
        assert (None, None, iri) not in full and (iri, None, None) not in full, hpo_id


def test_a_symptom_hpo_does_not_annotate_is_reported_source_only(project, releases):
    mapping_set = load_mapping_set(project)
    extract = load_extract(project)
    trimmed = type(extract)([a for a in extract.annotations if a["hpo_id"] != "HP:0001336"], extract.terms)
    rows = compare(releases["full"], mapping_set, trimmed)
    jerking = next(r for r in rows if r["myo_id"] == "MYO:0001031")
    assert jerking["status"] != "both"


def test_a_negated_record_reports_no_sign(releases):
    """"does not cause" is no symptom: a negated record is left out of the comparison, a hedged one is marked."""
    graph = Graph() + releases["base"]
    disorder = Term.OPSOCLONUS_MYOCLONUS
    before = dict(reported(graph, disorder))
    record = next(r for r in graph.subjects(Term.ABOUT_CONDITION, disorder)
                  if (r, Term.REPORTS_SYMPTOM, None) in graph and graph.value(r, Term.MODALITY) == Term.ASSERTED)
    sign = graph.value(record, Term.REPORTS_SYMPTOM)
    assert before[sign] == "symptom"
    graph.set((record, Term.NEGATED, Literal(True)))
    assert sign not in dict(reported(graph, disorder))
