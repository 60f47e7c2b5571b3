"""Problems found in the inputs, reported with the file, line and node a person must fix."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_UNUSABLE_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One fault: what is wrong and where."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    node: str | None = None
    check: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        node = f"{self.node}: " if self.node else ""
        check = f" [{self.check}]" if self.check else ""
        return f"{where}{node}{self.message}{check}"


@dataclass
class BuildError(Exception):
    """The build cannot go on: the inputs are faulty. `exit_code` tells the shell why."""

    stage: str
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_VIOLATIONS

    def __str__(self) -> str:
        head = f"{self.stage}: {len(self.problems)} problem(s)"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class UnusableInputError(BuildError):
    """A file is missing or cannot be parsed at all (exit code 2)."""

    def __init__(self, stage: str, problems: list[Problem]) -> None:
        super().__init__(stage, problems, exit_code=EXIT_UNUSABLE_INPUT)
