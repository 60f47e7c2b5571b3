"""The documentation's Jinja2 templates (templates/, autoescaped), and the pages for web developers: the JSON
page and the query page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from rdflib import Graph
from rdflib.term import Node

from .disorder_json import AXIOM_SECTION, FOLDER, SCHEMA_FILE
from .endpoint import inline_values
from .graph_io import parse_file
from .prefixes import RELEASE_PREFIXES
from .project import Project
from .queries import Question
from .readable import CONTEXT_FILE, KEYWORD_KEYS, READABLE_SUFFIX
from .release import FULL_RELEASE
from .schemaorg import VIEW_FILE, part_of_view, script_text

DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"
EXAMPLE = "docs/examples/read_disorder.py"


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("myoclonus_ontology", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render(template: str, title: str, **context: object) -> str:
    """A page from its template (each extends page.html.j2, the frame every page shares)."""
    return environment().get_template(template).render(title=title, **context)


def stylesheet() -> str:
    """The site's one stylesheet (templates/style.css)."""
    return environment().loader.get_source(environment(), "style.css")[0]


@dataclass(frozen=True)
class DocumentEntry:
    """A disorder document as the JSON page lists it."""

    file: str
    label: str
    claims: int


@dataclass(frozen=True)
class WebInputs:
    """What the site needs from the JSON stage and the schema.org view, read back from the build folder."""

    view: Graph
    documents: dict[str, dict]
    example: str
    key_count: int

    def document_of(self, curie: str) -> str | None:
        """The file name of the disorder document whose id is `curie`."""
        return next((name for name, doc in sorted(self.documents.items()) if doc.get("id") == curie), None)

    def structured_data(self, node: Node) -> Markup | None:
        """The node's part of the schema.org view as JSON-LD for a <script> element, or None when it has none
        (left unescaped: JSON inside a script is not HTML; script_text escapes '</')."""
        part = part_of_view(self.view, node)
        return Markup(script_text(part)) if len(part) else None

    def json_page(self) -> str:
        return json_page(self.documents, self.example, self.key_count)


def load_web_inputs(project: Project, folder: Path) -> WebInputs:
    """The schema.org view, the disorder documents and the context as the build wrote them into `folder`."""
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / FOLDER).glob("*.json"))
                 if p.name != SCHEMA_FILE}
    context = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    keys = [k for k in context if not k.startswith("@") and k not in RELEASE_PREFIXES and k not in KEYWORD_KEYS]
    return WebInputs(parse_file(folder / VIEW_FILE, project), documents,
                     (project.root / EXAMPLE).read_text(encoding="utf-8"), len(keys))


def query_page(questions: list[Question]) -> str:
    """The page that asks the endpoint a competency question with fetch and shows the answer."""
    entries = [{"id": q.id, "question": q.question, "sparql": inline_values(q.text, q.params)} for q in questions]
    return render("query.html.j2", "Query the endpoint from the browser", questions=entries,
                  endpoint=DEFAULT_ENDPOINT)


def json_page(documents: dict[str, dict], example: str, key_count: int) -> str:
    """The page on the readable context, the disorder documents, their schema and the example that reads one."""
    entries = [DocumentEntry(name, doc["label"], _claims(doc)) for name, doc in sorted(documents.items())]
    excerpt_file, excerpt = _excerpt(documents)
    return render("json.html.j2", "JSON for web developers", documents=entries, example=example, excerpt=excerpt,
                  excerpt_file=excerpt_file, key_count=key_count, context_file=CONTEXT_FILE,
                  readable_file=f"{FULL_RELEASE.stem}{READABLE_SUFFIX}", schema_file=SCHEMA_FILE)


def _claims(document: dict) -> int:
    """How many claims a document holds: the items of its statement arrays (the @included aliases)."""
    sections = [k for k, v in document["@context"].items() if v == "@included" and k != AXIOM_SECTION]
    return sum(len(document.get(k, [])) for k in sections)


def _excerpt(documents: dict[str, dict]) -> tuple[str, str]:
    """The first ranked treatment claim of any document (else the first treatment claim), pretty-printed."""
    claims = [(name, c) for name, doc in sorted(documents.items()) for c in doc.get("treatmentStatements", [])]
    ranked = [pair for pair in claims if "hasTreatmentRank" in pair[1]] or claims
    if not ranked:
        return "", ""
    name, claim = ranked[0]
    return name, json.dumps(claim, indent=2, ensure_ascii=False)
