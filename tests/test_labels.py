"""Statement labels: rendered by rule from each pattern's template, grammatical by rule (not by a list)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from myoclonus_ontology.labels import Clause, base_form, join, parse_template, render, third_person, verb_group
from myoclonus_ontology.model import statements
from myoclonus_ontology.namespaces import MYO, SH, Term
from myoclonus_ontology.patterns import QUALIFIER, load_patterns
from myoclonus_ontology.validate import run_shacl

GRAMMAR_SHAPE = URIRef("https://w3id.org/myoclonus-ontology/shapes/StatementShape-labelGrammar")


@pytest.mark.parametrize(("clause", "plural", "expected"), [
    (Clause(), False, "has"),
    (Clause(hedged=True), False, "may have"),
    (Clause(negated=True), False, "does not have"),
    (Clause(hedged=True, negated=True), False, "may not have"),
    (Clause(frequency="commonly"), False, "commonly has"),
    (Clause(negated=True, frequency="generally"), False, "generally does not have"),
    (Clause(), True, "have"),
    (Clause(negated=True), True, "do not have"),
])
def test_the_verb_group_carries_hedge_negation_and_frequency(clause, plural, expected):
    assert verb_group("have", plural, clause) == expected


def test_be_takes_negation_and_frequency_after_it():
    assert verb_group("be seen", False, Clause(frequency="often")) == "is often seen"
    assert verb_group("be", False, Clause(negated=True, frequency="generally")) == "is generally not"
    assert verb_group("be treated", False, Clause(hedged=True)) == "may be treated"


def test_a_frequency_phrase_goes_to_the_front_and_articles_fit_the_next_word():
    tokens = parse_template("{form of} {~take} the form of {symptom}")
    values = {"form of": "myoclonic jerking", "symptom": "spreading myoclonus"}
    assert render(tokens, values, Clause(frequency="in some cases")) == \
        "in some cases, myoclonic jerking takes the form of spreading myoclonus"
    tokens = parse_template("{x} {~have} {a}{outcome}")
    assert render(tokens, {"x": "it", "outcome": "improvement"}, Clause()) == "it has an improvement"
    assert render(tokens, {"x": "it", "outcome": "recurrence"}, Clause()) == "it has a recurrence"


def test_optional_parts_appear_only_when_their_columns_are_filled():
    tokens = parse_template("{t} {~be} {a}{rank} treatment[, combinable with {with}]")
    assert render(tokens, {"t": "x", "rank": "alternative"}, Clause()) == "x is an alternative treatment"
    assert render(tokens, {"t": "x", "rank": "alternative", "with": "y"}, Clause()) == \
        "x is an alternative treatment, combinable with y"
    assert join(["a", "b", "c"]) == "a, b and c" and join(["brain", "nerves"], "or") == "brain or nerves"


def test_the_plural_filter_writes_the_last_word_in_the_plural():
    tokens = parse_template("{x} {~be} one of several symptoms of [a {variety} of ]{condition|plural}")
    values = {"x": "it", "variety": "wide variety", "condition": "neurological disorder"}
    assert render(tokens, values, Clause(frequency="most often")) == \
        "it is most often one of several symptoms of a wide variety of neurological disorders"
    assert render(tokens, {"x": "it", "condition": "injury"}, Clause()) == "it is one of several symptoms of injuries"


@pytest.mark.parametrize(("template", "error"), [
    ("{a} has {b}", "exactly one verb group"),
    ("{x} {~be} [{y}", "never closed"),
    ("{x} {~be} [[{y}]]", "cannot be nested"),
    ("{x} {~be} {y|shout}", "unknown filter"),
])
def test_a_malformed_template_says_what_is_wrong(template, error):
    with pytest.raises(ValueError, match=error):
        parse_template(template)


def test_qualifier_verbs_round_trip_between_base_and_third_person(project, asserted):
    """Every qualifier a template uses as its verb reads back to the same phrase ('develops in response to')."""
    verbs = 0
    for pattern in load_patterns(project, asserted):
        for rule in pattern.labels:
            for column in pattern.columns:
                if column.kind == QUALIFIER and f"{{~{column.name}}}" in rule.template:
                    for label in column.values:
                        verb = label.split(" ", 1)[0]
                        assert third_person(base_form(verb)) == verb, label
                        verbs += 1
    assert verbs >= 4


def test_every_statement_label_passes_the_grammar_rule(asserted, shapes):
    """The rule is the SHACL shape StatementShape-labelGrammar: one implementation, used by the build too."""
    rule = re.compile(str(shapes.value(GRAMMAR_SHAPE, SH.pattern)), re.I)
    labels = [str(asserted.value(s, RDFS.label)) for s in statements(asserted)]
    assert len(labels) >= 88 and all(rule.search(label) for label in labels)


def grammar_only(shapes: Graph) -> Graph:
    """The grammar shape alone, aimed at every statement."""
    graph = Graph()
    graph += shapes.triples((GRAMMAR_SHAPE, None, None))
    holder = URIRef("https://w3id.org/myoclonus-ontology/shapes/GrammarOnly")
    graph.add((holder, RDF.type, SH.NodeShape))
    graph.add((holder, SH.targetClass, Term.STATEMENT))
    graph.add((holder, SH.property, GRAMMAR_SHAPE))
    return graph


@pytest.mark.parametrize("bad", [
    "opsoclonus myoclonus may has symptom lethargy",       # one of the 16 labels of the previous release
    "opsoclonus myoclonus may treated with corticosteroid",  # another
    "hiccup does not causes difficulties",
    "myoclonus is is a movement disorder",
    "opsoclonus myoclonus may have a improvement of symptoms",
])
def test_the_grammar_shape_rejects_an_ungrammatical_label(shapes, asserted, bad):
    graph = asserted + Graph()
    graph.set((MYO["0002001"], RDFS.label, Literal(bad, lang="en")))
    findings, _ = run_shacl(graph, grammar_only(shapes))
    assert [f.focus for f in findings] == ["MYO:0002001"]
