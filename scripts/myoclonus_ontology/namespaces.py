"""Namespaces and the terms of our own vocabulary that the tooling refers to by name."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS

BASE = "https://w3id.org/myoclonus-ontology/"
MYO = Namespace(BASE + "MYO_")
IAO = Namespace("http://purl.obolibrary.org/obo/IAO_")
OBO = Namespace("http://purl.obolibrary.org/obo/")
RO = Namespace("http://purl.obolibrary.org/obo/RO_")
OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
VANN = Namespace("http://purl.org/vocab/vann/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace(BASE + "shapes/")  # our SHACL shapes (myosh:)

ONTOLOGY_IRI = URIRef(BASE + "myo.owl")

class Term:
    """Every term of our own vocabulary that code names: the one place an opaque ID is written in Python.

    A name is its term's label in upper snake case (tests/test_namespaces.py checks it against the ontology),
    but for the few commented ones.
    """

    # classes
    DOMAIN_ENTITY = MYO["0000001"]
    MEDICAL_CONDITION = MYO["0000002"]
    DISORDER = MYO["0000003"]
    ASSOCIATED_CONDITION = MYO["0000004"]
    TUMOR = MYO["0000005"]
    INFECTION = MYO["0000006"]
    INJURY = MYO["0000007"]
    POISONING = MYO["0000008"]
    SYMPTOM = MYO["0000009"]
    TREATMENT = MYO["0000011"]
    DRUG = MYO["0000012"]
    DRUG_CLASS = MYO["0000013"]
    TREATMENT_MODALITY = MYO["0000014"]
    TREATMENT_APPROACH = MYO["0000015"]
    RESEARCH_BODY = MYO["0000016"]
    POPULATION = MYO["0000017"]
    GOAL = MYO["0000018"]
    PROGNOSTIC_FACTOR = MYO["0000019"]
    CLINICAL_OUTCOME = MYO["0000020"]
    CIRCUMSTANCE = MYO["0000021"]
    SOURCE_PAGE = MYO["0000022"]
    ANATOMICAL_SITE = MYO["0000023"]
    GEOGRAPHIC_AREA = MYO["0000024"]
    STATEMENT = MYO["0000030"]
    SYMPTOM_STATEMENT = MYO["0000031"]
    ASSOCIATION_STATEMENT = MYO["0000032"]
    POPULATION_STATEMENT = MYO["0000033"]
    TREATMENT_STATEMENT = MYO["0000034"]
    CLASSIFICATION_STATEMENT = MYO["0000035"]
    EFFICACY_STATEMENT = MYO["0000037"]
    ADVERSE_REACTION_STATEMENT = MYO["0000038"]
    TOLERANCE_STATEMENT = MYO["0000039"]
    PROGNOSIS_STATEMENT = MYO["0000040"]
    RESEARCH_STATEMENT = MYO["0000041"]
    SYMPTOM_FORM_STATEMENT = MYO["0000042"]
    SYMPTOM_EXAMPLE_STATEMENT = MYO["0000043"]
    INDICATION_STATEMENT = MYO["0000044"]
    OCCURRENCE_STATEMENT = MYO["0000045"]
    EFFECT_STATEMENT = MYO["0000046"]
    QUALIFIER_VALUE = MYO["0000050"]
    MODALITY_CLASS = MYO["0000051"]  # modality (MODALITY: the property)
    PLAIN_FACT_STATEMENT = MYO["0000065"]
    # object properties
    ABOUT_CONDITION = MYO["0000100"]
    REPORTS_SYMPTOM = MYO["0000102"]
    HAS_SYMPTOM = MYO["0000103"]
    REPORTS_ASSOCIATED_CONDITION = MYO["0000105"]
    HAS_ASSOCIATED_CONDITION = MYO["0000106"]
    REPORTS_TREATMENT = MYO["0000108"]
    HAS_TREATMENT = MYO["0000110"]
    TREATMENT_RANK = MYO["0000112"]  # has treatment rank
    COMBINABLE_WITH = MYO["0000113"]
    APPLICABLE_WHEN_PRESENT = MYO["0000114"]
    MODALITY = MYO["0000115"]  # has modality
    HAS_FREQUENCY = MYO["0000116"]
    IN_POPULATION = MYO["0000117"]
    HAS_PROPORTION = MYO["0000118"]
    ABOUT_TREATMENT = MYO["0000119"]
    CLASSIFIED_ENTITY = MYO["0000120"]
    ASSIGNED_CATEGORY = MYO["0000122"]
    IS_A_TYPE_OF = MYO["0000123"]
    HAS_PREVALENCE = MYO["0000124"]
    HAS_PROGNOSTIC_FACTOR = MYO["0000125"]
    PROGNOSTIC_OUTCOME = MYO["0000126"]
    GIVEN_INTERVENTION = MYO["0000127"]
    RESEARCH_AGENT = MYO["0000128"]
    HAS_RESEARCH_ACTIVITY = MYO["0000130"]
    RESEARCH_TOPIC = MYO["0000131"]
    RESEARCHES = MYO["0000132"]
    RESEARCH_LOCATION = MYO["0000134"]
    HAS_FUNDING_MECHANISM = MYO["0000135"]
    FUNDING_RECIPIENT = MYO["0000136"]
    HAS_GOAL = MYO["0000137"]
    ABOUT_SYMPTOM = MYO["0000138"]
    FORM_OF = MYO["0000140"]
    IS_FORM_OF = MYO["0000141"]
    EXAMPLE_OF = MYO["0000142"]
    INVOLVES_MANIFESTATION = MYO["0000144"]
    INDICATES_CONDITION = MYO["0000145"]
    HAS_DEFINING_SIGN = MYO["0000146"]
    HAS_ASSOCIATION_KIND = MYO["0000150"]
    OCCURS_DURING = MYO["0000151"]
    HAS_EFFECT = MYO["0000152"]
    HAS_SEVERITY = MYO["0000153"]
    INDICATED_CONDITION_SITE = MYO["0000154"]
    HOLDS_IF = MYO["0000155"]
    RECIPIENTS_ACROSS = MYO["0000156"]
    RESEARCH_RESULT = MYO["0000157"]
    PLAIN_FACT_ROLE = MYO["0000158"]
    HAS_VARIETY = MYO["0000159"]
    # data properties
    USABLE_ALONE = MYO["0000200"]
    WITHOUT_WARNING = MYO["0000201"]
    CAUSES_DIFFICULTIES = MYO["0000202"]  # obsolete causes difficulties
    OCCURS_IN_ISOLATION = MYO["0000203"]
    IS_REQUIRED = MYO["0000204"]
    IS_TREATMENT_FOCUS = MYO["0000205"]
    IS_CHARACTERISTIC = MYO["0000206"]
    NEGATED = MYO["0000207"]
    # annotation properties
    SOURCE_QUOTE = MYO["0000250"]
    QUOTE_START = MYO["0000251"]
    QUOTE_END = MYO["0000252"]
    CURATOR_ADDED = MYO["0000253"]
    PAGE_TEXT = MYO["0000254"]
    # individuals
    ASSERTED = MYO["0000300"]
    POSSIBLE = MYO["0000301"]
    FIRST_CHOICE = MYO["0000315"]
    OPSOCLONUS_MYOCLONUS = MYO["0001001"]
    MYOCLONUS = MYO["0001002"]
    MYOCLONIC_JERKING = MYO["0001031"]


# RO:0002200 'has phenotype' (OBO Relation Ontology): what MONDO uses for "characterized by" in class axioms
HAS_PHENOTYPE = RO["0002200"]


DEFINITION = IAO["0000115"]
EDITOR_NOTE = IAO["0000116"]
TERM_REPLACED_BY = IAO["0100001"]
SOURCE = DCTERMS.source


NOT_A_TERM = MYO["0009999"]  # in our namespace but declared nowhere: what injected faults point at


def local_name(node: object) -> str:
    """The last segment of an IRI's path (MYO_0001001 for one of ours): a file name or an HTML id."""
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def is_ours(node: object) -> bool:
    """True for an IRI in this ontology's namespace."""
    return isinstance(node, URIRef) and str(node).startswith(str(MYO))
