"""Where a project's files live. Every stage takes a Project, so tests can point it at a copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of one checkout of the repository."""

    root: Path

    @classmethod
    def default(cls) -> Project:
        """The checkout this package was installed from (an editable install)."""
        return cls(Path(__file__).resolve().parents[2])

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def mappings(self) -> Path:
        return self.root / "mappings"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def ontology_files(self) -> list[Path]:
        """The hand-edited Turtle sources, in a fixed order."""
        return sorted(self.ontology.glob("*.ttl"))

    def relative(self, path: Path) -> str:
        """A path as the user should see it: relative to the root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)
