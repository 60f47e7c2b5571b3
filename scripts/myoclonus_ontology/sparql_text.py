"""What a SPARQL text asks for, read from its tokens: SERVICE calls, updates, variables.

The text is tokenized as the SPARQL grammar does, so a keyword inside a comment, a string, an IRI, a
prefixed name or a variable name is never taken for the keyword. The text is also read with its \\u
escapes decoded (the grammar allows them anywhere), so an escaped SERVICE is found as well. A query that reaches out
(`SERVICE`) or writes (`INSERT`, `LOAD`, ...) is refused before any engine sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Problem, UnusableInputError

TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*|_:[\w.-]+|[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
PROLOGUE_KEYWORDS = {"PREFIX", "BASE"}


@dataclass(frozen=True)
class Reading:
    """The parts of a SPARQL text that decide whether it may run."""

    keywords: tuple[str, ...]
    variables: frozenset[str]
    escaped_keywords: tuple[str, ...] = ()

    @property
    def calls_service(self) -> bool:
        return "SERVICE" in self.keywords or "SERVICE" in self.escaped_keywords

    @property
    def is_update(self) -> bool:
        """The first keyword after the prologue (PREFIX and BASE declarations) starts an update."""
        body = [k for k in self.keywords if k not in PROLOGUE_KEYWORDS]
        return bool(body) and body[0] in UPDATE_KEYWORDS


def _decode_escapes(text: str) -> str:
    return UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _tokens(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    keywords: list[str] = []
    variables: set[str] = set()
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "name" and ":" not in value:
            keywords.append(value.upper())
        elif kind == "variable":
            variables.add(value[1:])
    return tuple(keywords), frozenset(variables)


def read(text: str) -> Reading:
    """Keywords (upper-cased bare words, in order) and variable names of a SPARQL text.

    The text is read as written and with its \\u escapes decoded; a SERVICE in either reading counts.
    """
    keywords, variables = _tokens(text)
    decoded = _decode_escapes(text)
    escaped = _tokens(decoded)[0] if decoded != text else ()
    return Reading(keywords, variables, escaped)


def check_query(text: str, where: str, allow_service: bool = False) -> Reading:
    """Refuse an update (everything here is read-only) and, unless allowed, a SERVICE call."""
    reading = read(text)
    if reading.is_update:
        raise UnusableInputError("query", [Problem(
            "this is a SPARQL update: updates are refused, the release is queried read-only "
            "(use SELECT, ASK, CONSTRUCT or DESCRIBE)", file=where)])
    if reading.calls_service and not allow_service:
        raise UnusableInputError("query", [Problem(
            "SERVICE is refused: it would send requests to another server; a query reads only the release "
            "(myo query --allow-service permits it)", file=where)])
    return reading
