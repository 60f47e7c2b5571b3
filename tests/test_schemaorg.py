"""The schema.org view: derived by CONSTRUCT, valid JSON-LD, checked by its own shapes."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.namespaces import MYO, SCHEMA, Term
from myoclonus_ontology.schemaorg import VIEW_FILE, VIEW_SHAPES, build_view, check_view, describer, part_of_view
from myoclonus_ontology.schemaorg_vocab import check_against_vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def view(fresh_build) -> Graph:
    document = json.loads((fresh_build / VIEW_FILE).read_text(encoding="utf-8"))
    return Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nt")


def test_view_parses_in_pyld_and_rdflib_alike(fresh_build, view):
    assert len(view) == len(Graph().parse(fresh_build / VIEW_FILE, format="json-ld")) > 200


def test_disorders_are_medical_conditions_with_signs_and_treatments(view):
    oms = MYO["0001001"]
    assert (oms, RDF.type, SCHEMA.MedicalCondition) in view
    assert (oms, SCHEMA.signOrSymptom, MYO["0001032"]) in view                # opsoclonus
    assert (MYO["0001032"], RDF.type, SCHEMA.MedicalSignOrSymptom) in view
    assert (oms, SCHEMA.drug, MYO["0001061"]) not in view                      # ACTH: "may include"
    assert (oms, SCHEMA.signOrSymptom, MYO["0001037"]) not in view             # lethargy: "may also be present"
    assert (oms, SCHEMA.riskFactor, MYO["0001008"]) in view                    # "often seen in children with tumors"
    assert (oms, SCHEMA.sameAs, URIRef("http://purl.obolibrary.org/obo/MONDO_0015247")) in view
    assert (oms, SCHEMA.epidemiology, Literal("opsoclonus myoclonus is often seen in children with tumor, unspecified")
            ) in view


def test_every_sign_treatment_and_risk_is_a_plain_fact_of_a_record(view, releases):
    """schema.org cannot say "may" or "not": each link of the view has an asserted, not negated record."""
    full = releases["full"]
    roles = {SCHEMA.signOrSymptom: Term.REPORTS_SYMPTOM, SCHEMA.drug: Term.REPORTS_TREATMENT,
             SCHEMA.possibleTreatment: Term.REPORTS_TREATMENT,
             SCHEMA.riskFactor: Term.REPORTS_ASSOCIATED_CONDITION}
    links = [(s, p, o) for p in roles for s, o in view.subject_objects(p)]
    assert len(links) > 10
    for s, p, o in links:
        records = set(full.subjects(Term.ABOUT_CONDITION, s)) & set(full.subjects(roles[p], o))
        assert any((r, Term.MODALITY, Term.ASSERTED) in full and (r, Term.NEGATED, Literal(False)) in full
                   for r in records), (s, p, o)


def test_treatments_get_their_schema_types_from_their_mappings(view):
    assert (MYO["0001063"], RDF.type, SCHEMA.MedicalTherapy) in view          # surgery: a therapy,
    assert (MYO["0001063"], SCHEMA.relevantSpecialty, SCHEMA.Surgical) in view  # in the surgical specialty
    assert (MYO["0001064"], RDF.type, SCHEMA.RadiationTherapy) in view        # radiation therapy
    assert (MYO["0001062"], RDF.type, SCHEMA.MedicalTherapy) in view          # chemotherapy
    assert (MYO["0001065"], RDF.type, SCHEMA.Drug) in view                    # clonazepam
    assert (MYO["0001065"], SCHEMA.drugClass, MYO["0001066"]) in view         # a tranquilizer
    assert (MYO["0001066"], RDF.type, SCHEMA.DrugClass) in view
    assert not set(view.subjects(RDF.type, SCHEMA.SurgicalProcedure))


def test_drugs_are_under_drug_and_therapies_under_possible_treatment(view):
    myoclonus = MYO["0001002"]
    assert (myoclonus, SCHEMA.drug, MYO["0001065"]) in view                   # clonazepam
    assert (myoclonus, SCHEMA.possibleTreatment, MYO["0001065"]) not in view
    assert (myoclonus, SCHEMA.possibleTreatment, MYO["0001067"]) in view       # barbiturates, a drug class
    for treatment in view.objects(None, SCHEMA.possibleTreatment):
        assert (treatment, RDF.type, SCHEMA.Drug) not in view


def test_names_are_plain_strings_and_the_creator_an_organization(view):
    names = list(view.objects(None, SCHEMA.name))
    assert names and all(n.language is None and n.datatype is None for n in names)
    dataset = URIRef("https://w3id.org/myoclonus-ontology/myo-full.owl")
    creator = view.value(dataset, SCHEMA.creator)
    assert (creator, RDF.type, SCHEMA.Organization) in view
    assert view.value(creator, SCHEMA.name) == Literal("The myoclonus-ontology developers")


def test_research_bodies_are_organizations_that_know_about_their_topics(view):
    ninds = MYO["0001090"]
    assert (ninds, RDF.type, SCHEMA.Organization) in view
    assert (ninds, SCHEMA.knowsAbout, MYO["0001002"]) in view
    assert (ninds, SCHEMA.alternateName, Literal("NINDS")) in view


def test_view_is_described_as_a_dataset(view):
    dataset = URIRef("https://w3id.org/myoclonus-ontology/myo-full.owl")
    assert (dataset, RDF.type, SCHEMA.Dataset) in view
    assert (dataset, SCHEMA.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in view


def test_view_meets_its_shapes_and_a_broken_one_does_not(project, releases):
    view = build_view(project, releases["full"])
    check_view(project, view)
    view.remove((MYO["0001065"], SCHEMA.name, None))
    view.add((MYO["0001001"], SCHEMA.signOrSymptom, MYO["0001065"]))          # a drug as a symptom
    with pytest.raises(BuildError) as err:
        check_view(project, view)
    text = str(err.value)
    assert "MYO:0001065" in text and "schema:name" in text
    assert "MYO:0001001" in text and "MedicalSignOrSymptom" in text


def test_every_triple_of_the_view_fits_the_schema_org_vocabulary(view):
    vocabulary = load_vocabulary()
    assert vocabulary.release == "30.0" and len(vocabulary.ancestors) > 900 and len(vocabulary.domains) > 1500
    assert check_against_vocabulary(view, vocabulary) == []
    assert {p for p in view.predicates() if p != RDF.type} <= set(vocabulary.domains)


SURGERY = URIRef("https://example.org/surgery")


@pytest.mark.parametrize(("triples", "says"), [
    # a procedure type schema.org does not allow under possibleTreatment (the old view's surgery)
    ([(SURGERY, RDF.type, SCHEMA.SurgicalProcedure), (MYO["0001001"], SCHEMA.possibleTreatment, SURGERY)],
     "possibleTreatment expects Drug, DrugClass, LifestyleModification, MedicalTherapy; its value "
     "https://example.org/surgery is a SurgicalProcedure"),
    # a property outside its domain: a drug has no signOrSymptom
    ([(MYO["0001065"], SCHEMA.signOrSymptom, MYO["0001032"])], "'clonazepam' (MYO:0001065): signOrSymptom is for"),
    # the DataType rules: text where a Drug is expected, a number where only Text fits
    ([(MYO["0001001"], SCHEMA.drug, Literal("clonazepam"))],
     "drug expects Drug; its value clonazepam is a literal (Text)"),
    ([(MYO["0001001"], SCHEMA.epidemiology, Literal(3))],
     "epidemiology expects Text; its value 3 is a literal (Integer)"),
    # not schema.org terms at all
    ([(MYO["0001001"], SCHEMA.hasSymptom, MYO["0001032"])], "hasSymptom is not a schema.org property"),
    ([(MYO["0001001"], RDF.type, SCHEMA.Disease)], "its type Disease is not a schema.org class"),
    # an untyped IRI where no URL fits
    ([(MYO["0001001"], SCHEMA.riskFactor, URIRef("https://example.org/x"))], "an untyped IRI (a URL)"),
])
def test_a_misused_schema_org_term_fails_the_vocabulary_check_naming_the_node(project, releases, triples, says):
    view = build_view(project, releases["full"])
    for triple in triples:
        view.add(triple)
    problems = "\n".join(str(p) for p in check_against_vocabulary(view, load_vocabulary(), describer(view)))
    assert says in problems and "[schema.org 30.0]" in problems, problems


def test_the_build_runs_the_vocabulary_check_after_the_shapes(project, releases):
    view = build_view(project, releases["full"])
    view.add((MYO["0001001"], SCHEMA.epidemiology, Literal(3)))   # the shapes allow it; schema.org does not
    with pytest.raises(BuildError) as err:
        check_view(project, view)
    assert "'opsoclonus myoclonus' (MYO:0001001): epidemiology expects Text" in str(err.value)


def test_disorder_pages_embed_their_part_of_the_view_and_an_extractor_reads_it_back(fresh_build, view):
    import extruct

    pages = sorted((fresh_build / "docs").glob("disorder-MYO_*.html"))
    assert len(pages) >= 8
    for page in pages:
        node = MYO[page.stem.split("_")[1]]
        found = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]
        assert len(found) == 1, page.name
        embedded = Graph().parse(data=jsonld.to_rdf(found[0], {"format": "application/n-quads"}), format="nt")
        part = part_of_view(view, node)
        assert len(part) >= 4 and isomorphic(embedded, part), page.name  # type, name, description, sameAs at least
        assert check_against_vocabulary(embedded, load_vocabulary()) == [], page.name
    assert len(part_of_view(view, MYO["0001001"])) > 10  # opsoclonus myoclonus: its plain-fact signs and risk


def test_a_passing_view_is_checked_once_and_a_failing_one_every_time(project, releases, tmp_path):
    view = build_view(project, releases["full"])
    assert check_view(project, view, tmp_path) is False          # checked, the verdict kept
    assert check_view(project, view, tmp_path) is True           # the same view: from the cache
    assert check_view(project, view, None) is False              # --no-cache: checked
    view.add((MYO["0001001"], SCHEMA.epidemiology, Literal(3)))  # a different view: checked, and it fails
    for _ in range(2):
        with pytest.raises(BuildError) as err:
            check_view(project, view, tmp_path)
        assert "'opsoclonus myoclonus' (MYO:0001001): epidemiology expects Text" in str(err.value)


def test_a_changed_view_shape_file_is_a_cache_miss(scratch, releases, tmp_path):
    view = build_view(scratch, releases["full"])
    assert check_view(scratch, view, tmp_path / "cache") is False
    shapes = scratch.shapes / VIEW_SHAPES
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert check_view(scratch, view, tmp_path / "cache") is False
    assert check_view(scratch, view, tmp_path / "cache") is True
