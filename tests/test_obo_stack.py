"""The OBO tool stack reads every artifact completely: pronto, fastobo, obographs, py-horned-owl, the OWL
API (with ELK and HermiT) and OAK, each the library itself, offline. JVM work stays in this module (one
JVM per worker process)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from myoclonus_ontology.dl_profile import check_dl_profile
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.mappings import NO_TERM_FOUND, load_mapping_set
from myoclonus_ontology.model import instances_of
from myoclonus_ontology.namespaces import MYO, Term

ARTIFACTS = ("myo-base", "myo-full", "myo-classes")
MYOCLONUS = "MYO:0001002"


def horned_counts(path: Path) -> dict[str, int]:
    """py-horned-owl's axioms by kind (declarations included, ontology annotations not: as the OWL API)."""
    import pyhornedowl

    counts: dict[str, int] = {}
    for axiom in pyhornedowl.open_ontology_from_file(str(path)).get_axioms():
        kind = type(axiom.component).__name__
        if kind != "OntologyAnnotation":
            kind = "Declaration" if kind.startswith("Declare") else kind
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def view_classes(fresh_build: Path) -> int:
    """How many MYO classes the class view declares (what every OBO reading must find)."""
    from rdflib.namespace import OWL, RDF

    view = parse_file(fresh_build / "myo-classes.ttl")
    return sum(1 for c in view.subjects(RDF.type, OWL.Class) if str(c).startswith(str(MYO)))


def without_empty(value: object) -> object:
    """A JSON value without the empty lists and false flags the obographs model fills in as defaults."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v not in ([], False)}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


@pytest.fixture(scope="module")
def owlapi_readings(fresh_build):
    from myoclonus_ontology.owlapi import read

    return {(stem, ext): read(fresh_build / f"{stem}.{ext}") for stem in ARTIFACTS for ext in ("owl", "ofn")}


# ------------------------------------------------------------------ the OWL API, ELK, HermiT
@pytest.mark.slow
@pytest.mark.parametrize("stem", ARTIFACTS)
def test_owlapi_reads_the_rdfxml_completely_and_the_ofn_identically(owlapi_readings, stem):
    rdfxml, ofn = owlapi_readings[(stem, "owl")], owlapi_readings[(stem, "ofn")]
    assert (rdfxml.unparsed_triples, rdfxml.guessed_declarations) == (0, 0)
    assert rdfxml.format == "RDF/XML Syntax" and ofn.format == "OWL Functional Syntax"
    assert rdfxml.counts == ofn.counts and rdfxml.axioms == ofn.axioms > 100
    assert rdfxml.counts.get("DisjointClasses", 0) >= 3


@pytest.mark.slow
def test_the_class_view_is_in_owl2_dl(fresh_build):
    assert check_dl_profile(fresh_build / "myo-classes.owl") == []


@pytest.mark.slow
def test_elk_and_hermit_agree_on_a_consistent_class_hierarchy(fresh_build):
    from myoclonus_ontology.owlapi import hierarchy

    elk_consistent, elk = hierarchy(fresh_build / "myo-classes.owl", "elk")
    hermit_consistent, hermit = hierarchy(fresh_build / "myo-classes.owl", "hermit")
    assert elk_consistent and hermit_consistent
    assert elk == hermit and len(elk) > 60
    assert (str(MYO["0001065"]), str(MYO["0001066"])) in elk  # clonazepam: a type of tranquilizer


# ------------------------------------------------------------------ py-horned-owl
@pytest.mark.slow
@pytest.mark.parametrize("stem", ARTIFACTS)
def test_py_horned_owl_keeps_every_axiom_of_the_ofn(fresh_build, owlapi_readings, stem):
    expected = owlapi_readings[(stem, "ofn")].counts
    found = horned_counts(fresh_build / f"{stem}.ofn")
    assert sum(found.values()) == owlapi_readings[(stem, "ofn")].axioms
    assert found["DisjointClasses"] == expected["DisjointClasses"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", ARTIFACTS)
def test_py_horned_owl_reads_the_rdfxml_all_but_n_ary_disjointness(fresh_build, owlapi_readings, stem):
    """py-horned-owl 2.0.0's RDF reader has no owl:AllDisjointClasses (its vocabulary lacks the term):
    from RDF/XML it loses exactly those axioms, and nothing else; the .ofn file is the complete route."""
    reading = owlapi_readings[(stem, "owl")]
    found = horned_counts(fresh_build / f"{stem}.owl")
    assert sum(found.values()) == reading.axioms - reading.counts["DisjointClasses"]


# ------------------------------------------------------------------ pronto, fastobo, obographs
@pytest.mark.parametrize("name", ["myo-classes.obo", "myo-classes.json", *(f"{s}.owl" for s in ARTIFACTS)])
def test_pronto_loads_the_artifact(fresh_build, name):
    import pronto

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ontology = pronto.Ontology(str(fresh_build / name))
    assert len(ontology.terms()) >= 50
    if name.startswith("myo-classes"):  # the .obo has CURIEs (idspace header); the others full IRIs
        ids = {c: c if name.endswith(".obo") else str(MYO[c.split(":")[1]]) for c in
               (MYOCLONUS, "MYO:0001021", "MYO:0000003", "MYO:0000002")}
        myoclonus = ontology[ids[MYOCLONUS]]
        assert myoclonus.name == "myoclonus"
        assert {t.id for t in myoclonus.superclasses(with_self=False)} == set(ids.values()) - {ids[MYOCLONUS]}


def test_fastobo_parses_the_obo_strictly(fresh_build, tmp_path):
    import fastobo

    document = fastobo.load(str(fresh_build / "myo-classes.obo"))
    assert str(document.header[0]) == "format-version: 1.4"
    assert {str(c) for c in document.header if str(c).startswith(("ontology", "idspace: MYO"))} >= {
        "ontology: myo"}
    assert len([f for f in document if isinstance(f, fastobo.term.TermFrame)]) == view_classes(fresh_build) >= 70
    broken = tmp_path / "broken.obo"
    broken.write_text((fresh_build / "myo-classes.obo").read_text().replace("is_a: MYO:", "is_a MYO:", 1))
    with pytest.raises(SyntaxError):
        fastobo.load(str(broken))


def test_obo_graphs_json_validates_with_the_obographs_model(fresh_build):
    import curies
    from obographs import GraphDocument

    data = json.loads((fresh_build / "myo-classes.json").read_text(encoding="utf-8"))
    document = GraphDocument.model_validate(data)
    assert without_empty(document.model_dump(exclude_none=True)) == data  # every field known and kept
    converter = curies.load_extended_prefix_map(fresh_build / "myo-prefixes.json")
    graph = document.graphs[0].standardize(converter, strict=True)
    assert len(graph.nodes) == view_classes(fresh_build) + 1  # and RO:0002200, the one relation
    assert any(e.predicate.curie == "RO:0002200" for e in graph.edges)


# ------------------------------------------------------------------ OAK
@pytest.fixture(scope="module")
def oak(fresh_build):
    from oaklib import get_adapter

    return get_adapter(str(fresh_build / "myo-classes.obo"))


@pytest.mark.slow
def test_oak_descendants_of_disorder_are_the_disorders_the_source_names(oak, fresh_build):
    from oaklib.datamodels.vocabulary import IS_A

    base = parse_file(fresh_build / "myo-base.nt")
    disorders = {f"MYO:{str(d).rsplit('_', 1)[1]}" for d in instances_of(base, Term.DISORDER)}
    assert len(disorders) == 14  # 'nervous system disorder' is deprecated: the same as 'neurological disorder'
    assert set(oak.descendants("MYO:0000003", predicates=[IS_A], reflexive=False)) == disorders


@pytest.mark.slow
def test_oak_ancestors_of_myoclonus_are_its_superclasses_only(oak):
    assert set(oak.ancestors(MYOCLONUS, reflexive=False)) == {"MYO:0001021", "MYO:0000003", "MYO:0000002"}


@pytest.mark.slow
def test_oak_mappings_are_the_sssom_rows(oak, project):
    rows = {(r.subject_id, r.predicate_id, r.object_id) for r in load_mapping_set(project).rows
            if r.object_id != NO_TERM_FOUND}
    found = {(m.subject_id, m.predicate_id, m.object_id) for m in oak.sssom_mappings(list(oak.entities()))
             if m.predicate_id.startswith("skos:")}
    in_view = {r for r in rows if r[0] in set(oak.entities())}
    assert found == in_view and len(in_view) == len(rows) - 1  # 'children' is a population, not a class


@pytest.mark.slow
def test_oak_resolves_labels_from_turtle_with_the_shipped_prefix_map(fresh_build):
    from oaklib import get_adapter

    adapter = get_adapter(str(fresh_build / "myo-classes.ttl"))
    assert adapter.label(MYOCLONUS) is None  # MYO is in no registry: OAK cannot expand it on its own
    for record in json.loads((fresh_build / "myo-prefixes.json").read_text(encoding="utf-8")):
        adapter.prefix_map()[record["prefix"]] = record["uri_prefix"]
    assert adapter.label(MYOCLONUS) == "myoclonus"
