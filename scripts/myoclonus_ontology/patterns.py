"""Statement patterns: one TOML file per kind of claim, as DOSDP patterns are one YAML file per pattern.

A pattern names its class, its columns (each mapped to a property of the schema) and its label templates.
What a column holds follows from the schema, not from the pattern: an object property whose range is a
closed list (owl:oneOf) takes a readable qualifier value ("possible"); any other object property takes
entity IDs with a label column beside them (several, separated by ' | ', unless the property is
functional); a boolean data property is a flag (true, false or empty).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .errors import Problem, UnusableInputError
from .labels import fields_of, parse_template, with_verb_columns
from .prefixes import expand
from .project import Project

PATTERN_FOLDER = "patterns"
STATEMENT_FOLDER = "statements"
EVERY_STATEMENT = "_every-statement.toml"
PROVENANCE_COLUMNS = ["page", "quote", "occurrence", "note", "curator added"]

ENTITY, QUALIFIER, FLAG = "entity", "qualifier", "flag"


@dataclass(frozen=True)
class Column:
    """One column of a statement table and the property it fills."""

    name: str
    property: URIRef
    kind: str
    required: bool = False
    multiple: bool = False
    phrase: str | None = None
    join: str = "and"
    values: dict[str, URIRef] = field(default_factory=dict)  # a qualifier's closed list, by label
    default: bool | None = None  # a flag's value when its cell is empty (written, not left open)

    @property
    def headers(self) -> list[str]:
        return [self.name, f"{self.name} label"] if self.kind == ENTITY else [self.name]


@dataclass(frozen=True)
class LabelRule:
    """A label template and the columns that must be filled for it to apply."""

    when: tuple[str, ...]
    tokens: tuple[object, ...]
    template: str


@dataclass(frozen=True)
class Pattern:
    """One kind of claim: its class, its columns and its label templates; its table is statements/NAME.tsv."""

    name: str
    cls: URIRef
    description: str
    columns: tuple[Column, ...]
    labels: tuple[LabelRule, ...]
    path: Path

    @property
    def header(self) -> list[str]:
        return ["id", *(h for c in self.columns for h in c.headers), *PROVENANCE_COLUMNS]

    def table(self, project: Project) -> Path:
        return project.ontology / STATEMENT_FOLDER / f"{self.name}.tsv"


def pattern_files(project: Project) -> list[Path]:
    return sorted(p for p in (project.ontology / PATTERN_FOLDER).glob("*.toml") if p.name != EVERY_STATEMENT)


def load_patterns(project: Project, schema: Graph) -> list[Pattern]:
    """Every pattern, checked against the schema; a fault names the pattern file."""
    common_path = project.ontology / PATTERN_FOLDER / EVERY_STATEMENT
    problems: list[Problem] = []
    common = _columns(_read(project, common_path), schema, project.relative(common_path), problems)
    patterns = []
    for path in pattern_files(project):
        shown = project.relative(path)
        spec = _read(project, path)
        columns = _columns(spec, schema, shown, problems) + common
        cls = _term(spec, "class", "class_label", schema, shown, problems)
        labels = _labels(spec, columns, shown, problems)
        names = [h for c in columns for h in c.headers]
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append(Problem(f"two columns are named '{name}'", file=shown, check="patterns"))
        if cls is not None:
            patterns.append(Pattern(path.stem, cls, str(spec.get("description", "")), tuple(columns),
                                    tuple(labels), path))
    if problems:
        raise UnusableInputError("patterns", problems)
    return patterns


def _read(project: Project, path: Path) -> dict:
    shown = project.relative(path)
    if not path.is_file():
        raise UnusableInputError("patterns", [Problem("the pattern file is missing", file=shown)])
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UnusableInputError("patterns", [Problem(f"not valid TOML: {err}", file=shown)]) from err


def _term(spec: dict, key: str, label_key: str, schema: Graph, shown: str, problems: list[Problem]) -> URIRef | None:
    """The term a pattern names by CURIE, checked against the label written beside it."""
    curie_text, label = str(spec.get(key, "")), str(spec.get(label_key, ""))
    iri = expand(curie_text)
    actual = schema.value(iri, RDFS.label) if iri is not None else None
    if actual is None:
        problems.append(Problem(f"{key} '{curie_text}' is not a term of the schema", file=shown, check="patterns"))
        return None
    if str(actual) != label:
        problems.append(Problem(f"{label_key} '{label}' is not the label of {curie_text}, which is '{actual}'",
                                file=shown, check="patterns"))
    return iri


def _columns(spec: dict, schema: Graph, shown: str, problems: list[Problem]) -> list[Column]:
    columns = []
    for entry in spec.get("columns", []):
        prop = _term(entry, "property", "property_label", schema, shown, problems)
        if prop is None:
            continue
        kind, values = _kind(schema, prop)
        if kind is None:
            problems.append(Problem(f"column '{entry.get('name')}': {entry.get('property')} is neither an object "
                                    "property nor a boolean data property", file=shown, check="patterns"))
            continue
        multiple = kind == ENTITY and (prop, RDF.type, OWL.FunctionalProperty) not in schema
        default = entry.get("default")
        if default is not None and (kind != FLAG or not isinstance(default, bool)):
            problems.append(Problem(f"column '{entry.get('name')}': only a flag takes a default, true or false",
                                    file=shown, check="patterns"))
            default = None
        columns.append(Column(str(entry.get("name", "")), prop, kind, bool(entry.get("required", False)), multiple,
                              entry.get("phrase"), str(entry.get("join", "and")), values, default))
    return columns


def _kind(schema: Graph, prop: URIRef) -> tuple[str | None, dict[str, URIRef]]:
    """What a column of this property holds, by the property's declaration (and its closed list)."""
    if (prop, RDF.type, OWL.DatatypeProperty) in schema:
        return (FLAG, {}) if schema.value(prop, RDFS.range) == XSD.boolean else (None, {})
    if (prop, RDF.type, OWL.ObjectProperty) not in schema:
        return None, {}
    members = closed_list(schema, schema.value(prop, RDFS.range))
    if members:
        return QUALIFIER, {str(schema.value(m, RDFS.label)): m for m in members}
    return ENTITY, {}


def closed_list(schema: Graph, cls: URIRef | None) -> list[URIRef]:
    """The members of a class defined as owl:oneOf (directly or as an equivalent class), else []."""
    if cls is None:
        return []
    for node in [cls, *schema.objects(cls, OWL.equivalentClass)]:
        members = schema.value(node, OWL.oneOf)
        if members is not None:
            return [m for m in schema.items(members) if isinstance(m, URIRef)]
    return []


def _labels(spec: dict, columns: list[Column], shown: str, problems: list[Problem]) -> list[LabelRule]:
    names = {c.name for c in columns}
    rules = []
    for entry in spec.get("labels", []):
        template = str(entry.get("template", ""))
        try:
            tokens = parse_template(template)
        except ValueError as err:
            problems.append(Problem(f"label template {template!r}: {err}", file=shown, check="patterns"))
            continue
        unknown = (fields_of(tokens) | set(entry.get("when", []))) - names
        if unknown:
            problems.append(Problem(f"label template {template!r} names unknown columns {sorted(unknown)}",
                                    file=shown, check="patterns"))
            continue
        verbs = {c.name for c in columns if c.kind == QUALIFIER}
        rules.append(LabelRule(tuple(entry.get("when", [])), with_verb_columns(tokens, verbs), template))
    if not rules:
        problems.append(Problem("the pattern has no label template", file=shown, check="patterns"))
    return rules
