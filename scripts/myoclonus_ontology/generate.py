"""The generator: the curated tables (and the page manifest) as the ontology component, in RDF.

Inputs: ontology/entities.tsv, ontology/statements/<pattern>.tsv (patterns in ontology/patterns/),
ontology/entity-links.tsv and sources/sources.toml. Output: a graph that the build merges with the
hand-edited schema (ontology/myo-edit.ttl), and its Turtle (ontology/generated/myo-tables.ttl), which is
committed for review and checked to be current. Every fault names its table, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from . import serialize
from .errors import BuildError, Problem
from .graph_io import bind_prefixes, parse_files
from .labels import Clause, join, render
from .namespaces import DEFINITION, EDITOR_NOTE, OBOINOWL, TERM_REPLACED_BY, Term
from .patterns import ENTITY, FLAG, QUALIFIER, Column, Pattern, load_patterns
from .prefixes import expand
from .project import Project
from .release import ontology_node
from .source import Page, SourceText, load_source
from .tables import TableRow, read_table
from .textfiles import write_atomically

COMPONENT = Path("generated") / "myo-tables.ttl"
ENTITIES = "entities.tsv"
LINKS = "entity-links.tsv"
ENTITY_COLUMNS = ["id", "kind", "label", "definition", "source definition", "synonyms", "page", "quote",
                  "occurrence", "note", "curator added", "deprecated", "replaced by", "replaced by label"]
LINK_COLUMNS = ["subject", "subject label", "property", "property label", "object", "object label", "note"]
OPAQUE_ID = re.compile(r"^MYO:\d{7}$")
QUOTE_REFERENCE = re.compile(r"^same as (\S+)$")
OBSOLETE = "obsolete "
HEADER = """# GENERATED FILE: do not edit. `myo generate` writes it from the curated tables
#   ontology/entities.tsv, ontology/statements/*.tsv (patterns: ontology/patterns/*.toml),
#   ontology/entity-links.tsv and the page manifest sources/sources.toml.
# Edit those and run `myo generate` (or `make build`); `myo check`, the build and the tests fail when this
# file differs from what the tables generate.
"""


@dataclass(frozen=True)
class Quote:
    """A row's quote, found on its page."""

    page: Page
    text: str
    start: int


class Generator:
    """One pass over the tables: collects every fault before giving up, so a curator sees them all."""

    def __init__(self, project: Project, schema: Graph, source: SourceText) -> None:
        self.project, self.schema, self.source = project, schema, source
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.problems: list[Problem] = []
        self.rows: dict[URIRef, TableRow] = {}
        self.labels: dict[URIRef, str] = {}
        self.deprecated: set[URIRef] = set()
        self.kinds = self._entity_kinds()

    # ---------------------------------------------------------------------------------------- helpers
    def add(self, *triples: tuple) -> None:
        for triple in triples:
            self.graph.add(triple)

    def fault(self, row: TableRow, column: str | None, message: str) -> None:
        self.problems.append(row.problem(column, message))

    def _entity_kinds(self) -> dict[str, URIRef]:
        """The classes below 'domain entity', by label: what the entities table's kind column may name."""
        classes = self.schema.transitive_subjects(RDFS.subClassOf, Term.DOMAIN_ENTITY)
        return {str(self.schema.value(c, RDFS.label)): c for c in classes
                if isinstance(c, URIRef) and c != Term.DOMAIN_ENTITY and self.schema.value(c, RDFS.label)}

    def identify(self, row: TableRow, column: str = "id") -> URIRef | None:
        """The row's ID as an IRI; a new ID comes from `myo new-id`, an ID is never written twice."""
        text = row.get(column)
        if not OPAQUE_ID.match(text):
            self.fault(row, column, f"'{text}' is not an ID of the form MYO:0000000 (take one with `myo new-id`)")
            return None
        node = expand(text)
        if node in self.rows:
            other = self.rows[node]
            self.fault(row, column, f"{text} is already the ID of {other.file}:{other.line}")
            return None
        self.rows[node] = row
        return node

    def flag(self, row: TableRow, column: str) -> bool | None:
        value = row.get(column)
        if value not in ("", "true", "false"):
            self.fault(row, column, f"'{value}' is not true, false or empty")
            return None
        return {"true": True, "false": False}.get(value)

    def referenced(self, row: TableRow, column: str, *, multiple: bool = True) -> list[tuple[URIRef, str]]:
        """Entity IDs of a column, each checked against the label written beside it (`COLUMN label`)."""
        ids, names = row.values(column), row.values(f"{column} label")
        if len(ids) != len(names):
            self.fault(row, f"{column} label", f"gives {len(names)} label(s) for {len(ids)} ID(s) in '{column}'")
            return []
        if len(ids) > 1 and not multiple:
            self.fault(row, column, "takes one value: its property is functional")
            return []
        found = []
        for text, name in zip(ids, names, strict=True):
            node = expand(text)
            if node is None or node not in self.labels:
                self.fault(row, column, f"{text} is not an entity of ontology/{ENTITIES}")
            elif node in self.deprecated:
                self.fault(row, column, f"{text} is deprecated; use the term that replaces it")
            elif self.labels[node] != name:
                self.fault(row, f"{column} label", f"'{name}' is not the label of {text}, which is "
                                                   f"'{self.labels[node]}'")
            else:
                found.append((node, name))
        return found

    def quote(self, row: TableRow) -> Quote | None:
        """The row's quote, located on its page: exactly once, or at the occurrence the row names."""
        page = self.source.page(row.get("page"))
        if page is None:
            known = ", ".join(p.id for p in self.source.pages)
            self.fault(row, "page", f"'{row.get('page')}' is not a page of sources/sources.toml ({known})")
            return None
        text, occurrence = row.get("quote"), row.get("occurrence")
        reference = QUOTE_REFERENCE.match(text)
        if reference:
            other = self.rows.get(expand(reference.group(1)))
            if other is None or QUOTE_REFERENCE.match(other.get("quote")) or not other.get("quote"):
                self.fault(row, "quote", f"'{text}': {reference.group(1)} is not a row with a quote of its own")
                return None
            if other.get("page") != page.id:
                self.fault(row, "quote", f"'{text}': that quote is on page '{other.get('page')}', not '{page.id}'")
                return None
            text, occurrence = other.get("quote"), other.get("occurrence")
        if not text:
            self.fault(row, "quote", "is empty: every claim and entity quotes its page (or is marked curator added)")
            return None
        starts = page.locate(text)
        if not starts:
            self.fault(row, "quote", f"{text[:70]!r} is not on page '{page.id}' verbatim")
            return None
        if not occurrence:
            if len(starts) > 1:
                self.fault(row, "quote", f"{text[:70]!r} occurs {len(starts)} times on page '{page.id}' (at "
                                         f"{', '.join(map(str, starts))}): give the occurrence (1-{len(starts)})")
                return None
            return Quote(page, text, starts[0])
        if not occurrence.isdigit() or not 1 <= int(occurrence) <= len(starts):
            self.fault(row, "occurrence", f"'{occurrence}' is not a number from 1 to {len(starts)}, the times "
                                          f"the quote occurs on page '{page.id}'")
            return None
        return Quote(page, text, starts[int(occurrence) - 1])

    def provenance(self, node: URIRef, row: TableRow) -> Quote | None:
        """The quote and its page, or the curator-added mark with its reason."""
        curator_added = self.flag(row, "curator added")
        note = row.get("note")
        if note:
            self.add((node, EDITOR_NOTE, Literal(note, lang="en")))
        if curator_added:
            if not note:
                self.fault(row, "note", "a curator-added row needs a note giving the reason")
            if row.get("quote") or row.get("page"):
                self.fault(row, "quote", "a curator-added row quotes no page")
            self.add((node, Term.CURATOR_ADDED, Literal(True)))
            return None
        found = self.quote(row)
        if found is not None:
            self.add((node, Term.SOURCE_QUOTE, Literal(found.text)),
                     (node, Term.QUOTE_START, Literal(found.start, datatype=XSD.nonNegativeInteger)),
                     (node, Term.QUOTE_END, Literal(found.start + len(found.text), datatype=XSD.nonNegativeInteger)),
                     (node, DCTERMS.source, URIRef(found.page.iri)))
        return found

    # ---------------------------------------------------------------------------------------- the parts
    def pages(self) -> None:
        """Every page of the manifest: a source page of the ontology, carrying its whole text."""
        ontology = ontology_node(self.schema)
        for page in self.source.pages:
            node = URIRef(page.iri)
            self.add((ontology, DCTERMS.source, node), (node, RDF.type, OWL.NamedIndividual),
                     (node, RDF.type, Term.SOURCE_PAGE), (node, RDFS.label, Literal(page.label, lang="en")),
                     (node, DCTERMS.title, Literal(page.title, lang="en")),
                     (node, DCTERMS.publisher, Literal(page.publisher)), (node, DCTERMS.rights, Literal(page.rights)),
                     (node, Term.PAGE_TEXT, Literal(page.text)))

    def register(self, entity_rows: list[TableRow], statement_rows: list[TableRow]) -> list[URIRef | None]:
        """First pass: every row's ID (so a quote may refer to any row) and every entity's label."""
        entity_ids = [self.identify(row) for row in entity_rows]
        for node, row in zip(entity_ids, entity_rows, strict=True):
            if node is not None:
                self.labels[node] = row.get("label")
                if self.flag(row, "deprecated"):
                    self.deprecated.add(node)
        return entity_ids + [self.identify(row) for row in statement_rows]

    def entity(self, node: URIRef, row: TableRow) -> None:
        label, definition = row.get("label"), row.get("definition")
        if not label or not definition:
            self.fault(row, "label" if not label else "definition", "is empty")
        said = Literal(definition, lang="en")
        self.add((node, RDF.type, OWL.NamedIndividual), (node, RDFS.label, Literal(label, lang="en")),
                 (node, DEFINITION, said), (node, SKOS.definition, said))
        for synonym in row.values("synonyms"):
            self.add((node, OBOINOWL.hasExactSynonym, Literal(synonym, lang="en")))
        if node in self.deprecated:
            self.obsolete(node, row)
            return
        cls = self.kinds.get(row.get("kind"))
        if cls is None:
            self.fault(row, "kind", f"'{row.get('kind')}' is not a kind of domain entity; the kinds are "
                                    f"{', '.join(sorted(self.kinds))}")
        else:
            self.add((node, RDF.type, cls))
        if row.get("replaced by"):
            self.fault(row, "replaced by", "only a deprecated row is replaced by another")
        found = self.provenance(node, row)
        if self.flag(row, "source definition") and found is not None \
                and _normalised(definition) not in _normalised(found.text):
            self.fault(row, "definition", "is marked 'source definition' but is not the text its quote gives")

    def obsolete(self, node: URIRef, row: TableRow) -> None:
        """A retired entity: kept with owl:deprecated, its replacement and the reason, but no kind or claim."""
        if not row.get("label").startswith(OBSOLETE):
            self.fault(row, "label", f"a deprecated entity's label starts with '{OBSOLETE}'")
        if row.get("kind") or row.get("quote"):
            self.fault(row, "kind" if row.get("kind") else "quote", "a deprecated entity has no kind and no quote")
        if not row.get("note"):
            self.fault(row, "note", "a deprecated entity needs a note saying why")
        self.add((node, OWL.deprecated, Literal(True)), (node, EDITOR_NOTE, Literal(row.get("note"), lang="en")))
        for replacement, _ in self.referenced(row, "replaced by", multiple=False):
            self.add((node, TERM_REPLACED_BY, replacement))

    def statement(self, pattern: Pattern, node: URIRef, row: TableRow) -> None:
        self.add((node, RDF.type, OWL.NamedIndividual), (node, RDF.type, pattern.cls))
        texts: dict[str, str | None] = {}
        qualifiers: dict[URIRef, URIRef] = {}
        for column in pattern.columns:
            for value in self.column_values(row, column):
                self.add((node, column.property, value))
                if isinstance(value, URIRef) and column.kind == QUALIFIER:
                    qualifiers[column.property] = value
            texts[column.name] = self.column_text(row, column)
        self.provenance(node, row)
        rule = next((r for r in pattern.labels if all(texts.get(w) for w in r.when)), None)
        if rule is None:
            needs = " or ".join("+".join(r.when) for r in pattern.labels)
            self.fault(row, None, f"fits no label template of pattern '{pattern.name}': fill {needs}")
            return
        frequency = qualifiers.get(Term.HAS_FREQUENCY)
        clause = Clause(hedged=qualifiers.get(Term.MODALITY) == Term.POSSIBLE,
                        negated=row.get(_column_of(pattern, Term.NEGATED)) == "true",
                        frequency=str(self.schema.value(frequency, RDFS.label)) if frequency is not None else None)
        self.add((node, RDFS.label, Literal(render(rule.tokens, texts, clause), lang="en")))

    def column_values(self, row: TableRow, column: Column) -> Iterable[object]:
        """The RDF values a column gives the statement; faults are recorded."""
        if column.kind == ENTITY:
            if column.required and not row.get(column.name):
                self.fault(row, column.name, "is required")
            return [node for node, _ in self.referenced(row, column.name, multiple=column.multiple)]
        text = row.get(column.name)
        if column.required and not text:
            self.fault(row, column.name, "is required")
        if column.kind == FLAG:
            value = self.flag(row, column.name) if text else column.default
            return [] if value is None else [Literal(value)]
        if not text:
            return []
        if text not in column.values:
            self.fault(row, column.name, f"'{text}' is not in its closed list: {', '.join(sorted(column.values))}")
            return []
        return [column.values[text]]

    @staticmethod
    def column_text(row: TableRow, column: Column) -> str | None:
        """What a filled column contributes to the label."""
        if column.kind == FLAG:
            return (column.phrase or column.name) if row.get(column.name) == "true" else None
        if column.kind == ENTITY:
            return join(row.values(f"{column.name} label"), column.join) or None
        return row.get(column.name) or None

    def links(self, rows: list[TableRow]) -> None:
        """Curator-added links between entities: the triple, and an owl:Axiom marking it with its reason."""
        for row in rows:
            found = [self.referenced(row, part, multiple=False) for part in ("subject", "object")]
            prop = expand(row.get("property"))
            label = self.schema.value(prop, RDFS.label) if prop is not None else None
            if label is None:
                self.fault(row, "property", f"'{row.get('property')}' is not a property of the schema")
            elif str(label) != row.get("property label"):
                self.fault(row, "property label", f"'{row.get('property label')}' is not the label of "
                                                  f"{row.get('property')}, which is '{label}'")
            if not row.get("note"):
                self.fault(row, "note", "a curator-added link needs a note giving the reason")
            if label is None or not all(found):
                continue
            (subject, _), (obj, _) = found[0][0], found[1][0]
            axiom, reason = BNode(), Literal(row.get("note"), lang="en")
            self.add((subject, prop, obj), (axiom, RDF.type, OWL.Axiom), (axiom, OWL.annotatedSource, subject),
                     (axiom, OWL.annotatedProperty, prop), (axiom, OWL.annotatedTarget, obj),
                     (axiom, Term.CURATOR_ADDED, Literal(True)), (axiom, EDITOR_NOTE, reason))


def _column_of(pattern: Pattern, prop: URIRef) -> str:
    return next((c.name for c in pattern.columns if c.property == prop), "")


def _normalised(text: str) -> str:
    """Lower case, without a final full stop or a leading article: for comparing a definition with its quote."""
    text = text.strip().rstrip(".").lower()
    return re.sub(r"^(a|an|the) ", "", text)


def generate(project: Project, schema: Graph, source: SourceText) -> Graph:
    """The component generated from the tables; BuildError (exit 1) lists every fault by table and row."""
    generator = Generator(project, schema, source)
    entity_rows = read_table(project, project.ontology / ENTITIES, ENTITY_COLUMNS)
    by_pattern = [(pattern, row) for pattern in load_patterns(project, schema)
                  for row in read_table(project, pattern.table(project), pattern.header)]
    nodes = generator.register(entity_rows, [row for _, row in by_pattern])
    generator.pages()
    for node, row in zip(nodes, entity_rows, strict=False):
        if node is not None:
            generator.entity(node, row)
    for node, (pattern, row) in zip(nodes[len(entity_rows):], by_pattern, strict=True):
        if node is not None:
            generator.statement(pattern, node, row)
    generator.links(read_table(project, project.ontology / LINKS, LINK_COLUMNS))
    if generator.problems:
        raise BuildError("generate", generator.problems)
    return generator.graph


def table_files(project: Project) -> list[Path]:
    """Every curated table that holds entities or statements (first column: their ID)."""
    return [project.ontology / ENTITIES, *sorted((project.ontology / "statements").glob("*.tsv"))]


def load_schema(project: Project) -> Graph:
    """The hand-edited schema: ontology/*.ttl."""
    return parse_files(project.ontology_files(), project)


def merged(schema: Graph, component: Graph) -> Graph:
    """The asserted ontology: the schema and the generated component, with the release's prefixes."""
    graph = schema + component
    bind_prefixes(graph)
    return graph


def load_ontology(project: Project, source: SourceText | None = None) -> Graph:
    """The asserted ontology: the hand-edited schema merged with what the tables generate."""
    schema = load_schema(project)
    return merged(schema, generate(project, schema, source or load_source(project)))


def component_turtle(component: Graph) -> bytes:
    """The generated component as deterministic Turtle, under a header that says it is generated."""
    return HEADER.encode("utf-8") + serialize.turtle(serialize.canonical_graph(component))


def component_path(project: Project) -> Path:
    return project.ontology / COMPONENT


def write_component(project: Project, component: Graph) -> Path:
    path = component_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, component_turtle(component))


def check_current(project: Project, component: Graph) -> list[Problem]:
    """The committed component must be exactly what the tables generate."""
    path = component_path(project)
    if path.is_file() and path.read_bytes() == component_turtle(component):
        return []
    state = "is missing" if not path.is_file() else "differs from what the tables generate"
    return [Problem(f"{state}: run `myo generate` and commit it", file=project.relative(path), check="generate")]

