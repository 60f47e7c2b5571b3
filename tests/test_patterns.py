"""Statement patterns: what a column holds follows from the schema; a faulty pattern names its file."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.generate import load_schema
from myoclonus_ontology.model import subclasses
from myoclonus_ontology.namespaces import MYO, Term
from myoclonus_ontology.patterns import ENTITY, FLAG, QUALIFIER, load_patterns

from .conftest import edit


def test_column_kinds_come_from_the_schema(project):
    schema = load_schema(project)
    symptom = next(p for p in load_patterns(project, schema) if p.name == "symptom")
    kinds = {c.name: (c.kind, c.multiple) for c in symptom.columns}
    assert kinds["condition"] == (ENTITY, False)          # about condition is functional
    assert kinds["characteristic"] == (FLAG, False)
    assert kinds["frequency"] == (QUALIFIER, False)
    frequency = next(c for c in symptom.columns if c.name == "frequency")
    assert frequency.values["generally"] == MYO["0000308"]
    research = next(p for p in load_patterns(project, schema) if p.name == "research")
    assert next(c for c in research.columns if c.name == "topics").multiple
    assert symptom.header[:3] == ["id", "condition", "condition label"]
    assert symptom.header[-5:] == ["page", "quote", "occurrence", "note", "curator added"]


def test_every_statement_property_has_a_column(project):
    """A property added to statements in the schema must reach a pattern, or no curator can use it."""
    schema = load_schema(project)
    statement_classes = subclasses(schema, Term.STATEMENT)
    used = {c.property for p in load_patterns(project, schema) for c in p.columns}
    retired = set(schema.subjects(OWL.deprecated, Literal(True)))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in schema.subjects(RDF.type, kind):
            if schema.value(prop, RDFS.domain) in statement_classes and prop not in retired:
                assert prop in used, schema.value(prop, RDFS.label)


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("symptom.toml", 'property_label = "about condition"', 'property_label = "about the condition"',
     "property_label 'about the condition' is not the label of MYO:0000100, which is 'about condition'"),
    ("symptom.toml", 'property = "MYO:0000100"', 'property = "MYO:0000199"', "property 'MYO:0000199' is not a term"),
    ("symptom.toml", 'class_label = "symptom statement"', 'class_label = "symptom"', "class_label 'symptom' is not"),
    ("symptom.toml", "{condition} {~have} {symptom} as a symptom", "{disease} {~have} {symptom} as a symptom",
     "names unknown columns ['disease']"),
    ("symptom.toml", "{condition} {~have} {symptom} as a symptom", "{condition} has {symptom}",
     "exactly one verb group"),
    ("effect.toml", 'property = "MYO:0000152"\nproperty_label = "has effect"',
     'property = "MYO:0000250"\nproperty_label = "source quote"', "neither an object property nor a boolean"),
    ("symptom.toml", 'name = "frequency"', 'name = "characteristic"', "two columns are named 'characteristic'"),
    ("symptom.toml", 'class = "MYO:0000031"', 'class = "MYO:0000031', "not valid TOML"),
    ("symptom.toml", 'name = "frequency"\nproperty = "MYO:0000116"',
     'name = "frequency"\ndefault = false\nproperty = "MYO:0000116"', "only a flag takes a default"),
])
@pytest.mark.slow
def test_a_faulty_pattern_is_named_by_its_file(tables, file, old, new, message):
    edit(tables.ontology / "patterns" / file, old, new)
    with pytest.raises(UnusableInputError) as err:
        load_patterns(tables, load_schema(tables))
    assert any(p.file == f"ontology/patterns/{file}" and message in p.message for p in err.value.problems), \
        err.value.problems
