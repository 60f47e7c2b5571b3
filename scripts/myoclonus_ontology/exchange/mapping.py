"""What each exchange format does with each field of a record: the explicit mapping tables' common shape.

Every format module declares one `Table`:

* `fields`: for each field of a record (the fixed fields below, and every role or qualifier property by
  its IRI) how the format carries it, and whether it comes back when the format is read back;
* `kinds`: for each statement kind, how the format carries a record of that kind, or why it cannot;
* `any_property` / `any_kind`: for a format that carries the record's own triples whatever they are
  (nanopublications, the RDF 1.2 view), the one rule that covers every property or kind.

`check_tables` fails when the release uses a property or a kind that a table does not list, so a new
statement property is caught by the build instead of silently dropped. The loss report and the round-trip
tests are generated from the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ..claims import record_properties, statement_kinds
from ..errors import Problem
from ..namespaces import EDITOR_NOTE, SOURCE, Term
from ..prefixes import curie

# The fixed fields of a record, by the predicate that states each in the release.
FIXED = {
    RDF.type: "kind",
    RDFS.label: "label",
    Term.NEGATED: "negated",
    Term.SOURCE_QUOTE: "quote",
    SOURCE: "page",
    Term.QUOTE_START: "start",
    Term.QUOTE_END: "end",
    Term.CURATOR_ADDED: "curator_added",
    EDITOR_NOTE: "note",
}
FIXED_NAMES = ("iri", *FIXED.values())


@dataclass(frozen=True)
class Form:
    """How a format carries one field or kind: `form` in words; `kept` when reading the format back
    restores it; `extension` when it sits in the format's extension mechanism rather than its own terms."""

    form: str
    kept: bool = True
    extension: bool = False

    @property
    def status(self) -> str:
        if not self.kept:
            return "lost"
        return "extension" if self.extension else "native"


def lost(reason: str) -> Form:
    return Form(reason, kept=False)


def extension(form: str) -> Form:
    return Form(form, extension=True)


@dataclass(frozen=True)
class Table:
    """One format's mapping: every field and kind it carries, how, and what it loses."""

    name: str
    fields: dict[str, Form]
    kinds: dict[URIRef, Form]
    any_property: Form | None = None
    any_kind: Form | None = None

    def field(self, name: str) -> Form | None:
        if name in self.fields:
            return self.fields[name]
        return self.any_property if name not in FIXED_NAMES else None

    def kind(self, kind: URIRef) -> Form | None:
        return self.kinds.get(kind, self.any_kind)

    def kept(self, names: set[str]) -> set[str]:
        """Of the fields `names`, those a round trip through this format gives back."""
        return {n for n in names if (form := self.field(n)) is not None and form.kept}


def field_name(predicate: URIRef) -> str:
    """The field a release predicate fills: a fixed field's name, or the property's IRI."""
    return FIXED.get(predicate, str(predicate))


def check_table(graph: Graph, table: Table) -> list[Problem]:
    """Every record property and statement kind in `graph` must have an entry in the format's table."""
    problems = [Problem(f"{table.name}: this record property has no mapping and no listed loss", node=curie(p),
                        check="exchange-mapping")
                for p in sorted(record_properties(graph)) if table.field(field_name(p)) is None]
    problems += [Problem(f"{table.name}: no mapping and no listed loss for records of this kind", node=curie(k),
                         check="exchange-mapping")
                 for k in sorted(statement_kinds(graph)) if table.kind(k) is None]
    problems += [Problem(f"{table.name}: the fixed field {n} has no mapping and no listed loss",
                         check="exchange-mapping") for n in FIXED_NAMES if table.field(n) is None]
    return problems

