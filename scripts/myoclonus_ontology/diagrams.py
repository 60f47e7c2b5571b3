"""Diagrams as Graphviz DOT, rendered to SVG by `dot`: the model, and one per disorder.

The disorder diagrams are drawn from the statement records, so every edge carries the qualifiers the source
gives ("may", "first choice", "only if tumor present", "commonly").
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .cache import Cache
from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem
from .model import instances_of
from .namespaces import Term, local_name
from .prefixes import curie

GRAPHVIZ_HINT = "Graphviz's `dot` is needed to draw the diagrams: on Debian or Ubuntu, `apt-get install graphviz`."

# the model diagram: the core kinds, and the direct relations the reasoner derives between them
MODEL_CLASSES = [Term.DOMAIN_ENTITY, Term.MEDICAL_CONDITION, Term.DISORDER, Term.ASSOCIATED_CONDITION, Term.SYMPTOM,
                 Term.TREATMENT, Term.DRUG, Term.DRUG_CLASS, Term.TREATMENT_MODALITY, Term.TREATMENT_APPROACH,
                 Term.RESEARCH_BODY, Term.POPULATION, Term.STATEMENT, Term.PLAIN_FACT_STATEMENT, Term.QUALIFIER_VALUE]
MODEL_RELATIONS = [Term.HAS_SYMPTOM, Term.HAS_ASSOCIATED_CONDITION, Term.HAS_TREATMENT, Term.RESEARCHES,
                   Term.HAS_DEFINING_SIGN, Term.IS_A_TYPE_OF, Term.IS_FORM_OF, Term.ABOUT_CONDITION,
                   Term.REPORTS_SYMPTOM, Term.REPORTS_ASSOCIATED_CONDITION, Term.REPORTS_TREATMENT, Term.MODALITY,
                   Term.IN_POPULATION]
KIND_STYLE = {  # class → (fill colour, shape)
    Term.DISORDER: ("#fde2e2", "box"), Term.MEDICAL_CONDITION: ("#fde2e2", "box"),
    Term.SYMPTOM: ("#e2ecfd", "ellipse"), Term.TREATMENT: ("#e3f5e1", "box"),
    Term.RESEARCH_BODY: ("#fff3d6", "house"), Term.POPULATION: ("#f0e6fa", "ellipse"),
}
# qualifiers shown on an edge by the label of their value (modality only when it is not 'asserted') ...
VALUE_QUALIFIERS = [Term.MODALITY, Term.HAS_FREQUENCY, Term.TREATMENT_RANK, Term.HAS_PROPORTION,
                    Term.HAS_ASSOCIATION_KIND, Term.HAS_PREVALENCE, Term.HAS_VARIETY]
# ... and the boolean ones by a word, when true
FLAGS = {Term.IS_CHARACTERISTIC: "characteristic", Term.IS_REQUIRED: "may be required",
         Term.IS_TREATMENT_FOCUS: "focus", Term.USABLE_ALONE: "usable alone", Term.WITHOUT_WARNING: "without warning"}


def render_svg(dot_source: str) -> bytes:
    """Run `dot -Tsvg`; a missing Graphviz is unusable set-up, reported with what to install."""
    _require_dot()
    run = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True)
    if run.returncode != 0:
        raise BuildError("docs", [Problem(f"dot failed: {run.stderr.decode()[:500]}")])
    return run.stdout


def render_svgs(dot_sources: dict[str, str], cache_folder: Path | None = None) -> dict[str, bytes]:
    """render_svg for each DOT text (by name); with `cache_folder`, an SVG already drawn from the same DOT
    text by the same Graphviz is reused (a claim's edit seldom changes a diagram: a build drew nine). The
    key does not hold the fonts: installing other fonts changes the layout of new drawings only, and
    `--no-cache` redraws everything."""
    if cache_folder is None:
        return {name: render_svg(dot) for name, dot in dot_sources.items()}
    _require_dot()
    cache, version = Cache(cache_folder, tools=(), modules=(__name__,)), graphviz_version()
    drawn = {}
    for name, dot in dot_sources.items():
        key = cache.key(version, dot)
        svg = cache.get(key)
        if svg is None:
            svg = render_svg(dot)
            cache.put(key, svg)
        drawn[name] = svg
    return drawn


def graphviz_version() -> str:
    """What `dot -V` says (part of every cached diagram's key)."""
    run = subprocess.run(["dot", "-V"], capture_output=True, text=True)
    return (run.stderr or run.stdout).strip()


def _require_dot() -> None:
    if shutil.which("dot") is None:
        raise BuildError("docs", [Problem(GRAPHVIZ_HINT)], exit_code=EXIT_UNUSABLE_INPUT)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_id(node: Node) -> str:
    return _quote(curie(node))


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else curie(node)


HEADER = ('digraph {{\n  graph [rankdir={rankdir}, fontname="DejaVu Sans", fontsize=11, bgcolor="white", '
          'label={title}, labelloc=t, nodesep=0.3, ranksep=0.6];\n'
          '  node [fontname="DejaVu Sans", fontsize=10, style=filled, fillcolor="#ffffff", color="#555555"];\n'
          '  edge [fontname="DejaVu Sans", fontsize=9, color="#555555"];\n')


def model_dot(graph: Graph) -> str:
    """The core classes (subclass edges dashed) and the relations between them."""
    lines = [HEADER.format(rankdir="LR", title=_quote("Myoclonus Ontology: main classes and relations"))]
    classes = MODEL_CLASSES
    for cls in classes:
        fill, shape = KIND_STYLE.get(cls, ("#f4f4f4", "box"))
        lines.append(f'  {_node_id(cls)} [label={_quote(_label(graph, cls))}, shape={shape}, fillcolor="{fill}", '
                     f'URL={_quote("reference.html#" + local_name(cls))}];\n')
    for cls in classes:
        for parent in sorted(graph.objects(cls, RDFS.subClassOf)):
            if parent in classes:
                lines.append(f"  {_node_id(cls)} -> {_node_id(parent)} [style=dashed, arrowhead=empty];\n")
    for prop in MODEL_RELATIONS:
        domain, rng = (_drawn(graph, graph.value(prop, p), classes) for p in (RDFS.domain, RDFS.range))
        if domain is not None and rng is not None:
            lines.append(f"  {_node_id(domain)} -> {_node_id(rng)} [label={_quote(_label(graph, prop))}];\n")
    lines.append("}\n")
    return "".join(lines)


def _drawn(graph: Graph, cls: Node | None, classes: list[URIRef]) -> Node | None:
    """The class itself if it is drawn, else its nearest drawn superclass."""
    if cls in classes or cls is None:
        return cls
    return next((c for c in graph.transitive_objects(cls, RDFS.subClassOf) if c in classes), None)


def _qualifiers(graph: Graph, statement: Node) -> list[str]:
    """The qualifiers of a statement, as short words for an edge label."""
    words = ["NOT"] if graph.value(statement, Term.NEGATED) == Literal(True) else []
    for prop in VALUE_QUALIFIERS:
        value = graph.value(statement, prop)
        if value is not None and not (prop == Term.MODALITY and value == Term.ASSERTED):
            words.append(_label(graph, value))
    words += [text for prop, text in FLAGS.items() if (statement, prop, None) in graph
              and graph.value(statement, prop).toPython() is True]
    for when in graph.objects(statement, Term.APPLICABLE_WHEN_PRESENT):
        words.append(f"only if {_label(graph, when)} present")
    for other in graph.objects(statement, Term.COMBINABLE_WITH):
        words.append(f"or with {_label(graph, other)}")
    for population in graph.objects(statement, Term.IN_POPULATION):
        words.append(f"in {_label(graph, population)}")
    return words


def disorders_with_facts(graph: Graph) -> list[URIRef]:
    """Disorders that some statement is about: the ones that get a page and a diagram."""
    disorders = instances_of(graph, Term.DISORDER)
    return sorted(d for d in disorders if isinstance(d, URIRef) and (None, Term.ABOUT_CONDITION, d) in graph)


def disorder_dot(graph: Graph, disorder: URIRef) -> str:
    """A disorder with its symptoms, treatments, associated conditions and research bodies, qualified."""
    title = _label(graph, disorder)
    lines = [HEADER.format(rankdir="LR", title=_quote(title + ": what the NINDS pages say"))]
    lines.append(f'  {_node_id(disorder)} [label={_quote(title)}, shape=box, fillcolor="#fde2e2", penwidth=2];\n')
    groups: dict[str, dict[Node, None]] = defaultdict(dict)
    edges: dict[tuple[Node, Node], list[str]] = defaultdict(list)
    roles = [(Term.REPORTS_SYMPTOM, "symptoms"), (Term.REPORTS_TREATMENT, "treatments"),
             (Term.REPORTS_ASSOCIATED_CONDITION, "associated conditions")]
    for statement in sorted(graph.subjects(Term.ABOUT_CONDITION, disorder)):
        for prop, group in roles:
            for target in graph.objects(statement, prop):
                groups[group][target] = None
                edges[(disorder, target)].append(", ".join(_qualifiers(graph, statement)))
        if (statement, RDF.type, Term.OCCURRENCE_STATEMENT) in graph:  # the sign's occurrence, drawn sign → it
            for sign in graph.objects(statement, Term.ABOUT_SYMPTOM):
                groups[OCCURRING][sign] = None
                words = ["one of several symptoms of", *_qualifiers(graph, statement)]
                edges[(sign, disorder)].append(", ".join(words))
    for statement in sorted(graph.subjects(Term.RESEARCH_TOPIC, disorder)):
        for body in graph.objects(statement, Term.RESEARCH_AGENT):
            groups["research bodies"][body] = None
            activity = graph.value(statement, Term.HAS_RESEARCH_ACTIVITY)
            edges[(body, disorder)].append(_label(graph, activity) if activity else "")
    for category in graph.objects(disorder, Term.IS_A_TYPE_OF):  # inferred
        groups["is a type of"][category] = None
        edges[(disorder, category)].append("")
    for index, group in enumerate(sorted(groups)):
        fill, shape = GROUP_STYLE[group]
        lines.append(f'  subgraph cluster_{index} {{ label={_quote(group)}; style=rounded; color="#bbbbbb";\n')
        for node in sorted(groups[group]):
            lines.append(f'    {_node_id(node)} [label={_quote(_label(graph, node))}, shape={shape}, '
                         f'fillcolor="{fill}"];\n')
        lines.append("  }\n")
    for (source, target), qualifiers in sorted(edges.items()):
        details = sorted({q for q in qualifiers if q})
        lines.append(f"  {_node_id(source)} -> {_node_id(target)} [label={_quote('; '.join(details))}];\n")
    lines.append("}\n")
    return "".join(lines)


OCCURRING = "signs that occur among its symptoms"
GROUP_STYLE = {
    "symptoms": ("#e2ecfd", "ellipse"), OCCURRING: ("#e2ecfd", "ellipse"), "treatments": ("#e3f5e1", "box"),
    "associated conditions": ("#fdf0e2", "box"), "research bodies": ("#fff3d6", "house"),
    "is a type of": ("#f4f4f4", "box"),
}
