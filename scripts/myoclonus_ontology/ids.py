"""IRI allocation. IDs are opaque (MYO_ + 7 digits); the ranges below only keep allocation orderly.

A released IRI never changes and is never reused: a retired term stays, marked owl:deprecated.
"""

from __future__ import annotations

import re

from .errors import BuildError, Problem
from .graph_io import load_ontology
from .namespaces import MYO
from .project import Project

RANGES: dict[str, tuple[int, int]] = {
    "class": (1, 99),
    "object-property": (100, 199),
    "data-property": (200, 249),
    "annotation-property": (250, 299),
    "qualifier": (300, 999),
    "entity": (1000, 1999),
    "statement": (2000, 9999),
}
LOCAL_ID = re.compile(r"^\d{7}$")


def used_numbers(project: Project) -> set[int]:
    """Every MYO number that appears anywhere in the sources, as subject or object."""
    graph = load_ontology(project)
    numbers = set()
    for node in set(graph.subjects()) | set(graph.objects()) | set(graph.predicates()):
        text = str(node)
        if text.startswith(str(MYO)) and LOCAL_ID.match(text[len(str(MYO)):]):
            numbers.add(int(text[len(str(MYO)):]))
    return numbers


def next_free_id(project: Project, kind: str) -> str:
    """The CURIE after the highest one used in the kind's range."""
    low, high = RANGES[kind]
    taken = [n for n in used_numbers(project) if low <= n <= high]
    number = max(taken) + 1 if taken else low
    if number > high:
        raise BuildError("new-id", [Problem(f"the {kind} range {low}-{high} is full")])
    return f"MYO:{number:07d}"
