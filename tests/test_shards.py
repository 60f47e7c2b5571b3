"""Validating in parts gives the findings of the whole: on clean, faulty and linked data, and where the
plan's one subtle rule (what shared nodes point to is shared too) decides the outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from myoclonus_ontology import shards
from myoclonus_ontology.data_store import load_data
from myoclonus_ontology.shacl_engines import turbo_report
from myoclonus_ontology.validate import findings_from_report

from .conftest import synthetic_data

EX = "http://example.org/"


def found(report: Graph, shapes: Graph) -> set[tuple]:
    return {(f.focus, f.source, f.path, f.value, f.severity, f.message)
            for f in findings_from_report(report, shapes, lambda _: None)}


def whole_and_parts(text: bytes, data_lines: int, shapes: Graph, part_triples: int) -> tuple[set, set, int]:
    """Findings of the whole text and of the planned parts, and how many parts there were."""
    plan = shards.plan(text, data_lines, part_triples)
    assert plan is not None
    parts = shards.validate_parts(plan, lambda part: turbo_report(part, shapes))
    return found(turbo_report(text, shapes), shapes), found(parts, shapes), len(plan.parts)


@pytest.fixture(scope="module")
def synthetic(fresh_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """About 7,000 triples (three copies of the release's records), clean and with 2% known faults."""
    return synthetic_data(fresh_build / "myo-base.nt", tmp_path_factory.mktemp("shards"), 7000, 0.02, 3)


@pytest.mark.parametrize("kind", ["clean", "faulty"])
def test_parts_give_the_findings_of_the_whole(synthetic, fresh_build, shapes, kind):
    data = load_data([synthetic[kind]], None, fresh_build / "myo-full.nt")
    whole, parts, count = whole_and_parts(data.ntriples, data.triples, shapes, 1500)
    assert count >= 3
    assert bool(whole) == (kind == "faulty")
    assert parts == whole


def test_linked_records_stay_together(synthetic, fresh_build, shapes, tmp_path):
    """Data that adds to a node of the release and links two copies of the records: the same findings."""
    linked = tmp_path / "linked.ttl"
    text = synthetic["faulty"].read_text()
    first = next(line.split()[0] for line in text.splitlines() if line.startswith("synth:c0"))
    linked.write_text(f"{text}synth:c1-0001001 <{EX}seeAlso> {first} .\n"
                      "MYO:0001001 rdfs:comment \"added to a node of the release\" .\n")
    data = load_data([linked], None, fresh_build / "myo-full.nt")
    whole, parts, count = whole_and_parts(data.ntriples, data.triples, shapes, 1500)
    assert count >= 2 and whole and parts == whole


TARGETS_OBJECTS = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<{EX}NamedShape> a sh:NodeShape ; sh:targetObjectsOf <{EX}about> ;
    sh:property [ sh:path <{EX}name> ; sh:minCount 1 ] .
"""


def linked_text(groups: int) -> tuple[bytes, int]:
    """A class (shared: every part holds it) that points at one record, and `groups` unrelated records."""
    lines = [f"<{EX}C> <http://www.w3.org/2002/07/owl#equivalentClass> <{EX}D> .",
             f"<{EX}C> <{EX}about> <{EX}r0> .",
             f"<{EX}r0> <{EX}name> \"the record a class points at\" ."]
    lines += [f"<{EX}r{i}> <{EX}name> \"record {i}\" ." for i in range(1, groups)]
    lines += [f"<{EX}x{i}> <{EX}about> <{EX}r{i}> ." for i in range(1, groups)]
    return ("\n".join(lines) + "\n").encode(), len(lines)


def test_what_a_shared_node_points_to_is_shared():
    """r0 is a focus node in every part (a shared triple targets it): its own triple must be there too."""
    shapes = Graph().parse(data=TARGETS_OBJECTS, format="turtle")
    text, lines = linked_text(40)
    plan = shards.plan(text, lines, 10)
    assert plan is not None and len(plan.parts) >= 3
    assert f"<{EX}r0> <{EX}name>".encode() in plan.shared
    whole, parts, _ = whole_and_parts(text, lines, shapes, 10)
    assert whole == parts == set()


def test_without_that_rule_a_part_reports_a_fault_the_whole_does_not_have(monkeypatch):
    """The test above can fail: drop the rule and r0 is reported as missing its name."""
    monkeypatch.setattr(shards, "_close_shared", lambda *args: None)
    shapes = Graph().parse(data=TARGETS_OBJECTS, format="turtle")
    text, lines = linked_text(40)
    whole, parts, _ = whole_and_parts(text, lines, shapes, 10)
    assert whole == set()
    assert len(parts) == 1 and f"{EX}r0" in next(iter(parts))[0]


@pytest.mark.parametrize(("shape", "reason"), [
    ("sh:targetClass <C> ; sh:property [ sh:path [ sh:inversePath <p> ] ; sh:minCount 1 ]", "backwards"),
    ("sh:targetNode <n> ; sh:property [ sh:path <p> ; sh:minCount 1 ]", "sh:targetNode"),
    ("sh:targetClass <C> ; sh:sparql [ sh:select \"SELECT $this WHERE { }\" ]", "SPARQL"),
])
def test_shapes_that_look_beyond_a_part_are_validated_whole(shape, reason):
    shapes = Graph().parse(data=f"@prefix sh: <http://www.w3.org/ns/shacl#> .\n@base <{EX}> .\n"
                                f"<S> a sh:NodeShape ; {shape} .", format="turtle")
    assert any(reason in text for text in shards.blockers(shapes))


def test_the_project_shapes_can_be_split(shapes):
    assert shards.blockers(shapes) == []


def test_small_data_and_triple_terms_are_not_split():
    text, lines = linked_text(40)
    assert shards.plan(text, lines, 1000) is None
    term = f"<{EX}a> <{EX}says> <<( <{EX}b> <{EX}c> <{EX}d> )>> .\n".encode()
    assert shards.plan(text + term, lines + 1, 10) is None


def test_merged_report_keeps_each_result_once_and_does_not_conform_if_one_part_does_not():
    shapes = Graph().parse(data=TARGETS_OBJECTS, format="turtle")
    bad = f"<{EX}x> <{EX}about> <{EX}y> .\n".encode()
    good = f"<{EX}x> <{EX}about> <{EX}z> .\n<{EX}z> <{EX}name> \"z\" .\n".encode()
    merged = shards.merge_reports([turbo_report(t, shapes) for t in (bad, bad, good)])
    assert len(found(merged, shapes)) == 1 and f"{EX}y" in next(iter(found(merged, shapes)))[0]
    assert [o.toPython() for o in merged.objects(None, SH.conforms)] == [False]
    assert len(list(merged.subjects(None, SH.ValidationResult))) == 1


def test_data_that_is_all_shared_is_not_split():
    """Classes only: every subject is shared, no part would hold anything of its own."""
    lines = [f"<{EX}C{i}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{EX}D> ." for i in range(30)]
    assert shards.plan(("\n".join(lines) + "\n").encode(), len(lines), 10) is None


NAMED = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<{EX}NamedShape> a sh:NodeShape ; sh:targetSubjectsOf <{EX}kind> ;
    sh:property [ sh:path <{EX}name> ; sh:minCount 1 ] .
"""


def test_blank_nodes_of_different_parts_stay_apart():
    """Forty blank nodes, each a fault, spread over parts: forty findings, as in the whole (the engine keeps
    the text's labels; were it to number them per part, two parts' nodes would merge here)."""
    shapes = Graph().parse(data=NAMED, format="turtle")
    lines = [f'_:node{i} <{EX}kind> "k{i}" .' for i in range(40)]
    whole, parts, count = whole_and_parts(("\n".join(lines) + "\n").encode(), len(lines), shapes, 10)
    assert count >= 4 and len(whole) == 40 and parts == whole


def test_merged_report_keeps_what_it_says_about_an_anonymous_shape():
    shapes = Graph().parse(data=NAMED, format="turtle")
    text = f'_:a <{EX}kind> "k" .\n'.encode()
    merged = shards.merge_reports([turbo_report(text, shapes), turbo_report(text, shapes)])
    shape = next(merged.objects(None, SH.sourceShape))
    assert (shape, SH.minCount, None) in merged and len(list(merged.subjects(None, SH.ValidationResult))) == 1
