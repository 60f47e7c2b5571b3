"""The documentation site: complete, offline, deterministic (browser checks are in test_docs_browser.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from rdflib.namespace import OWL, RDF

from myoclonus_ontology.build import rebuild_docs
from myoclonus_ontology.diagrams import disorders_with_facts
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.namespaces import is_ours
from myoclonus_ontology.queries import load_questions
from myoclonus_ontology.reference import make_reference, repoint_links, sort_set_members

REMOTE_RESOURCE = re.compile(r'<(?:script|img|link|iframe|object|embed|source|audio|video)\b[^>]*\b(?:src|href|data)='
                             r'"(?:https?:)?//', re.I)


@pytest.fixture(scope="module")
def docs(fresh_build):
    return fresh_build / "docs"


def pages(docs) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.html"))}


def test_every_class_and_property_is_in_the_reference(docs, releases):
    reference = (docs / "reference.html").read_text(encoding="utf-8")
    full = releases["full"]
    terms = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
             for t in full.subjects(RDF.type, kind) if is_ours(t)}
    missing = sorted(str(t) for t in terms if f"<code>{t}</code>" not in reference)
    assert missing == [] and len(terms) > 100


def test_site_has_every_page_the_issue_asks_for(docs, project, releases):
    names = set(pages(docs))
    assert {"index.html", "reference.html", "model.html", "source.html", "questions.html"} <= names
    for question in load_questions(project):
        assert f"{question.path.stem}.html" in names
    for disorder in disorders_with_facts(releases["full"]):
        local = str(disorder).rsplit("/", 1)[-1]
        assert f"disorder-{local}.html" in names and (docs / "diagrams" / f"{local}.svg").is_file()


def test_no_page_loads_anything_from_the_network(docs):
    offenders = {name: REMOTE_RESOURCE.findall(text) for name, text in pages(docs).items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_diagrams_are_svg(docs):
    for svg in (docs / "diagrams").glob("*.svg"):
        root = ET.fromstring(svg.read_bytes())
        assert root.tag.endswith("svg"), svg.name
        assert "href=\"http" not in svg.read_text(encoding="utf-8").replace('xlink:href="reference', "")


def test_source_page_highlights_every_statement_quote(docs, releases):
    source = (docs / "source.html").read_text(encoding="utf-8")
    assert source.count("<mark ") > 100
    first_choice = "MYO_0002051"
    assert f'id="{first_choice}"' in source and f'href="#{first_choice}"' in source


def test_question_page_shows_question_sparql_and_answer(docs):
    page = (docs / "cq02-first-choice-drug.html").read_text(encoding="utf-8")
    assert "What is the drug of first choice for myoclonus" in page
    assert "MYO:0000315" in page and "<td>clonazepam</td>" in page


def test_docs_alone_rebuild_gives_the_same_site(scratch, fresh_build):
    rebuild_docs(scratch)
    rebuilt = {p.relative_to(scratch.build / "docs"): p.read_bytes() for p in (scratch.build / "docs").rglob("*")
               if p.is_file()}
    fresh = {p.relative_to(fresh_build / "docs"): p.read_bytes() for p in (fresh_build / "docs").rglob("*")
             if p.is_file()}
    assert rebuilt == fresh


def test_reference_of_a_broken_file_is_a_build_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        make_reference(bad)
    assert "pyLODE could not document the release" in str(err.value)


def test_set_members_are_put_in_a_stable_order():
    cell = ("<td>\n      <span>\n        B\n      </span>\n      <span class=\"cardinality\">and</span>\n"
            "      <span>\n        A\n      </span>\n    </td>")
    assert sort_set_members(cell).index("A") < sort_set_members(cell).index("B")


def test_pages_escape_what_the_data_says():
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS

    from myoclonus_ontology.docs_site import disorders_page
    from myoclonus_ontology.namespaces import MYO, Term

    graph, disorder = Graph(), MYO["0009998"]
    graph.add((disorder, RDFS.label, Literal('<script>alert("x")</script> & co')))
    graph.add((MYO["0009997"], Term.ABOUT_CONDITION, disorder))
    page = disorders_page(graph, [disorder])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page


def test_reference_links_to_missing_anchors_are_repointed():
    page = ('<div id="namespaces"></div><a href="#MYO_0000003">disorder</a><a href="#MYO_0001001">oms</a>'
            '<a href="#MYO_">ns</a><a href="#elsewhere">x</a><p id="MYO_0000003"></p>')
    assert repoint_links(page) == (
        '<div id="namespaces"></div><a href="#MYO_0000003">disorder</a><a href="entities.html#MYO_0001001">oms</a>'
        '<a href="#namespaces">ns</a><a href="#elsewhere">x</a><p id="MYO_0000003"></p>')


def test_a_diagram_drawn_once_is_reused_and_a_changed_one_drawn_again(tmp_path, monkeypatch):
    from myoclonus_ontology import diagrams

    dots = {"a.svg": 'digraph { "MYO:1" -> "MYO:2" }', "b.svg": 'digraph { "MYO:3" }'}
    fresh = diagrams.render_svgs(dots)
    assert diagrams.render_svgs(dots, tmp_path) == fresh       # drawn, kept
    drawn = []
    real = diagrams.render_svg
    monkeypatch.setattr(diagrams, "render_svg", lambda dot: drawn.append(dot) or real(dot))
    assert diagrams.render_svgs(dots, tmp_path) == fresh and drawn == []
    changed = {**dots, "b.svg": 'digraph { "MYO:3" -> "MYO:4" }'}
    again = diagrams.render_svgs(changed, tmp_path)
    assert drawn == [changed["b.svg"]] and again["b.svg"] != fresh["b.svg"] and again["a.svg"] == fresh["a.svg"]


def test_a_diagram_dot_cannot_draw_is_a_build_error_and_is_not_kept(tmp_path):
    from myoclonus_ontology import diagrams

    with pytest.raises(BuildError, match="dot failed"):
        diagrams.render_svgs({"x.svg": "digraph { -> }"}, tmp_path)
    assert list(tmp_path.iterdir()) == []
