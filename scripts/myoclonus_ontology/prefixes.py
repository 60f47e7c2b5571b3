"""Prefixes and CURIEs: every CURIE the tooling writes or reads goes through a `curies` Converter made here.

* `RELEASE_PREFIXES`: the prefixes every release file declares, in the order the files declare them.
  `curie()`, `expand()` and `shorten_iris()` use these alone, so a CURIE the tooling prints is one a
  reader of the release can expand, and naming a node needs no I/O.
* `project_converter()`: the release prefixes, RO (the class view's relation) and the mapping set's
  vocabularies. The SSSOM file's curie_map is checked against Bioregistry by the build (mappings.py), so
  these are Bioregistry's; the converter expands the set's CURIEs, writes cross-references and is shipped
  as `myo-prefixes.json` (Bioregistry's extended prefix map form): MYO is not (yet) in Bioregistry, so a
  consumer (OAK, curies, sssom-py) needs this map to turn MYO:0001002 into an IRI and back.
* `converter()` of any other map: a view's own prefixes, or the prefixes a Turtle file declares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path

import curies
from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .namespaces import IAO, MYO, OBOINOWL, RO, SHAPES, VANN

RELEASE_PREFIXES: dict[str, str] = {
    "MYO": str(MYO),
    "IAO": str(IAO),
    "dcterms": str(DCTERMS),
    "oboInOwl": str(OBOINOWL),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "vann": str(VANN),
    "xsd": str(XSD),
}
OWN_PREFIXES: dict[str, str] = {**RELEASE_PREFIXES, "RO": str(RO)}  # and the class view's relation
SHAPE_PREFIXES: dict[str, str] = {**RELEASE_PREFIXES, "myosh": str(SHAPES)}  # how reports name a shape
PREFIX_MAP_FILE = "myo-prefixes.json"


@lru_cache(maxsize=64)
def _converter(items: tuple[tuple[str, str], ...]) -> curies.Converter:
    # not strict: a Turtle file may give one namespace two prefixes (both expand; the later one compresses)
    return curies.Converter([curies.Record(prefix=p, uri_prefix=ns) for p, ns in items], strict=False)


def converter(prefix_map: Mapping[str, str] | None = None) -> curies.Converter:
    """The converter of a prefix map (the release's when None); made once per map."""
    return _converter(tuple((prefix_map if prefix_map is not None else RELEASE_PREFIXES).items()))


def split(iri: object, prefix_map: Mapping[str, str] | None = None,
          local_ok: Callable[[str], object] | None = None) -> tuple[str, str] | None:
    """(prefix, local) for an IRI under one of the map's namespaces (the longest), with a local part that is
    not empty and that `local_ok` accepts (a syntax's rule for local names); else None."""
    found = _parse(converter(prefix_map), str(iri))
    if found is None or not found.identifier or (local_ok is not None and not local_ok(found.identifier)):
        return None
    return found.prefix, found.identifier


def compress(iri: object, prefix_map: Mapping[str, str] | None = None,
             local_ok: Callable[[str], object] | None = None) -> str | None:
    """prefix:local for an IRI (see `split`), else None."""
    found = split(iri, prefix_map, local_ok)
    return f"{found[0]}:{found[1]}" if found is not None else None


def curie(node: object, prefix_map: Mapping[str, str] | None = None) -> str:
    """The shortest readable form of a node: a CURIE where a prefix of the map (the release's when None)
    fits, else <iri>."""
    if isinstance(node, BNode):
        return f"_:{node}"
    short = compress(str(node), prefix_map)
    if short is not None:
        return short
    return f"<{node}>" if isinstance(node, URIRef) else str(node)


def expand(text: str, prefix_map: Mapping[str, str] | None = None) -> URIRef | None:
    """The IRI of a CURIE with one of the map's prefixes (the release's when None), or of an <IRI>; else None."""
    if text.startswith("<") and text.endswith(">") and len(text) > 2:
        return URIRef(text[1:-1])
    _, sep, local = text.partition(":")
    if not sep or not local or local.startswith("//"):
        return None
    iri = _expand(converter(prefix_map), text)
    return URIRef(iri) if iri is not None else None


# A converter is made once per map and never changes, and the build names the same few thousand nodes again
# and again (a release diff alone asks 90,000 times): look-ups are remembered (a build spent 2.4 s in curies).
@lru_cache(maxsize=1 << 17)
def _parse(conv: curies.Converter, iri: str) -> curies.ReferenceTuple | None:
    return conv.parse_uri(iri)


@lru_cache(maxsize=1 << 17)
def _expand(conv: curies.Converter, text: str) -> str | None:
    return conv.expand(text)


def prefix_of(text: str) -> str:
    """The prefix of a CURIE ('' for text that is none)."""
    try:
        return curies.ReferenceTuple.from_curie(text).prefix
    except ValueError:
        return ""


@cache
def _release_iri_pattern() -> re.Pattern:
    spaces = sorted(RELEASE_PREFIXES.values(), key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(ns) for ns in spaces) + r")([\w.-]+)")


def shorten_iris(message: str) -> str:
    """Full IRIs under the release's namespaces, wherever they stand in a message, written as CURIEs."""
    return _release_iri_pattern().sub(lambda m: compress(m.group(0)) or m.group(0), message)


def project_converter(curie_map: Mapping[str, str]) -> curies.Converter:
    """Our prefixes and the mapping set's (checked against Bioregistry), sorted; `myo` is a synonym of MYO."""
    prefix_map = dict(OWN_PREFIXES)
    for prefix, namespace in curie_map.items():
        prefix_map.setdefault(prefix, namespace)
    return curies.Converter([curies.Record(prefix=p, uri_prefix=ns, prefix_synonyms=["myo"] if ns == str(MYO) else [])
                             for p, ns in sorted(prefix_map.items())])


def write_prefix_map(project: curies.Converter, folder: Path) -> Path:
    """`myo-prefixes.json` (an extended prefix map) in `folder`; sorted, so byte-stable."""
    path = folder / PREFIX_MAP_FILE
    curies.write_extended_prefix_map(project, path)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return path
