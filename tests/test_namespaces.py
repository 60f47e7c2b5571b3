"""Named terms: an opaque ID is written once, in namespaces.Term, under its label; never as a literal elsewhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDFS

import myoclonus_ontology
from myoclonus_ontology.namespaces import Term

PACKAGE = Path(myoclonus_ontology.__file__).parent
VOCABULARY_MODULE = PACKAGE / "namespaces.py"
# Established short names whose words are not the label's.
NOT_THE_LABEL = {"MODALITY": "has modality", "TREATMENT_RANK": "has treatment rank", "MODALITY_CLASS": "modality"}
OPAQUE_ID = re.compile(r"(MYO[:_])?\d{7}|https://w3id\.org/myoclonus-ontology/MYO_\d{7}")


def opaque_id_literals(source: str, name: str) -> list[str]:
    """'file:line: text' for each opaque ID a module writes as a literal: MYO["0000100"], or a string that is
    nothing but an ID ("MYO:0000100", "0000100", the full IRI). IDs inside prose (help, messages) are fine."""
    found, inside = [], set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "MYO":
            found.append((node.lineno, ast.unparse(node)))
            inside.add(id(node.slice))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and OPAQUE_ID.fullmatch(node.value) \
                and id(node) not in inside:
            found.append((node.lineno, repr(node.value)))
    return [f"{name}:{line}: {text}" for line, text in sorted(found)]


def test_no_module_writes_an_opaque_id_outside_the_vocabulary_module():
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path != VOCABULARY_MODULE
             for hit in opaque_id_literals(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))]
    assert found == [], "use a name from namespaces.Term:\n" + "\n".join(found)


def test_the_check_names_each_literal_with_its_line():
    source = 'from x import MYO\nA = MYO["0000100"]\nB = "MYO:0000103"\nC = "0000115"\nD = "see MYO:0000103"\n'
    assert opaque_id_literals(source, "bad.py") == [
        "bad.py:2: MYO['0000100']", "bad.py:3: 'MYO:0000103'", "bad.py:4: '0000115'"]


def test_every_named_term_is_declared_and_named_by_its_label(asserted):
    names = {name: iri for name, iri in vars(Term).items() if name.isupper()}
    assert len(set(names.values())) == len(names), "an IRI has two names"
    wrong = []
    for name, iri in names.items():
        assert isinstance(iri, URIRef)
        label = asserted.value(iri, RDFS.label)
        if label is None:
            wrong.append(f"{name}: {iri} is not declared with a label")
            continue
        label = str(label).removeprefix("obsolete ") if (iri, OWL.deprecated, None) in asserted else str(label)
        if label != NOT_THE_LABEL.get(name, label) or (
                name not in NOT_THE_LABEL and re.sub(r"\W+", "_", label).upper() != name):
            wrong.append(f"{name}: its label is '{label}'")
    assert wrong == []
