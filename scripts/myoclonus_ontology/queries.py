"""Competency questions: the ontology's executable specification.

Each question is `queries/cq/cqNN-slug.rq` (the question in plain English in its header, then SPARQL)
with its expected answer beside it in `cqNN-slug.expected.csv`. The build runs every question on an
embedded Oxigraph store and fails on any difference; the tests run each on rdflib as well.

Parameters are bound as RDF terms (pyoxigraph substitutions, rdflib initBindings), never spliced into
query text. A question may declare defaults in its header: `# param: disorder = MYO:0001001`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.term import Node

from .errors import Problem, UnusableInputError
from .graph_io import oxigraph_triples, to_oxigraph
from .prefixes import RELEASE_PREFIXES, compress, expand
from .project import Project
from .sparql_text import check_query
from .textfiles import read_text

CQ_FOLDER = "cq"
HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s*=\s*(\S+)")

Row = tuple[str, ...]
STANDARD_PREFIXES = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in RELEASE_PREFIXES.items())


@dataclass(frozen=True)
class Question:
    """One competency question: id, plain-English question, SPARQL, parameters, expected answer."""

    id: str
    slug: str
    question: str
    kinds: tuple[str, ...]
    qualifiers: str
    text: str
    path: Path
    params: dict[str, Node] = field(default_factory=dict)

    @property
    def expected_path(self) -> Path:
        return self.path.with_suffix(".expected.csv")


def term_from_text(value: str) -> Node:
    """A CURIE, an <IRI> or a bare http(s) IRI becomes an IRI; anything else is an English literal."""
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    iri = expand(value)
    if iri is not None:
        return iri
    if re.match(r"^https?://\S+$", value):
        return URIRef(value)
    return Literal(value, lang="en")


def parse_question(path: Path, shown: str | None = None) -> Question:
    text = read_text(path, shown, "query")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = HEADER.match(line)
        if not line.startswith("#"):
            break
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2).strip())
    params = {}
    for declaration in fields.get("param", []):
        found = PARAM.match(declaration)
        if found:
            params[found.group(1)] = term_from_text(found.group(2))
    number, _, slug = path.stem.partition("-")
    return Question(number, slug, " ".join(fields.get("question", [""])),
                    tuple(k.strip() for k in ",".join(fields.get("kinds", [])).split(",") if k.strip()),
                    " ".join(fields.get("qualifiers", [])), text, path, params)


def load_questions(project: Project) -> list[Question]:
    folder = project.queries / CQ_FOLDER
    questions = [parse_question(p) for p in sorted(folder.glob("cq*.rq"))]
    if not questions:
        raise UnusableInputError("query", [Problem("no competency questions found", file=project.relative(folder))])
    return questions


def store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in oxigraph_triples(graph))
    return store


def sparql_error(err: SyntaxError, where: str, line_offset: int = 0) -> UnusableInputError:
    """A SPARQL syntax error as unusable input, with the line and column pyoxigraph gives."""
    match = re.search(r"at (\d+):(\d+)", str(err.msg))
    line, column = (int(match.group(1)), int(match.group(2))) if match else (err.lineno, err.offset)
    message = re.sub(r"^error at \d+:\d+: ", "", str(err.msg))
    line = line - line_offset if line is not None else None
    return UnusableInputError("query", [Problem(f"malformed SPARQL: {message}", file=where, line=line, column=column)])


def run_oxigraph(store: ox.Store, text: str, bindings: dict[str, Node] | None = None,
                 where: str = "query", allow_service: bool = False) -> ox.QuerySolutions:
    """Run a SELECT query; bindings are substituted as RDF terms before evaluation.

    Updates are refused, and SERVICE unless `allow_service` (sparql_text.check_query).
    """
    check_query(text, where, allow_service)
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
    offset = STANDARD_PREFIXES.count("\n") if text.startswith(STANDARD_PREFIXES) else 0
    try:  # trailing whitespace would move pyoxigraph's reported error position to the end of the input
        result = store.query(text.rstrip(), substitutions=substitutions)
    except SyntaxError as err:
        raise sparql_error(err, where, offset) from err
    if not isinstance(result, ox.QuerySolutions):
        raise UnusableInputError("query", [Problem("only SELECT queries are supported", file=where)])
    return result


def rows_from_csv(data: str) -> tuple[list[str], list[Row]]:
    """Header and rows of a SPARQL CSV result (or an expected-answer file)."""
    reader = csv.reader(io.StringIO(data))
    header = next(reader, [])
    return header, [tuple(r) for r in reader]


def oxigraph_answer(store: ox.Store, question: Question, bindings: dict[str, Node] | None = None
                    ) -> tuple[bytes, bytes]:
    """The answer as SPARQL CSV and SPARQL JSON, in the query's own order."""
    merged = {**question.params, **(bindings or {})}
    csv_bytes = run_oxigraph(store, question.text, merged, str(question.path)).serialize(
        format=ox.QueryResultsFormat.CSV)
    json_bytes = run_oxigraph(store, question.text, merged, str(question.path)).serialize(
        format=ox.QueryResultsFormat.JSON)
    return csv_bytes, json_bytes


def rdflib_rows(graph: Graph, question: Question, bindings: dict[str, Node] | None = None
                ) -> tuple[list[str], list[Row]]:
    """The answer from rdflib's SPARQL engine, as CSV-style strings (lexical forms, bare IRIs)."""
    merged = {Variable(k): v for k, v in {**question.params, **(bindings or {})}.items()}
    result = graph.query(question.text, initBindings=merged)
    header = [str(v) for v in result.vars]
    rows = [tuple("" if row[v] is None else str(row[v]) for v in result.vars) for row in result]
    return header, rows


def differences(expected: tuple[list[str], list[Row]], actual: tuple[list[str], list[Row]]) -> list[str]:
    """What separates two answers (as multisets of rows), in words; empty when they agree."""
    (expected_header, expected_rows), (actual_header, actual_rows) = expected, actual
    if expected_header != actual_header:
        return [f"columns differ: expected {expected_header}, got {actual_header}"]
    lines = []
    missing, unexpected = list(expected_rows), []
    for row in actual_rows:
        if row in missing:
            missing.remove(row)
        else:
            unexpected.append(row)
    lines += [f"missing row:    {', '.join(r)}" for r in sorted(missing)]
    lines += [f"unexpected row: {', '.join(r)}" for r in sorted(unexpected)]
    return lines


def expected_answer(question: Question, project: Project) -> tuple[list[str], list[Row]]:
    if not question.expected_path.is_file():
        raise UnusableInputError("query", [Problem("the expected answer is missing",
                                                   file=project.relative(question.expected_path))])
    return rows_from_csv(read_text(question.expected_path, project.relative(question.expected_path), "query"))


def check_answers(project: Project, store: ox.Store, questions: list[Question], out: Path | None = None
                  ) -> list[Problem]:
    """Run every question; write its CSV and JSON answers into `out`; return every difference."""
    problems = []
    for question in questions:
        csv_bytes, json_bytes = oxigraph_answer(store, question)
        if out is not None:
            (out / f"{question.path.stem}.csv").write_bytes(csv_bytes)
            (out / f"{question.path.stem}.srj").write_bytes(json_bytes)
        diff = differences(expected_answer(question, project), rows_from_csv(csv_bytes.decode("utf-8")))
        if diff:
            problems.append(Problem(f"{question.question}\n      " + "\n      ".join(diff),
                                    file=project.relative(question.path), node=question.id, check="competency"))
    return problems


def resolve_query(project: Project, reference: str) -> tuple[str, str, dict[str, Node]]:
    """A question id, a .rq file or inline SPARQL, as (text, where to blame errors, default bindings)."""
    if re.fullmatch(r"cq\d+", reference):
        found = [q for q in load_questions(project) if q.id == reference]
        if not found:
            raise UnusableInputError("query", [Problem(f"no competency question with id {reference}")])
        return found[0].text, project.relative(found[0].path), found[0].params
    path = Path(reference)
    if reference.endswith(".rq"):
        question = parse_question(path, reference)
        return question.text, reference, question.params
    text = reference if re.search(r"^\s*PREFIX", reference, re.I | re.M) else STANDARD_PREFIXES + reference
    return text, "inline query", {}


RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "table": ox.QueryResultsFormat.CSV}


def answer_rows(data: bytes, fmt: str) -> int:
    """How many rows an answer serialized for `fmt` holds (read back by the format's own parser)."""
    if fmt == "json":
        return len(json.loads(data)["results"]["bindings"])
    return len(rows_from_csv(data.decode("utf-8"))[1])


def render_answer(data: bytes, fmt: str) -> str:
    """An answer (SPARQL JSON, or CSV for csv and table) as the text `myo query` prints."""
    if fmt == "json":
        return data.decode("utf-8") + "\n"
    if fmt == "csv":
        return data.decode("utf-8")
    header, rows = rows_from_csv(data.decode("utf-8"))
    return render_table(header, [tuple(_shorten(v) for v in row) for row in rows])


def _shorten(value: str) -> str:
    return value if " " in value else compress(value) or value


def render_table(header: list[str], rows: list[Row]) -> str:
    """An aligned plain-text table, with the row count."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
