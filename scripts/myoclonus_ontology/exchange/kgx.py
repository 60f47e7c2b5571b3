"""KGX JSON Lines: the claims as Biolink Model nodes and edges, and back.

Each record becomes one edge per (subject, object) pair of the roles its kind maps to a Biolink predicate;
every other role and qualifier goes into a Biolink slot where the model has one, and otherwise into an
edge property prefixed `myo_`: KGX's documented extension mechanism ("an edge can also have other
properties that are not from Biolink Model ... this will not violate the specification").

Hedging: Biolink has no modality. A hedged record ("may") gets `knowledge_level: prediction`, the level
Biolink defines as "a statement of a possible fact" and the slot its consumers filter on to tell firm
assertions from possible ones; an unhedged one gets `knowledge_assertion`. `agent_type: manual_agent`
says a curator, not an algorithm, made the statement, and `myo_has_modality` keeps the source's own value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import Literal, URIRef

from ..claims import Claim, ClaimSet
from ..errors import Problem
from ..namespaces import Term
from ..prefixes import compress, curie, expand
from ..source import SourceText
from .mapping import Form, Table, extension, lost

T = Term
NODES_FILE = "kgx/myo_nodes.jsonl"
EDGES_FILE = "kgx/myo_edges.jsonl"
EXTENSION_PREFIX = "myo_"
AGENT_TYPE = "manual_agent"
KNOWLEDGE_LEVEL = {T.ASSERTED: "knowledge_assertion", T.POSSIBLE: "prediction"}


@dataclass(frozen=True)
class EdgeSpec:
    """How records of one kind become edges: the first role with a value on each side, a Biolink
    predicate and association class."""

    subject_roles: tuple[URIRef, ...]
    object_roles: tuple[URIRef, ...]
    predicate: str
    category: str

    def roles(self, claim: Claim) -> tuple[URIRef, URIRef] | None:
        subject = next((r for r in self.subject_roles if claim.values(r)), None)
        obj = next((r for r in self.object_roles if r != subject and claim.values(r)), None)
        return (subject, obj) if subject and obj else None


PHENOTYPE = "biolink:DiseaseToPhenotypicFeatureAssociation"
DISEASE_DISEASE = "biolink:DiseaseToDiseaseAssociation"
TREATMENT = "biolink:ChemicalOrDrugOrTreatmentToDiseaseOrPhenotypicFeatureAssociation"
ASSOCIATION = "biolink:Association"

# Statement kind → edges. Kinds absent here have no Biolink edge (see KINDS for why).
EDGES: dict[URIRef, EdgeSpec] = {
    T.SYMPTOM_STATEMENT: EdgeSpec((T.ABOUT_CONDITION,), (T.REPORTS_SYMPTOM,), "biolink:has_phenotype", PHENOTYPE),
    T.ASSOCIATION_STATEMENT: EdgeSpec((T.ABOUT_CONDITION,), (T.REPORTS_ASSOCIATED_CONDITION,),
                                      "biolink:associated_with", DISEASE_DISEASE),
    T.POPULATION_STATEMENT: EdgeSpec((T.ABOUT_CONDITION,), (T.REPORTS_ASSOCIATED_CONDITION,),
                                     "biolink:associated_with", DISEASE_DISEASE),
    T.TREATMENT_STATEMENT: EdgeSpec((T.REPORTS_TREATMENT,), (T.ABOUT_CONDITION,), "biolink:applied_to_treat",
                                    TREATMENT),
    T.EFFICACY_STATEMENT: EdgeSpec((T.ABOUT_TREATMENT,), (T.ABOUT_CONDITION,), "biolink:treats", TREATMENT),
    T.ADVERSE_REACTION_STATEMENT: EdgeSpec((T.ABOUT_TREATMENT,), (T.ABOUT_CONDITION,), "biolink:related_to",
                                           ASSOCIATION),
    T.CLASSIFICATION_STATEMENT: EdgeSpec((T.CLASSIFIED_ENTITY,), (T.ASSIGNED_CATEGORY,), "biolink:subclass_of",
                                         ASSOCIATION),
    T.SYMPTOM_FORM_STATEMENT: EdgeSpec((T.ABOUT_SYMPTOM,), (T.FORM_OF,), "biolink:subclass_of", ASSOCIATION),
    T.SYMPTOM_EXAMPLE_STATEMENT: EdgeSpec((T.ABOUT_SYMPTOM,), (T.EXAMPLE_OF,), "biolink:subclass_of", ASSOCIATION),
    T.INDICATION_STATEMENT: EdgeSpec((T.ABOUT_SYMPTOM,), (T.INDICATES_CONDITION,), "biolink:manifestation_of",
                                     ASSOCIATION),
    T.PROGNOSIS_STATEMENT: EdgeSpec((T.ABOUT_CONDITION,), (T.PROGNOSTIC_OUTCOME, T.HAS_PROGNOSTIC_FACTOR),
                                    "biolink:related_to", ASSOCIATION),
    T.RESEARCH_STATEMENT: EdgeSpec((T.RESEARCH_AGENT, T.RESEARCH_TOPIC), (T.RESEARCH_TOPIC, T.HAS_GOAL),
                                   "biolink:related_to", ASSOCIATION),
    T.OCCURRENCE_STATEMENT: EdgeSpec((T.ABOUT_SYMPTOM,), (T.IN_POPULATION, T.ABOUT_CONDITION), "biolink:related_to",
                                     ASSOCIATION),
    T.EFFECT_STATEMENT: EdgeSpec((T.ABOUT_SYMPTOM,), (T.HAS_EFFECT,), "biolink:related_to", ASSOCIATION),
}

_NO_OBJECT = "no edge when the record names only one entity (Biolink edges need an object)"
KINDS: dict[URIRef, Form] = {
    **{kind: Form(f"{spec.predicate} edge, {spec.category}") for kind, spec in EDGES.items()},
    T.TOLERANCE_STATEMENT: lost("no edge: the record names only the drug; Biolink has no tolerance predicate"),
}
for _kind in (T.OCCURRENCE_STATEMENT, T.RESEARCH_STATEMENT, T.PROGNOSIS_STATEMENT, T.EFFECT_STATEMENT):
    KINDS[_kind] = Form(f"{EDGES[_kind].predicate} edge (Biolink has no specific predicate; the record's kind "
                        f"and roles are in myo_ properties); {_NO_OBJECT}")

# Where each field of a record goes. Native Biolink slots first; then the extension properties.
SLOTS = {T.IN_POPULATION: "population_context_qualifier", T.APPLICABLE_WHEN_PRESENT: "disease_context_qualifier"}
FIELDS: dict[str, Form] = {
    "iri": extension("myo_statement (the record's CURIE; the edge id is the same, suffixed #n for several edges)"),
    "kind": extension("myo_statement_kind (the statement class)"),
    "label": Form("name"),
    "negated": Form("negated"),
    "quote": Form("supporting_text"),
    "page": Form("publications (the NINDS page)"),
    "start": extension("myo_supporting_text_start (offset of supporting_text on the page)"),
    "end": extension("myo_supporting_text_end"),
    "curator_added": extension("myo_curator_added"),
    "note": extension("myo_editor_note"),
    str(T.MODALITY): extension("knowledge_level (asserted: knowledge_assertion, possible: prediction) "
                               "and myo_has_modality"),
    str(T.IN_POPULATION): Form("population_context_qualifier, or the edge object (occurrence statements)"),
    str(T.ABOUT_CONDITION): Form("edge subject or object; on an occurrence statement the edge object (the sign "
                                 "related_to the conditions it occurs with: not has_phenotype, which would say the "
                                 "conditions have it)"),
    str(T.APPLICABLE_WHEN_PRESENT): Form("disease_context_qualifier"),
}
_SUBJECT_OBJECT = "edge subject or object; myo_subject_role / myo_object_role name the role"
for _spec in EDGES.values():
    for _role in (*_spec.subject_roles, *_spec.object_roles):
        FIELDS.setdefault(str(_role), Form(_SUBJECT_OBJECT))
_EXTENSIONS = {
    T.TREATMENT_RANK: "myo_has_treatment_rank", T.COMBINABLE_WITH: "myo_combinable_with",
    T.USABLE_ALONE: "myo_usable_alone", T.IS_REQUIRED: "myo_is_required",
    T.IS_TREATMENT_FOCUS: "myo_is_treatment_focus",
    T.HAS_FREQUENCY: "myo_has_frequency (Biolink's frequency_qualifier takes HPO frequency bands, which the "
                     "text does not give)",
    T.HAS_PROPORTION: "myo_has_proportion", T.HAS_PREVALENCE: "myo_has_prevalence",
    T.IS_CHARACTERISTIC: "myo_is_characteristic", T.HAS_ASSOCIATION_KIND: "myo_has_association_kind",
    T.GIVEN_INTERVENTION: "myo_given_intervention", T.HAS_RESEARCH_ACTIVITY: "myo_has_research_activity",
    T.RESEARCH_LOCATION: "myo_research_location", T.HAS_FUNDING_MECHANISM: "myo_has_funding_mechanism",
    T.FUNDING_RECIPIENT: "myo_funding_recipient", T.HAS_GOAL: "myo_has_goal",
    T.INVOLVES_MANIFESTATION: "myo_involves_manifestation", T.OCCURS_DURING: "myo_occurs_during",
    T.WITHOUT_WARNING: "myo_without_warning", T.CAUSES_DIFFICULTIES: "myo_causes_difficulties",
    T.OCCURS_IN_ISOLATION: "myo_occurs_in_isolation", T.HAS_PROGNOSTIC_FACTOR: "myo_has_prognostic_factor",
    T.PROGNOSTIC_OUTCOME: "myo_prognostic_outcome", T.RESEARCH_TOPIC: "myo_research_topic",
    T.HAS_SEVERITY: "myo_has_severity", T.HAS_VARIETY: "myo_has_variety",
    T.INDICATED_CONDITION_SITE: "myo_indicated_condition_site",
    T.HOLDS_IF: "myo_holds_if", T.RECIPIENTS_ACROSS: "myo_recipients_across",
    T.RESEARCH_RESULT: "myo_research_result", T.HAS_EFFECT: "myo_has_effect",
    T.ABOUT_CONDITION: "myo_about_condition",
}
for _prop, _key in _EXTENSIONS.items():
    FIELDS[str(_prop)] = extension(_key) if str(_prop) not in FIELDS else \
        extension(f"{FIELDS[str(_prop)].form}; otherwise {_key}")
EXTENSION_KEYS = {prop: key.split(" ", 1)[0] for prop, key in _EXTENSIONS.items()}
EXTENSION_KEYS[T.MODALITY] = "myo_has_modality"

# Node categories by the entity's class.
CATEGORIES: dict[URIRef, str] = {
    Term.DISORDER: "biolink:Disease", Term.MEDICAL_CONDITION: "biolink:Disease", T.TUMOR: "biolink:Disease",
    T.INFECTION: "biolink:Disease", T.INJURY: "biolink:Disease", T.POISONING: "biolink:Disease",
    Term.SYMPTOM: "biolink:PhenotypicFeature", Term.DRUG: "biolink:Drug", T.DRUG_CLASS: "biolink:Drug",
    T.TREATMENT_MODALITY: "biolink:Treatment", T.TREATMENT_APPROACH: "biolink:Treatment",
    Term.RESEARCH_BODY: "biolink:Agent", T.POPULATION: "biolink:PopulationOfIndividualOrganisms",
    T.GOAL: "biolink:NamedThing", T.PROGNOSTIC_FACTOR: "biolink:NamedThing", T.CLINICAL_OUTCOME: "biolink:NamedThing",
    T.CIRCUMSTANCE: "biolink:NamedThing", T.ANATOMICAL_SITE: "biolink:AnatomicalEntity",
    T.GEOGRAPHIC_AREA: "biolink:GeographicLocation",
}


TABLE = Table("KGX", FIELDS, KINDS)

def _json(value: URIRef | Literal) -> object:
    return curie(value) if isinstance(value, URIRef) else value.toPython()


def _iri(text: str) -> URIRef:
    return expand(text) or URIRef(text)


def edges_of(claim: Claim, claims: ClaimSet) -> list[dict]:
    """The KGX edges of one record (none when its kind has no Biolink edge)."""
    spec = EDGES.get(claim.kind)
    roles = spec.roles(claim) if spec else None
    if spec is None or roles is None:
        return []
    subject_role, object_role = roles
    direct = {(s, o): p for s, p, o in claims.proposition_triples(claim)}  # hedged too: knowledge_level says
    extra: dict[str, object] = {}
    for prop in sorted({p for p, _ in (*claim.participants, *claim.qualifiers)} - {subject_role, object_role}):
        values = [_json(v) for v in claim.values(prop)]
        if prop in SLOTS:
            extra[SLOTS[prop]] = values[0]
        if prop in EXTENSION_KEYS:
            extra[EXTENSION_KEYS[prop]] = values if isinstance(claim.values(prop)[0], URIRef) else values[0]
        elif prop not in SLOTS:
            raise KeyError(f"no KGX mapping for {curie(prop)} on {curie(claim.iri)}")
    pairs = [(s, o) for s in claim.values(subject_role) for o in claim.values(object_role)]
    edges = []
    for number, (subject, obj) in enumerate(sorted(pairs), start=1):
        edge = {
            "id": curie(claim.iri) + (f"#{number}" if len(pairs) > 1 else ""),
            "subject": curie(subject), "predicate": spec.predicate, "object": curie(obj),
            "category": [spec.category], "name": claim.label,
            "knowledge_level": KNOWLEDGE_LEVEL[claim.modality or T.ASSERTED], "agent_type": AGENT_TYPE,
            **({"publications": [str(claim.page)]} if claim.page is not None else {}),  # none: curator-added
            "myo_statement": curie(claim.iri), "myo_statement_kind": curie(claim.kind),
            "myo_subject_role": curie(subject_role), "myo_object_role": curie(object_role), **extra,
        }
        if claim.quote:
            edge |= {"supporting_text": [claim.quote], "myo_supporting_text_start": claim.start,
                     "myo_supporting_text_end": claim.end}
        if claim.negated:
            edge["negated"] = True
        if claim.curator_added:
            edge["myo_curator_added"] = True
        if claim.note:
            edge["myo_editor_note"] = claim.note
        if (subject, obj) in direct:
            edge["original_predicate"] = curie(direct[(subject, obj)])
        edges.append(edge)
    return edges


def nodes_of(claims: ClaimSet, edges: list[dict], compact: dict[str, str]) -> list[dict]:
    """A node for every entity an edge names: Biolink category, name, exact matches as xref."""
    used = sorted({e[k] for e in edges for k in ("subject", "object")} |
                  {v for e in edges for k in SLOTS.values() if (v := e.get(k))})
    nodes = []
    for node_id in used:
        entity = claims.entities[_iri(node_id)]
        cls = entity.classes[0]
        node = {"id": node_id, "category": [CATEGORIES[cls]], "name": entity.label, "myo_class": curie(cls)}
        xref = sorted(compress(m, compact) or str(m) for m in entity.exact_matches)
        if xref:
            node["xref"] = xref
        nodes.append(node)
    return nodes


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def write(claims: ClaimSet, compact: dict[str, str]) -> dict[str, str]:
    """The two KGX files, by path under build/exchange/."""
    edges = [e for c in claims.claims for e in edges_of(c, claims)]
    return {NODES_FILE: jsonl(nodes_of(claims, edges, compact)), EDGES_FILE: jsonl(edges)}


def supporting_text_problems(edges: list[dict], source: SourceText) -> list[Problem]:
    """Every edge must carry supporting text that its offsets select exactly on the page it cites."""
    problems = []
    for edge in edges:
        where = edge.get("id", "?")
        if "supporting_text" not in edge:
            if not edge.get("myo_curator_added"):
                problems.append(Problem("no supporting text, and not marked curator-added", node=where))
            continue
        page = source.page_by_iri(edge["publications"][0])
        start, end = edge.get("myo_supporting_text_start"), edge.get("myo_supporting_text_end")
        if page is None:
            problems.append(Problem(f"cites {edge['publications'][0]}, which is not a vendored page", node=where))
        elif not isinstance(start, int) or not isinstance(end, int) or page.span(start, end) != \
                edge["supporting_text"][0]:
            problems.append(Problem(f"offsets {start}-{end} do not select the supporting text on page "
                                    f"'{page.id}'", node=where, check="kgx-supporting-text"))
    return problems


def left_out(claim: Claim, claims: ClaimSet) -> str | None:
    """Why the record has no edge, or None when it has."""
    spec = EDGES.get(claim.kind)
    if spec is None:
        return KINDS[claim.kind].form
    return None if spec.roles(claim) else "it names only one entity, and a Biolink edge needs two"


def read(edges_text: str) -> list[dict[str, object]]:
    """The inverse: records (as comparable fields) from KGX edges, one per `myo_statement`."""
    slot_props = {slot: prop for prop, slot in SLOTS.items()}
    key_props = {key: prop for prop, key in EXTENSION_KEYS.items()}
    records: dict[str, dict[str, object]] = {}
    for line in edges_text.splitlines():
        edge = json.loads(line)
        record = records.setdefault(edge["myo_statement"], {
            "iri": _iri(edge["myo_statement"]), "kind": _iri(edge["myo_statement_kind"]), "label": edge["name"],
            "negated": edge.get("negated", False), "page": URIRef(edge["publications"][0]),
            "quote": edge.get("supporting_text", [""])[0], "start": edge.get("myo_supporting_text_start", 0),
            "end": edge.get("myo_supporting_text_end", 0), "curator_added": edge.get("myo_curator_added", False),
            "note": edge.get("myo_editor_note", "")})
        values: dict[URIRef, set] = {_iri(edge["myo_subject_role"]): {_iri(edge["subject"])},
                                     _iri(edge["myo_object_role"]): {_iri(edge["object"])}}
        for key, value in edge.items():
            prop = key_props.get(key) or slot_props.get(key)
            if prop is None:
                continue
            items = value if isinstance(value, list) else [value]
            values.setdefault(prop, set()).update(
                _iri(v) if isinstance(v, str) else Literal(v) for v in items)
        for prop, found in values.items():
            record[str(prop)] = frozenset(record.get(str(prop), frozenset()) | found)
    return list(records.values())
