"""W3C Web Annotation (JSON-LD): one annotation per quoted span, targeting the NINDS page, and back.

Each annotation's target is a SpecificResource on the page with a TextQuoteSelector (exact, prefix,
suffix: unique on the page) and a TextPositionSelector (the quote's offsets); its bodies are the statement
records the span supports, so an annotation client can highlight the span and link it to the claims.
The file names the standard context (http://www.w3.org/ns/anno.jsonld) as annotation clients expect;
the tests expand it with a vendored copy of that context (tests/data/anno.jsonld), never fetched.
"""

from __future__ import annotations

import json

from rdflib import URIRef

from ..claims import Claim, ClaimSet
from ..namespaces import BASE
from ..source import SourceText
from .mapping import Form, Table, lost
from .selectors import selectors

FILE = "web-annotations.jsonld"
CONTEXT_IRI = "http://www.w3.org/ns/anno.jsonld"
TABLE = Table("Web Annotation", {
    "iri": Form("a body of the annotation of the record's span"),
    "quote": Form("target TextQuoteSelector exact"), "page": Form("target source"),
    "start": Form("target TextPositionSelector start"), "end": Form("target TextPositionSelector end"),
    **{name: lost("an annotation anchors a span; the claim itself is in the statement its body names")
       for name in ("kind", "label", "negated", "curator_added", "note")},
}, {}, any_property=lost("the claim's content is not part of an annotation: its body links to the record"),
    any_kind=Form("every record with a quote is a body of the annotation of its span"))


def annotations(claims: ClaimSet, source: SourceText) -> dict:
    """An AnnotationCollection with one annotation per distinct (page, start, end)."""
    spans: dict[tuple[str, int, int], list[URIRef]] = {}
    for claim in claims.claims:
        if claim.quote:
            spans.setdefault((str(claim.page), claim.start, claim.end), []).append(claim.iri)
    items = []
    for (page_iri, start, end), bodies in sorted(spans.items()):
        page = source.page_by_iri(page_iri)
        found = selectors(page.text, start, end)
        items.append({
            "id": f"{BASE}annotations/{page.id}/{start}-{end}", "type": "Annotation", "motivation": "linking",
            "created": f"{claims.version}T00:00:00Z", "creator": {"type": "Organization", "name": claims.creator},
            "rights": str(claims.license), "body": [str(b) for b in sorted(bodies)],
            "target": {"type": "SpecificResource", "source": page_iri, "selector": [
                {"type": "TextQuoteSelector", "exact": found.exact, "prefix": found.prefix, "suffix": found.suffix},
                {"type": "TextPositionSelector", "start": start, "end": end}]},
        })
    return {"@context": CONTEXT_IRI, "id": f"{BASE}annotations/", "type": "AnnotationCollection",
            "label": f"The quoted spans of the Myoclonus Ontology release {claims.version} and the claims they state",
            "total": len(items), "first": {"type": "AnnotationPage", "items": items}}


def write(claims: ClaimSet, source: SourceText) -> dict[str, str]:
    return {FILE: json.dumps(annotations(claims, source), ensure_ascii=False, indent=1) + "\n"}


def left_out(claim: Claim, claims: ClaimSet) -> str | None:
    return None if claim.quote else "no quote (curator-added)"


def read(document: dict) -> list[dict[str, object]]:
    """The inverse: for every body, the record's provenance fields (as comparable fields)."""
    records = []
    for item in document["first"]["items"]:
        target = item["target"]
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        records += [{"iri": URIRef(body), "quote": quote["exact"], "page": URIRef(target["source"]),
                     "start": position["start"], "end": position["end"]} for body in item["body"]]
    return records

