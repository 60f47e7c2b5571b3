"""The generator: the tables are the one source of the statements and entities; every fault names table,
row and column; the committed component is what the tables generate."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDFS, SKOS

from myoclonus_ontology.errors import BuildError, UnusableInputError
from myoclonus_ontology.generate import check_current, component_turtle, generate, load_schema
from myoclonus_ontology.model import domain_entities, statements
from myoclonus_ontology.namespaces import DEFINITION, MYO, OBOINOWL, SOURCE, TERM_REPLACED_BY, Term
from myoclonus_ontology.source import load_source

from .conftest import edit

ENTITIES = "entities.tsv"


def generated(project):
    return generate(project, load_schema(project), load_source(project))


def faults_of(project) -> list:
    with pytest.raises(BuildError) as err:
        generated(project)
    return err.value.problems


def test_the_committed_component_is_what_the_tables_generate(project):
    assert check_current(project, generated(project)) == []


def test_a_stale_component_is_reported(tables):
    edit(tables.ontology / ENTITIES, "\tlethargy\tThe symptom the source names lethargy.",
         "\tlethargy\tThe symptom the source calls lethargy.")
    problems = check_current(tables, generated(tables))
    assert [p.file for p in problems] == ["ontology/generated/myo-tables.ttl"]
    assert "run `myo generate`" in problems[0].message


def test_no_statement_or_entity_is_written_in_turtle(project):
    """The hand-edited Turtle holds the schema only: no statement, no domain entity."""
    schema = load_schema(project)
    assert statements(schema) == set() and domain_entities(schema) == set()
    assert [p.name for p in project.ontology_files()] == ["myo-edit.ttl"]


def test_every_quote_is_at_its_offsets_on_its_page(asserted, source):
    checked = 0
    for node in statements(asserted) | domain_entities(asserted):
        page = source.page_by_iri(str(asserted.value(node, SOURCE)))
        start, end = int(asserted.value(node, Term.QUOTE_START)), int(asserted.value(node, Term.QUOTE_END))
        assert page.span(start, end) == str(asserted.value(node, Term.SOURCE_QUOTE)), node
        checked += 1
    assert checked > 170


def test_both_definition_properties_and_deprecation(asserted):
    for node in domain_entities(asserted):
        assert list(asserted.objects(node, DEFINITION)) == list(asserted.objects(node, SKOS.definition)), node
    old = MYO["0001117"]  # non-fatal course: the label carried a negation
    assert (old, OWL.deprecated, Literal(True)) in asserted
    assert asserted.value(old, TERM_REPLACED_BY) == MYO["0001125"]
    assert str(asserted.value(old, RDFS.label)).startswith("obsolete ")
    assert old not in domain_entities(asserted)


def test_every_record_states_negated_false_included(asserted):
    """Open world: a record without a value is neither affirmed nor denied, so the generator writes false for
    an empty cell; only the rows that say true are negated."""
    records = statements(asserted)
    values = {r: list(asserted.objects(r, Term.NEGATED)) for r in records}
    assert all(len(v) == 1 for v in values.values())
    assert {r for r, v in values.items() if v == [Literal(True)]} == {MYO[n] for n in (
        "0002023", "0002079", "0002080", "0002084")}


def test_one_concept_one_entity(asserted):
    """'nervous system disorder' is deprecated in favour of 'neurological disorder', whose synonym it is."""
    old, kept = MYO["0001022"], MYO["0001020"]
    assert (old, OWL.deprecated, Literal(True)) in asserted and asserted.value(old, TERM_REPLACED_BY) == kept
    assert Literal("nervous system disorder", lang="en") in set(asserted.objects(kept, OBOINOWL.hasExactSynonym))
    assert not list(asserted.subjects(None, old))


@pytest.mark.slow
def test_generation_is_byte_stable_across_processes(project):
    code = ("from myoclonus_ontology.generate import *; from myoclonus_ontology.project import Project; "
            "from myoclonus_ontology.source import load_source; import sys; p = Project.default(); "
            "sys.stdout.buffer.write(component_turtle(generate(p, load_schema(p), load_source(p))))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] == component_turtle(generated(project))


# (table, text to replace, replacement, ID of the row, column named, words of the message)
FAULTS = [
    ("statements/classification.tsv", "\tOpsoclonus myoclonus is a rare neurological disorder\t",
     "\tOpsoclonus myoclonus is a common neurological disorder\t", "MYO:0002001", "quote", "is not on page"),
    (ENTITIES, "\tmyoclonus\tnormal, healthy persons\t1\t", "\tmyoclonus\tnormal, healthy persons\t\t", "MYO:0001081",
     "quote", "occurs 2 times on page 'myoclonus' (at 384, 1643): give the occurrence"),
    (ENTITIES, "\tmyoclonus\tnormal, healthy persons\t1\t", "\tmyoclonus\tnormal, healthy persons\t3\t", "MYO:0001081",
     "occurrence", "'3' is not a number from 1 to 2"),
    ("statements/symptom.tsv", "MYO:0001037\tlethargy", "MYO:0001037\tlethargic", "MYO:0002009", "symptom label",
     "'lethargic' is not the label of MYO:0001037, which is 'lethargy'"),
    ("statements/symptom.tsv", "MYO:0001037\tlethargy", "MYO:0001999\tlethargy", "MYO:0002009", "symptom",
     "MYO:0001999 is not an entity of ontology/entities.tsv"),
    ("statements/prognosis.tsv", "MYO:0001125\tfatal outcome", "MYO:0001117\tobsolete non-fatal course",
     "MYO:0002023", "outcome", "MYO:0001117 is deprecated"),
    ("statements/prognosis.tsv", "\tgenerally\t\tasserted\t", "\tusually\t\tasserted\t", "MYO:0002023", "frequency",
     "'usually' is not in its closed list: commonly, generally, in some cases, most often, often, sometimes"),
    ("statements/prognosis.tsv", "\tasserted\ttrue\t", "\tasserted\tyes\t", "MYO:0002023", "negated",
     "'yes' is not true, false or empty"),
    ("statements/symptom.tsv", "MYO:0002009\t", "MYO:0002008\t", "MYO:0002008", "id",
     "MYO:0002008 is already the ID of ontology/statements/symptom.tsv"),
    ("statements/symptom.tsv", "MYO:0002009\t", "MYO:2009\t", None, "id", "is not an ID of the form MYO:0000000"),
    ("statements/symptom.tsv", "\tpossible\t\tmyoclonus\tsame as MYO:0002033", "\t\t\tmyoclonus\tsame as MYO:0002033",
     "MYO:0002034", "modality", "is required"),
    ("statements/symptom.tsv", "same as MYO:0002033", "same as MYO:0002999", "MYO:0002034", "quote",
     "MYO:0002999 is not a row with a quote of its own"),
    (ENTITIES, "MYO:0001037\tsymptom\t", "MYO:0001037\tsign\t", "MYO:0001037", "kind",
     "'sign' is not a kind of domain entity"),
    (ENTITIES, "A vague feeling of bodily discomfort.", "A vague feeling of discomfort.", "MYO:0001039", "definition",
     "is marked 'source definition' but is not the text its quote gives"),
    (ENTITIES, "\tobsolete non-fatal course\t", "\tnon-fatal course\t", "MYO:0001117", "label",
     "a deprecated entity's label starts with 'obsolete '"),
    ("statements/occurrence.tsv", "\tmyoclonic jerking\t\t\ttrue\t\t\t\t\tpossible\t",
     "\tmyoclonic jerking\t\t\t\t\t\t\t\tpossible\t",
     "MYO:0002048", None, "fits no label template of pattern 'occurrence': fill by itself or condition or population"),
]


@pytest.mark.parametrize(("table", "old", "new", "node", "column", "message"), FAULTS,
                         ids=[f"{f[0]}-{f[4]}-{i}" for i, f in enumerate(FAULTS)])
def test_a_faulty_row_is_named_by_table_row_and_column(tables, table, old, new, node, column, message):
    path = tables.ontology / table
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    edit(path, old, new)
    problems = faults_of(tables)
    where = [p for p in problems if p.file == f"ontology/{table}" and p.line == line]
    assert where, problems
    expected = f"column '{column}': " if column else ""
    assert any(p.message.startswith(expected) and message in p.message and (node is None or p.node == node)
               for p in where), where


def test_a_curator_added_entity_needs_a_reason_and_no_quote(tables):
    path = tables.ontology / ENTITIES
    row = "MYO:0001199\tsymptom\tcurated sign\tA sign a curator adds.\t\t\t\t\t\t\ttrue\t\t\t\n"
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    problems = faults_of(tables)
    assert [(p.node, p.message) for p in problems] == [
        ("MYO:0001199", "column 'note': a curator-added row needs a note giving the reason")]


def test_a_table_with_the_wrong_header_is_unusable_input(tables):
    edit(tables.ontology / "statements" / "symptom.tsv", "id\tcondition\t", "id\tdisease\t")
    with pytest.raises(UnusableInputError) as err:
        generated(tables)
    assert err.value.problems[0].file == "ontology/statements/symptom.tsv" and err.value.problems[0].line == 1


@pytest.mark.slow
def test_myo_generate_check_exits_1_when_stale(tables):
    edit(tables.ontology / ENTITIES, "The symptom the source names lethargy.", "The symptom the source calls lethargy.")
    command = [sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(tables.root), "generate"]
    stale = subprocess.run([*command, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "ontology/generated/myo-tables.ttl" in stale.stderr
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0
    assert subprocess.run([*command, "--check"], capture_output=True, text=True).returncode == 0
