"""Why the ontology is inconsistent, when no simple clash explains it: Pellet's explanation, placed in the sources.

owlready2 ships Pellet, whose `explain` command finds a minimal set of axioms that together are
inconsistent. Each axiom is reported with its entities by label and CURIE and the file and line of the
sources where it is written, so the user edits the right line (not a file of a previous release).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import owlready2
from rdflib import Graph, URIRef

from .errors import Problem
from .graph_io import NodeLocator, describe
from .prefixes import curie

EXPLAIN_SECONDS = 120
NARY = {"DifferentIndividuals", "SameIndividual", "DisjointClasses", "EquivalentClasses", "DisjointProperties"}
NUMBERED = re.compile(r"^(\d+\)\s+)")
WORD = re.compile(r"[A-Za-z_][\w.-]*")


def pellet_explanation(input_nt: Path) -> str:
    """The text of `pellet explain` on an N-Triples file ('' when Pellet fails or takes too long)."""
    from owlready2.reasoning import _PELLET_CLASSPATH

    command = [owlready2.JAVA_EXE, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", _PELLET_CLASSPATH,
               "pellet.Pellet", "explain", "--ignore-imports", str(input_nt)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=EXPLAIN_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return run.stdout if run.returncode == 0 else ""


def explanation_axioms(text: str) -> list[str]:
    """The axioms of Pellet's first explanation, each as one line."""
    _, found, body = text.partition("Explanation(s):")
    axioms: list[list[str]] = []
    indent = None
    for raw in body.splitlines() if found else []:
        numbered = NUMBERED.match(raw)
        if numbered and axioms:
            break  # only the first explanation
        line = " " * len(numbered.group(1)) + raw[numbered.end():] if numbered else raw
        if not line.strip():
            continue
        start = len(line) - len(line.lstrip())
        if indent is None or start <= indent:
            indent = start if indent is None else indent
            axioms.append([line.strip()])
        else:
            axioms[-1].append(line.strip())
    return [" ".join(parts) for parts in axioms]


def explain_inconsistency(graph: Graph, input_nt: Path, locator: NodeLocator | None) -> list[Problem]:
    """Each axiom of Pellet's explanation as a problem at its place in the sources."""
    by_local = _local_names(graph)
    problems = []
    for axiom in explanation_axioms(pellet_explanation(input_nt)):
        entities = [by_local[w] for w in WORD.findall(axiom) if w in by_local]
        shown = WORD.sub(lambda m: curie(by_local[m.group()]) if m.group() in by_local else m.group(), axiom)
        file, line = _place(axiom, entities, locator)
        named = "; ".join(describe(graph, e) for e in dict.fromkeys(entities))
        problems.append(Problem(f"axiom {shown}" + (f"  ({named})" if named else ""), file=file, line=line,
                                check="reasoner"))
    if problems:
        return [Problem("HermiT finds the ontology inconsistent; these axioms together cause it (Pellet's "
                        "explanation), each at the line that states it:", check="reasoner"), *problems]
    return [Problem("HermiT finds the ontology inconsistent, and neither a simple clash nor Pellet's explanation "
                    "names the axioms; the last change to ontology/*.ttl is the place to look", check="reasoner")]


def _local_names(graph: Graph) -> dict[str, URIRef]:
    """The local name Pellet prints (after the last / or #) → the IRI, where it is unambiguous."""
    names: dict[str, set[URIRef]] = {}
    for term in set(graph.subjects()) | set(graph.predicates()) | set(graph.objects()):
        if isinstance(term, URIRef):
            names.setdefault(re.split(r"[/#]", str(term))[-1], set()).add(term)
    return {name: next(iter(iris)) for name, iris in names.items() if len(iris) == 1 and name}


def _place(axiom: str, entities: list[URIRef], locator: NodeLocator | None) -> tuple[str | None, int | None]:
    """Where the axiom is written: the line listing all members of an n-ary axiom, else its subject's."""
    if locator is None or not entities:
        return None, None
    if axiom.split("(", 1)[0] in NARY and len(entities) > 1:
        file, line = locator.find_text(*(curie(e) for e in entities))
        if file is not None:
            return file, line
    return locator.find(entities[0])
