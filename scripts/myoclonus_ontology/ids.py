"""IRI allocation: the one place new IDs come from. IDs are opaque (MYO_ + 7 digits); the ranges below
only keep allocation orderly.

A released IRI never changes and is never reused: the numbers in use are those of the schema, of every row
of the curated tables (read as plain text, so a half-finished table still counts) and of every release
kept in releases/.
"""

from __future__ import annotations

import re

from .errors import BuildError, Problem
from .generate import table_files
from .project import Project
from .release_diff import RELEASES

RANGES: dict[str, tuple[int, int]] = {
    "class": (1, 99),
    "object-property": (100, 199),
    "data-property": (200, 249),
    "annotation-property": (250, 299),
    "qualifier": (300, 999),
    "entity": (1000, 1999),
    "statement": (2000, 9999),
}
NUMBER = re.compile(r"(?:MYO:|myoclonus-ontology/MYO_)(\d{7})\b")


def used_numbers(project: Project) -> set[int]:
    """Every MYO number written in the schema, the tables or a kept release."""
    files = [*project.ontology_files(), *table_files(project), *(project.root / RELEASES).glob("*/*.nt")]
    return {int(n) for path in files if path.is_file() for n in NUMBER.findall(path.read_text(encoding="utf-8"))}


def next_free_ids(project: Project, kind: str, count: int = 1) -> list[str]:
    """The `count` CURIEs after the highest one used in the kind's range."""
    low, high = RANGES[kind]
    taken = [n for n in used_numbers(project) if low <= n <= high]
    first = max(taken) + 1 if taken else low
    if count < 1 or first + count - 1 > high:
        raise BuildError("new-id", [Problem(f"the {kind} range {low}-{high} has no {count} free IDs after "
                                            f"MYO:{first - 1:07d}")])
    return [f"MYO:{n:07d}" for n in range(first, first + count)]
