"""The release against the previous one: every change has its reason; no released IRI is lost."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDFS

from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.namespaces import BASE, MYO, TERM_REPLACED_BY
from myoclonus_ontology.release_diff import (
    NEW_TERM,
    LogEntry,
    StableGraph,
    check_terms,
    diff,
    load_log,
    previous_release,
    release_diff,
    report_tsv,
)
from myoclonus_ontology.tables import TableRow


@pytest.fixture(scope="module")
def previous(project) -> Graph:
    return parse_file(previous_release(project), project)


@pytest.fixture(scope="module")
def base(fresh_build) -> Graph:
    return parse_file(fresh_build / "myo-base.nt")


def test_every_change_since_the_previous_release_has_its_reason(project, base):
    changes, problems = release_diff(project, base)
    assert problems == []
    assert changes and all(c.reason for c in changes)
    reasons = {c.reason for c in changes}
    assert NEW_TERM in reasons and len(reasons) > 20


def test_every_released_iri_is_present_or_deprecated_with_a_replacement(previous, base):
    assert check_terms(previous, base) == []
    ours = {s for s in previous.subjects() if str(s).startswith(BASE + "MYO_")}
    assert len(ours) > 250
    for node in ours:
        assert (node, None, None) in base
        if (node, OWL.deprecated, Literal(True)) in base:
            assert (node, TERM_REPLACED_BY, None) in base


def test_the_named_fixes_are_in_the_diff(project, base):
    changes, _ = release_diff(project, base)
    by_term = {(str(c.anchor).rsplit("_", 1)[-1], c.predicate, c.change) for c in changes}
    assert ("0002023", "MYO:0000207", "added") in by_term           # "not fatal": a negated claim
    assert ("0001117", "owl:deprecated", "added") in by_term         # "non-fatal course" deprecated
    assert ("0002062", "MYO:0000144", "removed") in by_term          # distort / limit no longer one claim
    assert ("0002076", "MYO:0000142", "added") in by_term            # sleep starts: a simple form


def test_a_lost_term_and_a_deprecation_without_replacement_are_caught(previous, base):
    current = base + Graph()
    current.remove((MYO["0001037"], None, None))                     # lethargy gone
    current.remove((MYO["0001117"], TERM_REPLACED_BY, None))          # deprecated, replaced by nothing
    problems = {p.node: p.message for p in check_terms(previous, current)}
    assert "was released but is gone" in problems["MYO:0001037"]
    assert "deprecated without a replacement" in problems["MYO:0001117"]


def test_an_unexplained_change_and_an_idle_log_row_are_caught(project, previous, base):
    idle = TableRow("releases/changes.tsv", 99, {"subject": "MYO:0001090", "predicate": "rdfs:comment",
                                                 "reason": "NINDS got a comment"})
    log = [*load_log(project), LogEntry(idle, "MYO:0001090", "rdfs:comment")]
    current = base + Graph()
    current.set((MYO["0001037"], RDFS.label, Literal("sluggishness", lang="en")))   # a change nobody logged
    changes, problems = diff(previous, current, log)
    unexplained = [p for p in problems if p.node == "MYO:0001037"]
    assert len(unexplained) == 2 and all("without a reason in releases/changes.tsv" in p.message for p in unexplained)
    assert [(p.file, p.line) for p in problems if "explains no change" in p.message] == [("releases/changes.tsv", 99)]
    assert {c.change for c in changes if c.reason is None} == {"added", "removed"}


def test_blank_nodes_are_compared_by_structure(project, previous):
    """The same lists and axioms parsed twice get the same names, whatever their blank node labels."""
    fresh: dict[BNode, BNode] = {}
    relabel = lambda n: fresh.setdefault(n, BNode()) if isinstance(n, BNode) else n  # noqa: E731
    again = Graph()
    for s, p, o in previous:
        again.add((relabel(s), p, relabel(o)))
    assert set(previous.subjects()) != set(again.subjects())
    assert StableGraph(previous).triples.keys() == StableGraph(again).triples.keys()


def test_the_report_lists_every_change_with_its_reason(project, base):
    changes, _ = release_diff(project, base)
    lines = report_tsv(changes, base).splitlines()
    assert lines[0].split("\t") == ["change", "term", "term label", "subject", "predicate", "object", "reason"]
    assert len(lines) == len(changes) + 1
    assert all(line.count("\t") == 6 and line.split("\t")[-1] for line in lines[1:])
