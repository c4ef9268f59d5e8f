"""One exception type for every problem a user can cause, carrying where it is."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """A single thing wrong with the input: where it is and what was expected."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ScoringError(Exception):
    """Raised for bad input; holds every problem found so a user can fix them all at once."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        if not self.problems:
            raise ValueError("ScoringError needs at least one problem")
        super().__init__(str(self))

    @classmethod
    def at(cls, file: str, message: str, line: int | None = None, column: str | None = None) -> "ScoringError":
        return cls(Problem(file=file, message=message, line=line, column=column))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
