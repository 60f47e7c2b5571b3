"""The bounds on the work a user's input can cause, with their defaults and how to raise them.

Each limit is read from an environment variable (so child processes see the same value) and can be set
for one command by a flag of `myo` that writes that variable. The README's "Safety and limits" lists them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One bound: its environment variable, its default, what it bounds and the flag that raises it."""

    variable: str
    default: float
    what: str
    flag: str

    def value(self) -> float:
        """The value in force: the environment variable when it holds a positive number, else the default."""
        text = os.environ.get(self.variable, "").strip()
        try:
            value = float(text)
        except ValueError:
            return self.default
        return value if value > 0 else self.default

    def exceeded(self, subject: str) -> str:
        """The sentence telling a user how to raise this limit."""
        shown = int(self.value()) if self.value() == int(self.value()) else self.value()
        return (f"{subject} (the limit is {shown} {self.what}; raise it with {self.flag} or the environment "
                f"variable {self.variable})")


NESTING_DEPTH = Limit("MYO_MAX_NESTING", 100, "levels of nested lists or blank nodes", "--max-nesting N")
LITERAL_SIZE = Limit("MYO_MAX_LITERAL", 100_000, "characters", "--max-literal N")
QUERY_SECONDS = Limit("MYO_QUERY_TIMEOUT", 30, "seconds", "--timeout S")
QUERY_ROWS = Limit("MYO_QUERY_MAX_ROWS", 100_000, "rows", "--max-rows N")
QUERY_MEMORY_MB = Limit("MYO_QUERY_MAX_MEMORY", 2048, "MB", "--max-memory MB")

PARSE_LIMITS = (NESTING_DEPTH, LITERAL_SIZE)
QUERY_LIMITS = (QUERY_SECONDS, QUERY_ROWS, QUERY_MEMORY_MB)


def set_limit(limit: Limit, value: float | None) -> None:
    """Put a flag's value in force for this process and its children (None: leave it as it is)."""
    if value is not None:
        os.environ[limit.variable] = str(value)
