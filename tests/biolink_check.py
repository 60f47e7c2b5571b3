"""Check KGX nodes and edges against the Biolink Model release shipped in the `biolink-model` package
(a test helper: the tests check the release's KGX with it).

Two of the package's own artifacts do the checking (test extra; both load in a few seconds, once):
* the generated pydantic model validates each node and edge as an instance of its category (required
  slots, enumerations such as knowledge_level, categories, no unknown slot) once the `myo_` extension
  properties are set aside;
* the LinkML schema, through linkml-runtime's SchemaView, says whether each predicate, class and slot
  exists and is current, whether a predicate is canonical, and whether the predicate's domain and range and
  the association's subject and object ranges admit the categories of the nodes it joins.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from myoclonus_ontology.errors import Problem
from myoclonus_ontology.exchange.kgx import EXTENSION_PREFIX

CORE = {"id", "category", "subject", "predicate", "object"}


@cache
def schema_view() -> object:
    from linkml_runtime.utils.schemaview import SchemaView

    return SchemaView(str(files("biolink_model") / "schema" / "biolink_model.yaml"))


@cache
def pydantic_model() -> object:
    from biolink_model.datamodel import pydanticmodel_v2

    return pydanticmodel_v2


def version() -> str:
    return str(schema_view().schema.version)


def _element(curie: str) -> str:
    """biolink:DiseaseToPhenotypicFeatureAssociation → 'disease to phenotypic feature association'."""
    local = curie.split(":", 1)[1]
    return local.replace("_", " ") if "_" in local or local.islower() else re.sub(
        r"(?<!^)(?=[A-Z])", " ", local).lower()


@cache
def _ancestors(category: str) -> frozenset[str]:
    sv = schema_view()
    name = _element(category)
    return frozenset(sv.class_ancestors(name)) if sv.get_class(name) else frozenset()


@cache
def _ends(association: str) -> dict[str, str | None]:
    """The ranges of an association class's subject and object slots."""
    return {s.name: s.range for s in schema_view().class_induced_slots(association) if s.name in ("subject", "object")}


def _fits(categories: list[str], wanted: str | None) -> bool:
    return wanted is None or any(wanted in _ancestors(c) for c in categories)


def _validate(record: dict, where: str) -> list[Problem]:
    """Validate one node or edge with the pydantic class of its (first) category."""
    model = pydantic_model()
    category = record.get("category", ["biolink:NamedThing"])[0]
    cls = getattr(model, category.split(":", 1)[1], None)
    if cls is None:
        return [Problem(f"{category} is not a Biolink class", node=where, check="biolink")]
    core = {k: v for k, v in record.items() if not k.startswith(EXTENSION_PREFIX)}
    try:
        cls(**core)
    except Exception as err:  # pydantic.ValidationError: one line per fault
        lines = [line.strip() for line in str(err).splitlines()[1:] if line.strip() and "For further" not in line]
        return [Problem(f"not a valid {category}: {'; '.join(lines)}", node=where, check="biolink")]
    return []


def _current(kind: str, name: str, where: str) -> list[Problem]:
    sv = schema_view()
    element = sv.get_slot(name) if kind == "slot" else sv.get_class(name)
    if element is None:
        return [Problem(f"the Biolink {kind} '{name}' does not exist", node=where, check="biolink")]
    if element.deprecated:
        return [Problem(f"the Biolink {kind} '{name}' is deprecated", node=where, check="biolink")]
    return []


def check_kgx(nodes: list[dict], edges: list[dict]) -> list[Problem]:
    """Every fault of the nodes and edges against the Biolink Model release (empty when they conform)."""
    sv = schema_view()
    problems: list[Problem] = []
    categories = {n["id"]: n.get("category", []) for n in nodes}
    for node in nodes:
        problems += _validate(node, node["id"])
        problems += [p for c in node.get("category", []) for p in _current("class", _element(c), node["id"])]
    for edge in edges:
        where = edge.get("id", "?")
        problems += _validate(edge, where)
        for key in set(edge) - CORE:
            if not key.startswith(EXTENSION_PREFIX):
                problems += _current("slot", key.replace("_", " "), where)
        association = _element(edge["category"][0])
        problems += _current("class", association, where)
        predicate = _element(edge["predicate"])
        found = _current("slot", predicate, where)
        problems += found
        if found:
            continue
        slot = sv.get_slot(predicate)
        if "related to" not in sv.slot_ancestors(predicate):
            problems.append(Problem(f"{edge['predicate']} is not a predicate (not under related_to)", node=where,
                                    check="biolink"))
        if not slot.annotations.get("canonical_predicate"):
            problems.append(Problem(f"{edge['predicate']} is not a canonical predicate", node=where, check="biolink"))
        induced = _ends(association)
        for side, wanted in (("subject", slot.domain), ("object", slot.range), ("subject", induced.get("subject")),
                             ("object", induced.get("object"))):
            if edge[side] not in categories:
                problems.append(Problem(f"{side} {edge[side]} is not a node", node=where, check="biolink"))
            elif not _fits(categories[edge[side]], wanted):
                problems.append(Problem(f"{side} {edge[side]} ({', '.join(categories[edge[side]])}) is not a "
                                        f"{wanted}, as {edge['predicate']} / {edge['category'][0]} require",
                                        node=where, check="biolink"))
    return problems
