"""Run the mutants through full validation and print, by family, how many were caught.

    myo mutate [--per-constraint N] [--sample N] [--jobs N]

A mutant is caught when validation (shapes and QC queries) reports a violation whose focus is the
mutated node. Families that produce no mutant are listed with the reason.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph

from .graph_io import parse_file
from .mutation import Mutant, all_mutants, sample
from .prefixes import curie
from .project import Project
from .validate import QcCheck, load_checks, load_shapes, validate

# Families the shapes could in principle produce but this ontology's data gives no target for.
EXPECTED_FAMILIES = {
    "shape:minCount", "shape:maxCount", "shape:class", "shape:dangling-iri", "shape:literal-for-iri",
    "shape:datatype", "shape:languageIn", "shape:in", "shape:hasValue", "shape:pattern", "shape:minLength",
    "shape:lessThan", "shape:disjoint", "shape:equals", "shape:not", "shape:nodeKind",
    "shape:or", "shape:qualifiedMinCount", "shape:not-pattern", "header",
}
SKIPPED_REASONS = {
    "shape:maxExclusive": "no shape uses sh:maxExclusive",
    "shape:maxInclusive": "no shape uses sh:maxInclusive: a quote's end is checked against its own page's text by "
                          "the QC query quote-outside-page",
    "shape:uniqueLang": "no shape uses sh:uniqueLang: a second English label is caught by maxCount instead",
    "shape:closed": "no shape is sh:closed: the ontology is meant to be extended with new properties",
}


@dataclass(frozen=True)
class Outcome:
    family: str
    caught: bool
    named: bool
    description: str
    target: str


_STATE: dict[str, object] = {}


def _init(base: Graph, full: Graph, shapes: Graph, checks: list[QcCheck], mutants: list[Mutant]) -> None:
    """Worker state, inherited by forked processes (mutants hold closures, which do not pickle)."""
    _STATE.update(base=base, full=full, shapes=shapes, checks=checks, mutants=mutants)


def _judge_index(index: int) -> Outcome:
    return judge(_STATE["mutants"][index])


def judge(mutant: Mutant) -> Outcome:
    """Validate one mutant with everything; caught if a violation names the mutated node."""
    with mutant.applied(_STATE[mutant.release]) as graph:
        report = validate(graph, _STATE["shapes"], _STATE["checks"], mutant.description)
    named = any(f.focus == curie(mutant.target) for f in report.findings)
    return Outcome(mutant.family, not report.conforms, named, mutant.description, curie(mutant.target))


def run(project: Project, per_constraint: int = 3, per_family: int | None = None, jobs: int = 2,
        seed: int = 0, family_slice: tuple[int, int] | None = None) -> list[Outcome]:
    """Validate the mutants; `family_slice` (k, n) keeps every n-th family from the k-th, for quick runs."""
    base = parse_file(project.build / "myo-base.nt", project)
    full = parse_file(project.build / "myo-full.nt", project)
    shapes, checks = load_shapes(project), load_checks(project)
    mutants = all_mutants(base, full, shapes, per_constraint)
    if per_family:
        mutants = sample(mutants, per_family, seed)
    if family_slice:
        families = sorted({m.family for m in mutants})[family_slice[0]::family_slice[1]]
        mutants = [m for m in mutants if m.family in families]
    _init(base, full, shapes, checks, mutants)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_judge_index, range(len(mutants)), chunksize=4)
    return [judge(m) for m in mutants]


def report(outcomes: list[Outcome]) -> str:
    totals, caught, named = Counter(), Counter(), Counter()
    for o in outcomes:
        totals[o.family] += 1
        caught[o.family] += o.caught
        named[o.family] += o.named
    lines = [f"{'family':<32}{'mutants':>8}{'caught':>8}{'named':>8}"]
    for family in sorted(totals):
        lines.append(f"{family:<32}{totals[family]:>8}{caught[family]:>8}{named[family]:>8}")
    all_total, all_caught, all_named = sum(totals.values()), sum(caught.values()), sum(named.values())
    lines.append(f"{'all':<32}{all_total:>8}{all_caught:>8}{all_named:>8}")
    lines.append(f"caught: {all_caught}/{all_total} = {100 * all_caught / max(all_total, 1):.1f}%; "
                 f"with the mutated node named: {all_named}/{all_total} = {100 * all_named / max(all_total, 1):.1f}%")
    missing = sorted(EXPECTED_FAMILIES - set(totals))
    for family in missing:
        lines.append(f"family {family} produced no mutant: no shape constraint of that kind has a target in the data")
    for family, reason in sorted(SKIPPED_REASONS.items()):
        lines.append(f"family {family} skipped: {reason}")
    escaped = [o for o in outcomes if not o.caught]
    for o in escaped:
        lines.append(f"ESCAPED {o.family}: {o.description} on {o.target}")
    return "\n".join(lines)


def main(project: Project, per_constraint: int, per_family: int | None, jobs: int) -> bool:
    started = time.perf_counter()
    outcomes = run(project, per_constraint, per_family, jobs)
    print(report(outcomes))
    print(f"({len(outcomes)} mutants validated in {time.perf_counter() - started:.0f}s with {jobs} process(es))")
    return all(o.caught for o in outcomes)
