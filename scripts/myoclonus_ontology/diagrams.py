"""Diagrams as Graphviz DOT, rendered to SVG by `dot`: the model, and one per disorder.

The disorder diagrams are drawn from the statement records, so every edge carries the qualifiers the source
gives ("may", "first choice", "only if tumor present", "commonly").
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .claims import RecordTerm
from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem
from .model import instances_of
from .namespaces import MYO, Term, curie

GRAPHVIZ_HINT = "Graphviz's `dot` is needed to draw the diagrams: on Debian or Ubuntu, `apt-get install graphviz`."

# the model diagram: the core kinds, and the direct relations the reasoner derives between them
MODEL_CLASSES = ["0000001", "0000002", "0000003", "0000004", "0000009", "0000011", "0000012", "0000013",
                 "0000014", "0000015", "0000016", "0000017", "0000030", "0000065", "0000050"]
MODEL_RELATIONS = ["0000103", "0000106", "0000110", "0000132", "0000146", "0000123", "0000141",
                   "0000100", "0000102", "0000105", "0000108", "0000115", "0000117"]
KIND_STYLE = {  # class → (fill colour, shape)
    "0000003": ("#fde2e2", "box"), "0000002": ("#fde2e2", "box"), "0000009": ("#e2ecfd", "ellipse"),
    "0000011": ("#e3f5e1", "box"), "0000016": ("#fff3d6", "house"), "0000017": ("#f0e6fa", "ellipse"),
}


def render_svg(dot_source: str) -> bytes:
    """Run `dot -Tsvg`; a missing Graphviz is unusable set-up, reported with what to install."""
    if shutil.which("dot") is None:
        raise BuildError("docs", [Problem(GRAPHVIZ_HINT)], exit_code=EXIT_UNUSABLE_INPUT)
    run = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True)
    if run.returncode != 0:
        raise BuildError("docs", [Problem(f"dot failed: {run.stderr.decode()[:500]}")])
    return run.stdout


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
    classes = [MYO[n] for n in MODEL_CLASSES]
    for cls in classes:
        fill, shape = KIND_STYLE.get(str(cls)[-7:], ("#f4f4f4", "box"))
        lines.append(f'  {_node_id(cls)} [label={_quote(_label(graph, cls))}, shape={shape}, fillcolor="{fill}", '
                     f'URL={_quote("reference.html#" + str(cls).rsplit("/", 1)[-1])}];\n')
    for cls in classes:
        for parent in sorted(graph.objects(cls, RDFS.subClassOf)):
            if parent in classes:
                lines.append(f"  {_node_id(cls)} -> {_node_id(parent)} [style=dashed, arrowhead=empty];\n")
    for number in MODEL_RELATIONS:
        prop = MYO[number]
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
    for prop in ("0000115", "0000116", "0000112", "0000118", "0000150", "0000124", "0000159"):
        value = graph.value(statement, MYO[prop])
        if value is not None and not (prop == "0000115" and value == MYO["0000300"]):
            words.append(_label(graph, value))
    flags = {"0000206": "characteristic", "0000204": "may be required", "0000205": "focus", "0000200": "usable alone",
             "0000201": "without warning"}
    words += [text for prop, text in flags.items() if (statement, MYO[prop], None) in graph
              and graph.value(statement, MYO[prop]).toPython() is True]
    for when in graph.objects(statement, MYO["0000114"]):
        words.append(f"only if {_label(graph, when)} present")
    for other in graph.objects(statement, MYO["0000113"]):
        words.append(f"or with {_label(graph, other)}")
    for population in graph.objects(statement, MYO["0000117"]):
        words.append(f"in {_label(graph, population)}")
    return words


def disorders_with_facts(graph: Graph) -> list[URIRef]:
    """Disorders that some statement is about: the ones that get a page and a diagram."""
    disorders = instances_of(graph, MYO["0000003"])
    return sorted(d for d in disorders if isinstance(d, URIRef) and (None, MYO["0000100"], d) in graph)


def disorder_dot(graph: Graph, disorder: URIRef) -> str:
    """A disorder with its symptoms, treatments, associated conditions and research bodies, qualified."""
    title = _label(graph, disorder)
    lines = [HEADER.format(rankdir="LR", title=_quote(title + ": what the NINDS pages say"))]
    lines.append(f'  {_node_id(disorder)} [label={_quote(title)}, shape=box, fillcolor="#fde2e2", penwidth=2];\n')
    groups: dict[str, dict[Node, None]] = defaultdict(dict)
    edges: dict[tuple[Node, Node], list[str]] = defaultdict(list)
    roles = [("0000102", "symptoms"), ("0000108", "treatments"), ("0000105", "associated conditions")]
    for statement in sorted(graph.subjects(MYO["0000100"], disorder)):
        for prop, group in roles:
            for target in graph.objects(statement, MYO[prop]):
                groups[group][target] = None
                edges[(disorder, target)].append(", ".join(_qualifiers(graph, statement)))
        if (statement, RDF.type, RecordTerm.OCCURRENCE_STATEMENT) in graph:  # the sign's occurrence, drawn sign → it
            for sign in graph.objects(statement, RecordTerm.ABOUT_SYMPTOM):
                groups[OCCURRING][sign] = None
                words = ["one of several symptoms of", *_qualifiers(graph, statement)]
                edges[(sign, disorder)].append(", ".join(words))
    for statement in sorted(graph.subjects(MYO["0000131"], disorder)):       # research topic
        for body in graph.objects(statement, MYO["0000128"]):                # research agent
            groups["research bodies"][body] = None
            activity = graph.value(statement, MYO["0000130"])
            edges[(body, disorder)].append(_label(graph, activity) if activity else "")
    for category in graph.objects(disorder, MYO["0000123"]):                 # is a type of (inferred)
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
