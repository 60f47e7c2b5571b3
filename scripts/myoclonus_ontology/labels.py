"""Statement labels from a template per pattern: always the same grammar for the same kind of claim.

A template is the claim written out for an asserted, affirmed statement, with placeholders:

* `{column}`: the value of a column (entity labels joined "a, b and c"; a qualifier's label; a flag's phrase);
  `{column|adverb}` the value as an adverb ("severe" → "severely"), `{column|plural}` its last word in the
  plural ("neurological disorder" → "neurological disorders");
* `{~verb phrase}`: the verb group, in the base form, for a singular subject ("{~have}" → "has"), or
  `{~~verb phrase}` for a plural one; the phrase may also be a column whose qualifier label is a verb
  ("{~kind}" with "develops in response to"). The group carries the statement's hedge ("may"), negation
  ("does not", "is not") and frequency ("commonly has"; "in some cases" goes to the front);
* `{a}`: "a " or "an ", whichever the next word takes;
* `[ ... ]`: an optional part, written only when every column inside it has a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
VOWEL = re.compile(r"[aeiouAEIOU]")
THIRD_PERSON_IRREGULAR = {"be": "is", "have": "has", "do": "does"}
BASE_IRREGULAR = {v: k for k, v in THIRD_PERSON_IRREGULAR.items()}


@dataclass(frozen=True)
class Field:
    name: str
    filter: str | None = None


@dataclass(frozen=True)
class Verb:
    phrase: str
    plural: bool
    column: bool = False  # the phrase is a qualifier column whose value's label is the verb phrase


@dataclass(frozen=True)
class Article:
    pass


@dataclass(frozen=True)
class Group:
    tokens: tuple[object, ...]


@dataclass(frozen=True)
class Clause:
    """How the verb group of one statement is qualified."""

    hedged: bool = False
    negated: bool = False
    frequency: str | None = None


ARTICLE_MARK = "\x00a\x00"


def parse_template(text: str) -> tuple[object, ...]:
    """The template as tokens; a malformed template raises ValueError saying what is wrong."""
    tokens: list[object] = []
    stack: list[list[object]] = [tokens]
    position = 0
    for match in re.finditer(r"\{[^{}]*\}|\[|\]", text):
        if match.start() > position:
            stack[-1].append(text[position:match.start()])
        position = match.end()
        token = match.group(0)
        if token == "[":
            if len(stack) > 1:
                raise ValueError("optional parts [...] cannot be nested")
            stack.append([])
        elif token == "]":
            if len(stack) == 1:
                raise ValueError("a ']' closes no '['")
            inner = stack.pop()
            stack[-1].append(Group(tuple(inner)))
        else:
            stack[-1].append(_placeholder(token[1:-1]))
    if position < len(text):
        stack[-1].append(text[position:])
    if len(stack) > 1:
        raise ValueError("a '[' is never closed")
    if any(ch in "{}" for part in tokens for ch in (part if isinstance(part, str) else "")):
        raise ValueError("unbalanced '{' or '}'")
    if sum(1 for t in _flat(tokens) if isinstance(t, Verb)) != 1:
        raise ValueError("a template needs exactly one verb group {~...}, which carries hedge and negation")
    return tuple(tokens)


def _placeholder(inner: str) -> object:
    if inner == "a":
        return Article()
    if inner.startswith("~"):
        plural = inner.startswith("~~")
        phrase = inner.lstrip("~").strip()
        if not phrase:
            raise ValueError("an empty verb group {~}")
        return Verb(phrase, plural)
    name, _, filter_name = inner.partition("|")
    if filter_name and filter_name not in FILTER_FUNCTIONS:
        raise ValueError(f"unknown filter '|{filter_name}' (known: {', '.join(FILTER_FUNCTIONS)})")
    if not name.strip():
        raise ValueError("an empty placeholder {}")
    return Field(name.strip(), filter_name or None)


def _flat(tokens: tuple[object, ...] | list[object]) -> list[object]:
    flat: list[object] = []
    for token in tokens:
        flat.extend(_flat(token.tokens) if isinstance(token, Group) else [token])
    return flat


def fields_of(tokens: tuple[object, ...]) -> set[str]:
    """The columns a template's placeholders name (verb groups not included)."""
    return {t.name for t in _flat(tokens) if isinstance(t, Field)}


def with_verb_columns(tokens: tuple[object, ...], columns: set[str]) -> tuple[object, ...]:
    """The tokens, with each verb group whose phrase is one of `columns` marked as taking its verb from it."""
    def mark(token: object) -> object:
        if isinstance(token, Verb) and token.phrase in columns:
            return Verb(token.phrase, token.plural, column=True)
        return Group(tuple(mark(t) for t in token.tokens)) if isinstance(token, Group) else token
    return tuple(mark(t) for t in tokens)


def render(tokens: tuple[object, ...], values: dict[str, str | None], clause: Clause) -> str:
    """The label; `values` maps each filled column to its text (unfilled columns are absent or None)."""
    text = "".join(_render(t, values, clause) or "" for t in tokens)
    if clause.frequency and clause.frequency.startswith("in "):
        text = f"{clause.frequency}, {text}"
    return _articles(text)


def _render(token: object, values: dict[str, str | None], clause: Clause) -> str | None:
    if isinstance(token, str):
        return token
    if isinstance(token, Article):
        return ARTICLE_MARK
    if isinstance(token, Verb):
        phrase = token.phrase
        if token.column:  # a qualifier whose label is a verb phrase, written for one subject
            verb, _, rest = (values.get(token.phrase) or "").partition(" ")
            phrase = " ".join(filter(None, [base_form(verb), rest]))
        return verb_group(phrase, token.plural, clause)
    if isinstance(token, Field):
        value = values.get(token.name)
        if not value:
            return None
        return FILTER_FUNCTIONS[token.filter](value) if token.filter else value
    parts = [_render(t, values, clause) for t in token.tokens]
    return "" if any(p is None for p in parts) else "".join(parts)


def verb_group(phrase: str, plural: bool, clause: Clause) -> str:
    """'has', 'may have', 'does not have', 'is generally not', 'commonly occurs', ... for a base-form phrase."""
    verb, _, rest = phrase.partition(" ")
    frequency = clause.frequency if clause.frequency and not clause.frequency.startswith("in ") else None
    negation = "not" if clause.negated else None
    if clause.hedged:
        parts = ["may", frequency, negation, verb, rest]
    elif verb == "be":
        parts = ["are" if plural else "is", frequency, negation, rest]
    elif clause.negated:
        parts = [frequency, "do" if plural else "does", "not", verb, rest]
    else:
        parts = [frequency, verb if plural else third_person(verb), rest]
    return " ".join(p for p in parts if p)


def third_person(verb: str) -> str:
    """The third person singular present of a base-form verb."""
    if verb in THIRD_PERSON_IRREGULAR:
        return THIRD_PERSON_IRREGULAR[verb]
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    if re.search(r"(s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    return verb + "s"


def base_form(verb: str) -> str:
    """The base form of a third person singular verb ('develops' → 'develop')."""
    if verb in BASE_IRREGULAR:
        return BASE_IRREGULAR[verb]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(sses|shes|ches|xes|zes|oes)$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def adverb(adjective: str) -> str:
    """'severe' → 'severely', 'simple' → 'simply', 'heavy' → 'heavily'."""
    if adjective.endswith("le"):
        return adjective[:-1] + "y"
    if adjective.endswith("y"):
        return adjective[:-1] + "ily"
    return adjective + "ly"


def plural(noun_phrase: str) -> str:
    """The phrase with its last word in the plural: 'neurological disorder' → 'neurological disorders'."""
    head, _, last = noun_phrase.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|sh|ch|x|z)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


FILTER_FUNCTIONS = {"adverb": adverb, "plural": plural}


def _articles(text: str) -> str:
    """Each article mark becomes 'an ' before a vowel letter and 'a ' otherwise."""
    def choose(match: re.Match) -> str:
        return ("an " if VOWEL.match(match.group(1)) else "a ") + match.group(1)
    return re.sub(re.escape(ARTICLE_MARK) + r"(.)", choose, text).replace(ARTICLE_MARK, "a")


def join(labels: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"
