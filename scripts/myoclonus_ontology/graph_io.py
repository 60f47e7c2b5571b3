"""Reading RDF files, with parse errors reported by file, line and column.

Files are parsed by pyoxigraph (precise error positions, strict Turtle) and handed to rdflib, whose graph
model pySHACL and the writers use. Conversions between the two term models live here and nowhere else.
Before anything recursive (rdflib's writers, RDF canonicalisation, pySHACL) sees a file, its nesting
depth and literal sizes are checked against limits.py (parse_limits.py does the checking).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .errors import Problem, UnusableInputError
from .parse_limits import LimitChecker, check_text_limits
from .prefixes import RELEASE_PREFIXES, curie, expand
from .project import Project
from .textfiles import check_encoding, read_bytes, read_text

RDF_LANG_STRING = str(RDF.langString)
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".owl": ox.RdfFormat.RDF_XML,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal, bnode_scope: str = "") -> Node:
    """A pyoxigraph term as an rdflib term (plain literals stay plain: xsd:string is implied)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(bnode_scope + term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9]", "", str(term)) or "b")
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_triples(graph: Graph) -> Sequence[ox.Triple]:
    """Every triple of an rdflib graph as a pyoxigraph triple (a canonical graph keeps them: serialize.py)."""
    kept = getattr(graph, "kept_oxigraph", None)
    if kept is not None:
        return kept
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]


def read_triples(path: Path, project: Project | None = None, scope: str = "") -> Iterator[ox.Quad]:
    """Stream the triples of one RDF file (format from its extension), blank nodes prefixed by `scope`.

    They come as pyoxigraph quads in the default graph, as its parser gives them (a store takes them as is).

    The parse limits are checked as the triples pass and at the end. Raises UnusableInputError naming the
    file, line and column when the file is missing, malformed or over a limit.
    """
    shown, fmt, raw = _readable(path, project)
    checker = LimitChecker(path, shown)
    with _parse_errors(shown):
        for triple in ox.parse(raw, format=fmt, base_iri=path.resolve().as_uri()):
            checker.feed(triple)
            if scope and (isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)):
                triple = ox.Quad(_scoped(triple.subject, scope), triple.predicate, _scoped(triple.object, scope))
            yield triple
    checker.finish()


def read_ntriples(path: Path, project: Project | None = None, rename_blank_nodes: bool = False) -> bytes:
    """One RDF file as N-Triples text, parsed and written by Oxigraph without a Python object per triple
    (at a million triples 2.8 s, where read_triples takes 10 s), the parse limits checked on the text.

    `rename_blank_nodes` gives its blank nodes fresh random labels, so that it merges with other files
    without a clash. Named graphs are refused (the data is one graph). Errors as read_triples.
    """
    shown, fmt, raw = _readable(path, project)
    with _parse_errors(shown):
        triples = ox.parse(raw, format=fmt, base_iri=path.resolve().as_uri(),
                           without_named_graphs=True, rename_blank_nodes=rename_blank_nodes)
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    check_text_limits(text, path, shown)
    return text


def _readable(path: Path, project: Project | None) -> tuple[str, ox.RdfFormat, bytes]:
    """The file's name as shown in messages, its format (from its extension) and its bytes: it must
    exist and, unless RDF/XML (which declares its own encoding), be UTF-8 throughout, comments included
    (Oxigraph lets a bad byte in a comment pass)."""
    shown = project.relative(path) if project else str(path)
    if not path.is_file():
        raise UnusableInputError("load", [Problem("file not found", file=shown)])
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise UnusableInputError("load", [Problem(f"unknown RDF file extension '{path.suffix}'", file=shown)])
    raw = read_bytes(path, shown)
    if fmt != ox.RdfFormat.RDF_XML:
        check_encoding(raw, shown)
    return shown, fmt, raw


@contextmanager
def _parse_errors(shown: str) -> Iterator[None]:
    """Parser and reading errors as UnusableInputError naming the file, line and column."""
    try:
        yield
    except SyntaxError as err:
        message = re.sub(r"\s*\([^()]*, line \d+\)$", "", str(err.msg))
        raise UnusableInputError("load", [Problem(message, file=shown, line=err.lineno, column=err.offset)]) from err
    except PermissionError as err:
        raise UnusableInputError("load", [Problem(f"cannot be read: {err.strerror}", file=shown)]) from err
    except (OSError, ValueError) as err:
        raise UnusableInputError("load", [Problem(str(err), file=shown)]) from err


def _scoped(term: ox.NamedNode | ox.BlankNode | ox.Literal, scope: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    return ox.BlankNode(scope + term.value) if isinstance(term, ox.BlankNode) else term


def parse_file(path: Path, project: Project | None = None, scope: str = "") -> Graph:
    """Parse one RDF file (format from its extension) into a new rdflib graph.

    Raises UnusableInputError naming the file, line and column when it is missing or malformed.
    """
    graph = Graph()
    for triple in read_triples(path, project, scope):
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    bind_prefixes(graph)
    return graph


def parse_files(paths: Iterable[Path], project: Project | None = None) -> Graph:
    """Parse several files into one graph; blank nodes are kept apart per file."""
    merged = Graph()
    bind_prefixes(merged)
    problems: list[Problem] = []
    for index, path in enumerate(paths):
        try:
            merged += parse_file(path, project, scope=f"f{index}x")
        except UnusableInputError as err:
            problems.extend(err.problems)
    if problems:
        raise UnusableInputError("load", problems)
    return merged


def load_ontology(project: Project) -> Graph:
    """The asserted ontology: the hand-edited schema and what the curated tables generate (see generate)."""
    from .generate import load_ontology as from_sources

    return from_sources(project)


def bind_prefixes(graph: Graph) -> None:
    for prefix, ns in RELEASE_PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def describe(graph: Graph, node: Node) -> str:
    """'label (CURIE)': how reports name a node."""
    label = graph.value(node, RDFS.label)
    return f"'{label}' ({curie(node)})" if label is not None else curie(node)


class NodeLocator:
    """Finds the file and line where a subject's description starts in Turtle files.

    Subject tokens are expanded with each file's own @prefix/PREFIX declarations, so user files with
    other prefixes are located as well as ours. In a curated table (.tsv) a row's ID, its first cell, is
    found at the row's line.
    """

    PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)

    def __init__(self, project: Project | None, files: Iterable[Path] | None = None) -> None:
        self.project = project
        self.files = None if files is None else list(files)
        self._index: dict[str, tuple[str, int]] | None = None
        self._lines: dict[str, list[str]] = {}

    @property
    def index(self) -> dict[str, tuple[str, int]]:
        """Subject IRI → (file, line): the files are read at the first look-up (validation of data that
        conforms never needs it: 1.6 s saved at a million triples)."""
        if self._index is None:
            index: dict[str, tuple[str, int]] = {}  # filled, then published whole: a second thread never
            files = self.files                      # sees it half made
            if files is None:
                from .generate import table_files

                files = [*self.project.ontology_files(), *table_files(self.project)]
            for path in files:
                if path.suffix == ".ttl" and path.is_file():
                    self._index_file(path, index)
                elif path.suffix == ".tsv" and path.is_file():
                    self._index_table(path, index)
            self._index = index
        return self._index

    @property
    def lines(self) -> dict[str, list[str]]:
        self.index  # noqa: B018 (reads the files)
        return self._lines

    def _index_table(self, path: Path, index: dict[str, tuple[str, int]]) -> None:
        for number, line in enumerate(read_text(path, self.project.relative(path)).splitlines()[1:], start=2):
            iri = expand(line.split("\t", 1)[0])
            if iri is not None:
                index.setdefault(str(iri), (self.project.relative(path), number))

    def _index_file(self, path: Path, index: dict[str, tuple[str, int]]) -> None:
        prefixes: dict[str, str] = {}
        shown = self.project.relative(path) if self.project else str(path)
        self._lines[shown] = read_text(path, shown).splitlines()
        for number, line in enumerate(self._lines[shown], start=1):
            declared = self.PREFIX_LINE.match(line)
            if declared:
                prefixes[declared.group(1)] = declared.group(2)
                continue
            if not line or line[0].isspace() or line.startswith(("#", "[", ")", "@")):
                continue
            token = line.split(None, 1)[0]
            iri = token[1:-1] if token.startswith("<") and token.endswith(">") else None
            if iri is None and ":" in token:  # the file's own prefixes, as declared so far (Turtle may redefine
                prefix, local = token.split(":", 1)  # one mid-file): a dict look-up keeps the scan linear
                iri = prefixes[prefix] + local if prefix in prefixes else None
            if iri and iri not in index:
                index[iri] = (shown, number)

    def find(self, node: Node) -> tuple[str | None, int | None]:
        return self.index.get(str(node), (None, None))

    def find_text(self, *tokens: str) -> tuple[str | None, int | None]:
        """The first line (file, number) that holds every one of `tokens`."""
        for shown, lines in self.lines.items():
            for number, line in enumerate(lines, start=1):
                if all(token in line for token in tokens):
                    return shown, number
        return None, None

    def problem(self, graph: Graph, node: Node, message: str, check: str | None = None) -> Problem:
        """A Problem about `node`, placed at the line where the node is described."""
        file, line = self.find(node)
        return Problem(message, file=file, line=line, node=describe(graph, node), check=check)
