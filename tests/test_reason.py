"""Reasoning: each inference is in the full release and absent from the base; clashes fail readably."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from myoclonus_ontology import serialize
from myoclonus_ontology.entailed_types import entailed_memberships
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import NodeLocator, load_ontology
from myoclonus_ontology.model import instances_of
from myoclonus_ontology.namespaces import IAO, MYO, Term
from myoclonus_ontology.reason import BUILT_IN_ANNOTATIONS, _run_hermit, diagnose, logical_part, logical_triples, reason
from myoclonus_ontology.release import BASE_RELEASE, FULL_RELEASE

OMS, MYOCLONUS, EPILEPSY, JERKING = MYO["0001001"], MYO["0001002"], MYO["0001003"], MYO["0001031"]
CLONAZEPAM, SYMPTOM, DRUG = MYO["0001065"], MYO["0000009"], MYO["0000012"]


@pytest.fixture(scope="module")
def base(fresh_build) -> Graph:
    return Graph().parse(fresh_build / f"{BASE_RELEASE.stem}.nt")


@pytest.fixture(scope="module")
def full(fresh_build) -> Graph:
    return Graph().parse(fresh_build / f"{FULL_RELEASE.stem}.nt")


def labels(graph: Graph, nodes) -> set[str]:
    return {str(graph.value(n, RDFS.label)) for n in nodes}


def inferred_only(base: Graph, full: Graph, triple) -> bool:
    return triple in full and triple not in base


def test_inverse_property_goes_from_a_symptom_to_its_disorders(base, full):
    symptom_of = MYO["0000104"]
    assert inferred_only(base, full, (JERKING, symptom_of, OMS))
    # plain facts only: "may develop in people with multiple sclerosis, ..." and the occurrence "most often one of
    # several symptoms associated with a wide variety of nervous system disorders" give no link
    assert labels(full, full.objects(JERKING, symptom_of)) == {"opsoclonus myoclonus", "epilepsy"}


def test_property_chain_turns_treatment_records_into_direct_links(base, full):
    has_treatment = MYO["0000110"]
    assert inferred_only(base, full, (MYOCLONUS, has_treatment, CLONAZEPAM))
    assert labels(full, full.objects(MYOCLONUS, has_treatment)) == {
        "medication", "clonazepam", "barbiturate", "phenytoin", "primidone", "sodium valproate"}
    assert not list(full.objects(OMS, has_treatment))  # every treatment of opsoclonus myoclonus is a "may"
    assert not list(base.objects(MYOCLONUS, has_treatment))


@pytest.mark.parametrize(("cls", "members"), [
    ("0000060", {"opsoclonus myoclonus"}),  # tumor-associated disorder ("may develop in response to" is hedged)
    ("0000061", {"barbiturate", "phenytoin", "primidone"}),                 # treatment used for epilepsy
    ("0000062", {"clonazepam"}),                                           # first-choice treatment
    ("0000063", {"chemotherapy", "surgery", "radiation therapy"}),           # tumor-dependent treatment
    ("0000010", {"simple myoclonus", "widespread myoclonus", "spreading myoclonus", "severe myoclonus"}),
])
def test_defined_class_is_filled_by_the_reasoner_only(base, full, cls, members):
    assert labels(full, full.subjects(RDF.type, MYO[cls])) == members
    assert not list(base.subjects(RDF.type, MYO[cls]))


def test_associated_condition_is_computed_from_both_meanings_of_myoclonus(full):
    """Where the sign occurs as a plain fact; the page's "may develop in response to" list stays hedged."""
    conditions = labels(full, full.objects(MYOCLONUS, MYO["0000106"]))
    assert conditions == {"epilepsy", "opsoclonus myoclonus"}
    assert (EPILEPSY, RDF.type, MYO["0000004"]) in full
    assert labels(full, full.objects(OMS, MYO["0000106"])) == {"tumor, unspecified"}  # "often seen in children with"


def test_disorder_and_sign_queries_return_their_own_meaning(full):
    """'myoclonus' the disorder has treatments and research; 'myoclonic jerking' the sign has hosts."""
    prefix = "PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>\n"
    treated = {str(r[0]) for r in full.query(prefix + """SELECT ?l WHERE {
        MYO:0001002 MYO:0000110 ?t . ?t rdfs:label ?l }""")}
    assert {"clonazepam", "sodium valproate", "phenytoin"} <= treated
    assert not list(full.objects(JERKING, MYO["0000111"]))  # the sign is treated by nothing
    hosts = {str(r[0]) for r in full.query(prefix + """SELECT ?l WHERE {
        ?c MYO:0000103 MYO:0001031 . ?c rdfs:label ?l }""")}
    assert "opsoclonus myoclonus" in hosts and "myoclonus" not in hosts
    assert (MYOCLONUS, RDF.type, MYO["0000003"]) in full and (JERKING, RDF.type, SYMPTOM) in full
    assert full.value(MYOCLONUS, MYO["0000146"]) == JERKING


def test_full_release_says_which_release_it_is(full, base):
    full_comment = str(full.value(URIRef("https://w3id.org/myoclonus-ontology/myo-full.owl"), RDFS.comment))
    assert full_comment.startswith("Full release")
    assert (None, OWL.versionIRI, None) in base
    assert len(full) > len(base) + 200


@pytest.mark.slow
def test_drug_typed_as_symptom_is_an_inconsistency_naming_the_entity(project):
    graph = load_ontology(project)
    graph.add((CLONAZEPAM, RDF.type, SYMPTOM))
    with pytest.raises(BuildError) as err:
        reason(graph, NodeLocator(project), cache=None)
    text = str(err.value)
    assert "inconsistent" in text
    assert "'clonazepam' (MYO:0001065)" in text
    assert "'symptom' (MYO:0000009)" in text and "'treatment' (MYO:0000011)" in text
    assert "ontology/entities.tsv:" in text
    assert "it is typed 'symptom' (MYO:0000009) and 'drug' (MYO:0000012)" in text
    assert "[found by qc:disjoint-kinds]" in text


@pytest.mark.slow
def test_unsatisfiable_class_is_named_with_its_cause(project):
    graph = load_ontology(project)
    bad = MYO["0000099"]
    graph.add((bad, RDF.type, OWL.Class))
    graph.add((bad, RDFS.label, Literal("drug that is a symptom", lang="en")))
    graph.add((bad, RDFS.subClassOf, DRUG))
    graph.add((bad, RDFS.subClassOf, SYMPTOM))
    for p in (IAO["0000115"], SKOS.definition):
        graph.add((bad, p, Literal("An impossible class.", lang="en")))
    with pytest.raises(BuildError) as err:
        reason(graph, NodeLocator(project), cache=None)
    assert "unsatisfiable" in str(err.value)
    assert "'drug that is a symptom' (MYO:0000099)" in str(err.value)
    assert "which are disjoint" in str(err.value)


@pytest.mark.slow
def test_diagnosis_finds_qualifier_outside_its_closed_list(asserted):
    graph = asserted + Graph()
    graph.add((MYO["0001037"], RDF.type, MYO["0000051"]))  # lethargy typed as a modality
    messages = [p.message for p in diagnose(graph)]
    assert any("closed list" in m for m in messages)


@pytest.mark.slow
def test_diagnosis_finds_two_values_of_a_functional_data_property(asserted):
    """The diagnosis is validation itself: the shapes and the QC queries, not rules of its own."""
    graph = asserted + Graph()
    graph.add((MYO["0002059"], MYO["0000200"], Literal(False)))  # valproate both usable alone and not
    problems = diagnose(graph)
    assert [p.node for p in problems] == [
        "'sodium valproate is an alternative treatment for myoclonus, usable alone, combinable with "
        "clonazepam' (MYO:0002059)"]
    assert "found by myosh:TreatmentStatementShape-alone" in problems[0].message


def test_missing_java_is_a_message_not_a_traceback(project, monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(BuildError) as err:
        reason(load_ontology(project), cache=None)
    assert err.value.exit_code == 2
    assert "Java 17 or newer is needed" in str(err.value) and "openjdk-17-jre-headless" in str(err.value)


@pytest.mark.slow
def test_consistent_sources_reason_cleanly(asserted, project, tmp_path):
    first = reason(asserted, cache=tmp_path)
    again = reason(asserted, cache=tmp_path)
    assert not first.cached and again.cached
    assert set(first.inferred) == set(again.inferred)
    assert len(first.inferred) > 200


def test_the_reasoner_sees_no_annotation_and_keeps_every_axiom(asserted):
    logical = logical_part(asserted)
    assert not any(logical.triples((None, RDFS.label, None)))
    assert not any(logical.triples((None, IAO["0000115"], None)))
    assert (IAO["0000115"], RDF.type, OWL.AnnotationProperty) in logical  # declarations stay
    kept = {p for _, p, _ in asserted} - {p for _, p, _ in logical}
    assert kept and all((p, RDF.type, OWL.AnnotationProperty) in asserted or p in BUILT_IN_ANNOTATIONS for p in kept)
    assert len(logical) > len(asserted) // 3


def test_a_property_declared_annotation_and_object_property_keeps_its_assertions():
    """Not OWL 2 DL, but its assertions may mean something to the reasoner: they stay in its input."""
    graph, p = Graph(), URIRef("https://example.org/p")
    graph.add((p, RDF.type, OWL.AnnotationProperty))
    graph.add((p, RDF.type, OWL.ObjectProperty))
    graph.add((URIRef("https://example.org/x"), p, URIRef("https://example.org/y")))
    graph.add((URIRef("https://example.org/x"), RDFS.label, Literal("x")))
    assert set(logical_part(graph)) == set(graph) - {(URIRef("https://example.org/x"), RDFS.label, Literal("x"))}


@pytest.mark.slow
def test_hermit_concludes_the_same_with_and_without_annotations(asserted):
    """What makes the cache key sound: annotations never change a conclusion (HermiT run on both)."""
    def hermit(graph: Graph) -> set:
        return set(_run_hermit(asserted, serialize.ntriples(serialize.canonical_graph(graph)), None))

    conclusions = hermit(asserted)
    assert len(conclusions) > 100 and hermit(logical_part(asserted)) == conclusions


@pytest.mark.slow
def test_hermit_concludes_the_same_with_and_without_the_entailed_memberships(project):
    """What makes the hints sound to use: on the release and on edited records (a plain fact made hedged, one
    denied, one without its negated value, a hedged one made plain), HermiT given the entailed memberships
    concludes exactly what it concludes from the graph alone; the hints are among those conclusions."""
    release = load_ontology(project)
    edited = Graph() + release
    edited.set((MYO["0002002"], Term.MODALITY, Term.POSSIBLE))
    edited.set((MYO["0002003"], Term.NEGATED, Literal(True)))
    edited.remove((MYO["0002004"], Term.NEGATED, None))
    hedged = sorted(s for s in edited.subjects(Term.MODALITY, Term.POSSIBLE)
                    if (s, Term.NEGATED, Literal(False)) in edited and s != MYO["0002002"])[0]
    edited.set((hedged, Term.MODALITY, Term.ASSERTED))
    for graph in (release, edited):
        hints = entailed_memberships(graph)
        alone = set(reason(graph, cache=None, hints=False).inferred)
        assert len(hints) > 40 and set(hints) <= alone
        assert set(reason(graph, cache=None).inferred) == alone
    assert (hedged, RDF.type, Term.PLAIN_FACT_STATEMENT) in entailed_memberships(edited)
    assert (MYO["0002002"], RDF.type, Term.PLAIN_FACT_STATEMENT) not in entailed_memberships(edited)


@pytest.mark.slow
def test_an_annotation_edit_reuses_the_conclusions_and_a_logical_edit_does_not(asserted, tmp_path):
    reason(asserted, cache=tmp_path)
    edited = Graph() + asserted
    edited.set((OMS, RDFS.label, Literal("opsoclonus myoclonus, relabelled", lang="en")))
    edited.add((CLONAZEPAM, RDFS.comment, Literal("a note added by a curator")))
    assert reason(edited, cache=tmp_path).cached
    edited.add((CLONAZEPAM, RDF.type, MYO["0000011"]))  # a type is an axiom
    assert not reason(edited, cache=tmp_path).cached


# ------------------------------------------------------------------ direct links only from plain facts

def _direct_links(full: Graph) -> dict[URIRef, list[list[URIRef]]]:
    """Each property some property chain defines, with its chains (the direct links: has symptom, ...)."""
    found: dict[URIRef, list[list[URIRef]]] = {}
    for prop, chain in full.subject_objects(OWL.propertyChainAxiom):
        found.setdefault(prop, []).append(list(Collection(full, chain)))
    return found


def unlicensed_direct_links(full: Graph) -> tuple[list[tuple], int]:
    """Every direct link (or its inverse) of `full` that no plain-fact record licenses: a path along one of
    the property's chains whose statement records all have modality asserted and negated false. A step
    through a rolification property (`∃R.Self`) is the test's own plain-fact check, so the check does not
    trust the ontology's encoding of it. Also returns how many links were checked."""
    links = _direct_links(full)
    statements = instances_of(full, Term.STATEMENT)
    gates = {p for r in full.subjects(OWL.hasSelf, None) for p in full.objects(r, OWL.onProperty)}

    def plain(node) -> bool:
        return (node, Term.MODALITY, Term.ASSERTED) in full and (node, Term.NEGATED, Literal(False)) in full

    def licensed(s, prop, o) -> bool:
        for steps in links[prop]:
            reached = {(s, True)}
            for step in (q for q in steps if q not in gates):
                reached = {(n, ok and (n not in statements or plain(n))) for m, ok in reached
                           for n in full.objects(m, step)}
            if (o, True) in reached:
                return True
        return False

    inverse = {q: p for p, q in full.subject_objects(OWL.inverseOf) if p in links}
    inverse |= {p: q for p, q in full.subject_objects(OWL.inverseOf) if q in links}
    faults, checked = [], 0
    for s, prop, o in full:
        if prop in links or prop in inverse:
            checked += 1
            if not (licensed(s, prop, o) if prop in links else licensed(o, inverse[prop], s)):
                faults.append((s, prop, o))
    return sorted(faults), checked


def test_no_direct_link_without_a_plain_fact_record(full):
    """'opsoclonus myoclonus has symptom lethargy' would come from a "may" record; no such link is inferred."""
    faults, checked = unlicensed_direct_links(full)
    assert faults == [] and checked >= 40
    assert (OMS, MYO["0000103"], MYO["0001037"]) not in full          # "lethargy ... may also be present"
    assert (OMS, MYO["0000110"], MYO["0001060"]) not in full          # "may include corticosteroids"
    assert (MYOCLONUS, MYO["0000106"], MYO["0001009"]) not in full    # "may develop in response to brain tumors"


def test_every_plain_fact_record_yields_its_direct_link(full):
    """The converse: the chains through the plain-fact role still derive every link a plain fact states."""
    statements = instances_of(full, Term.STATEMENT)
    plain = {r for r in statements if (r, RDF.type, Term.PLAIN_FACT_STATEMENT) in full}
    assert plain and all((r, Term.NEGATED, Literal(False)) in full for r in plain)
    assert not [r for r in statements - plain if (r, Term.MODALITY, Term.ASSERTED) in full
                and (r, Term.NEGATED, Literal(False)) in full]
    expected = set()
    for prop, chains in _direct_links(full).items():
        for steps in chains:
            first, *_, last = steps
            for record in plain:
                expected |= {(s, prop, o) for s in full.objects(record, _inverse(full, first))
                             for o in full.objects(record, last)}
    assert expected and expected <= set(full)
    assert (OMS, MYO["0000103"], JERKING) in full and (MYOCLONUS, MYO["0000110"], CLONAZEPAM) in full


def _inverse(graph: Graph, prop: URIRef) -> URIRef | None:
    return graph.value(prop, OWL.inverseOf) or graph.value(None, OWL.inverseOf, prop)


@pytest.mark.slow
def test_a_hedged_negated_or_unstated_record_feeds_no_chain(project):
    """Reasoning over the asserted sources with one plain-fact record made hedged, one negated and one without
    a negated value (open world: neither affirmed nor denied): none of the three links is derived."""
    graph = load_ontology(project)
    gait, jerking, opsoclonus = MYO["0002002"], MYO["0002003"], MYO["0002004"]
    graph.set((gait, Term.MODALITY, Term.POSSIBLE))
    graph.set((jerking, Term.NEGATED, Literal(True)))
    graph.remove((opsoclonus, Term.NEGATED, None))
    inferred = reason(graph, cache=None).inferred
    for sign in (MYO["0001030"], JERKING, MYO["0001032"]):
        assert (OMS, MYO["0000103"], sign) not in inferred
    assert (EPILEPSY, MYO["0000103"], JERKING) in inferred   # an untouched plain fact still is
    assert not list(inferred.triples((None, Term.PLAIN_FACT_ROLE, None)))  # self-links are not published


def test_the_reasoners_input_is_the_logical_part_in_canonical_n_triples(asserted, releases):
    """reason() writes its input straight from the triples: the bytes a canonical graph of them gives."""
    assert serialize.canonical_ntriples(logical_triples(asserted)) == \
        serialize.ntriples(serialize.canonical_graph(logical_part(asserted)))
    full = releases["full"]
    assert any(isinstance(s, BNode) for s in full.subjects())
    assert serialize.canonical_ntriples(full) == serialize.ntriples(serialize.canonical_graph(full))
