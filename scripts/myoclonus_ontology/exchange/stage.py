"""The exchange build stage: every format from one reading of the records, into build/exchange/.

Before writing, every record property and statement kind of the release must be in every format's
mapping table (else the build fails, naming the property). After writing, the RDF 1.2 view is parsed by
pyoxigraph and the competency questions rewritten in SPARQL 1.2 (queries/cq12/) must give the answers the
originals give over the records (queries/cq/*.expected.csv).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..cache import Cache
from ..claims import ClaimSet, read_claims
from ..errors import BuildError, Problem, UnusableInputError
from ..hpo_compare import Extract
from ..mappings import MappingSet
from ..namespaces import local_name
from ..project import Project
from ..queries import differences, expected_answer, parse_question, rows_from_csv, run_oxigraph
from ..source import SourceText
from . import hpoa, kgx, losses, nanopub, rdf12, webanno
from .mapping import Table, check_table

FOLDER = "exchange"
CQ12_FOLDER = "cq12"
TABLES: list[Table] = [kgx.TABLE, hpoa.TABLE, nanopub.TABLE, rdf12.TABLE, webanno.TABLE]


@dataclass(frozen=True)
class Written:
    files: dict[str, bytes]
    claims: ClaimSet
    answered: int


def left_out(claims: ClaimSet, mapping_set: MappingSet) -> dict[str, dict[URIRef, str]]:
    """Per format, the records it does not carry and why."""
    reasons = {
        kgx.TABLE.name: lambda c: kgx.left_out(c, claims),
        hpoa.TABLE.name: lambda c: hpoa.left_out(c, claims, mapping_set),
        nanopub.TABLE.name: lambda c: None, rdf12.TABLE.name: lambda c: rdf12.left_out(c, claims),
        webanno.TABLE.name: lambda c: webanno.left_out(c, claims),
    }
    return {name: {c.iri: why for c in claims.claims if (why := reason(c))} for name, reason in reasons.items()}


def build_exchange(project: Project, release: Graph, source: SourceText, mapping_set: MappingSet, extract: Extract,
                   cache: Path | None = None) -> Written:
    """Check the mapping tables against the release, then make every file (path under exchange/ → bytes)."""
    problems = [p for table in TABLES for p in check_table(release, table)]
    if problems:
        raise BuildError("exchange: the mapping tables do not cover the release", problems)
    claims = read_claims(release)
    text: dict[str, str] = {}
    text |= kgx.write(claims, mapping_set.curie_map)
    text |= hpoa.write(claims, mapping_set, extract)
    text |= rdf12.write(claims)
    text |= webanno.write(claims, source)
    text[losses.FILE] = losses.report(claims, TABLES, left_out(claims, mapping_set))
    files = {path: content.encode("utf-8") for path, content in text.items()}
    edges = [json.loads(line) for line in text[kgx.EDGES_FILE].splitlines()]
    problems = kgx.supporting_text_problems(edges, source)
    if problems:
        raise BuildError("exchange: KGX supporting text", problems)
    files |= nanopubs(claims, source, cache)
    answered = check_rdf12(project, files[rdf12.FILE].decode("utf-8"))
    return Written(files, claims, answered)


def nanopubs(claims: ClaimSet, source: SourceText, cache: Path | None) -> dict[str, bytes]:
    """One Trusty-URI nanopublication per record, by path under build/exchange/; each cached (cache.py:
    written atomically, verified on read) by its content before hashing and the code that makes it."""
    store = Cache(cache, tools=("rdflib", "pyoxigraph"), modules=(nanopub.__name__,))
    files = {}
    for claim in claims.claims:
        quads = nanopub.quads(claim, claims, source)
        key = store.key(nanopub.trig(quads, nanopub.base_of(claim)))
        made = store.get(key)
        if made is None:
            uri, trusty = nanopub.make_trusty(quads, nanopub.base_of(claim))
            made = nanopub.trig(trusty, uri)
            store.put(key, made)
        files[f"{nanopub.FOLDER}/{local_name(claim.iri)}.trig"] = made
    return files


def check_rdf12(project: Project, view: str) -> int:
    """Parse the view; run every question of queries/cq12/ on it against the original's expected answer."""
    try:
        store = rdf12.store(view)
    except SyntaxError as err:
        raise UnusableInputError("exchange", [Problem(f"the RDF 1.2 view does not parse: {err}",
                                                      file=f"build/{FOLDER}/{rdf12.FILE}")]) from err
    folder = project.queries / CQ12_FOLDER
    problems, count = [], 0
    for path in sorted(folder.glob("cq*.rq")):
        question = parse_question(path)
        original = project.queries / "cq" / path.name
        expected = expected_answer(parse_question(original), project)
        answer = run_oxigraph(store, question.text, question.params, project.relative(path))
        actual = rows_from_csv(answer.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))
        diff = differences(expected, actual)
        count += 1
        if diff:
            problems.append(Problem("over the RDF 1.2 view the answer differs from the original's:\n      "
                                    + "\n      ".join(diff), file=project.relative(path), check="cq12"))
    if problems:
        raise BuildError("exchange: SPARQL 1.2 questions", problems)
    return count


def write_files(out: Path, files: dict[str, bytes]) -> None:
    for relative, content in sorted(files.items()):
        path = out / FOLDER / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
