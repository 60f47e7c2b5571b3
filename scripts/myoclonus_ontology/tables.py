"""Reading the curated TSV tables: a header row, then one record a row, tab-separated, no quoting.

Every row remembers its file and line, so that a fault is reported where a curator fixes it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UnusableInputError
from .project import Project
from .textfiles import read_text

LIST_SEPARATOR = " | "  # several values in one cell, as ROBOT templates write them (SPLIT=|)


@dataclass(frozen=True)
class TableRow:
    """One row of a table: its cells by column name, and where it is written."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def values(self, column: str) -> list[str]:
        """The cell split at ' | ' (empty cell: no values)."""
        text = self.get(column)
        return [v.strip() for v in text.split(LIST_SEPARATOR.strip())] if text else []

    def problem(self, column: str | None, message: str, node: str | None = None) -> Problem:
        """A fault in this row, naming the column it is in."""
        where = f"column '{column}': " if column else ""
        return Problem(where + message, file=self.file, line=self.line, node=node or self.get("id") or None,
                       check="tables")


def read_table(project: Project, path: Path, columns: list[str]) -> list[TableRow]:
    """The rows of a TSV table whose header must be exactly `columns`; blank lines are skipped."""
    shown = project.relative(path)
    if not path.is_file():
        raise UnusableInputError("tables", [Problem("the table is missing", file=shown)])
    lines = read_text(path, shown, "tables").splitlines()
    records = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not records or records[0] != columns:
        found = records[0] if records else []
        raise UnusableInputError("tables", [Problem(
            f"the header must be the {len(columns)} columns {columns}; found {found}", file=shown, line=1)])
    rows, problems = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            problems.append(Problem(f"has {len(record)} cells, the header has {len(columns)} (a tab too many or "
                                    "too few?)", file=shown, line=number))
            continue
        rows.append(TableRow(shown, number, dict(zip(columns, record, strict=True))))
    if problems:
        raise UnusableInputError("tables", problems)
    return rows
