"""Reading a GTFS zip one row at a time, and the French report of what is wrong in it.

The standard library's csv and zipfile stream every file: a city's million stop_times rows go
through once without being held in memory. Each problem names its file, line and field.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

# Past this many problems the report stops listing and counts the rest.
MAX_LISTED = 30


@dataclass(frozen=True)
class Problem:
    """One fault in the feed: where (file, line, field) and what, in French."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.field is not None:
            where.append(f"champ {self.field}")
        return f"{', '.join(where)} : {self.message}"


@dataclass
class Problems:
    """The problems found so far; the first MAX_LISTED are kept, the rest counted."""

    listed: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, file: str, line: int | None, name: str | None, message: str) -> None:
        """Note one problem."""
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(Problem(file, line, name, message))

    def __bool__(self) -> bool:
        return self.count > 0


class FeedRefused(Exception):
    """The feed cannot be imported; `problems` says why. Nothing was changed."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        """The French report: one line per problem, then how many were left out."""
        lines = [f"flux GTFS refusé ({self.problems.count} problème(s)) :"]
        lines += [f"- {problem}" for problem in self.problems.listed]
        left = self.problems.count - len(self.problems.listed)
        if left > 0:
            lines.append(f"… et {left} autre(s) problème(s)")
        return "\n".join(lines)


def refuse(file: str, line: int | None, name: str | None, message: str) -> FeedRefused:
    """A refusal with one problem."""
    problems = Problems()
    problems.add(file, line, name, message)
    return FeedRefused(problems)


class Table:
    """One GTFS file of the zip: its header's columns, then its rows with their line numbers."""

    def __init__(self, archive: zipfile.ZipFile, name: str, problems: Problems) -> None:
        self.name = name
        self._problems = problems
        self._stream: IO[str] = io.TextIOWrapper(
            archive.open(name), encoding="utf-8-sig", newline=""
        )
        self._reader = csv.reader(self._stream)
        try:
            header = next(self._reader, [])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise refuse(name, 1, None, f"en-tête illisible ({exc})") from None
        self.columns = {column.strip(): i for i, column in enumerate(header)}

    def has(self, column: str) -> bool:
        """Whether the header names `column`."""
        return column in self.columns

    def require(self, *columns: str) -> bool:
        """Note each missing required column; True when all are there."""
        missing = [c for c in columns if c not in self.columns]
        for column in missing:
            self._problems.add(self.name, 1, column, "colonne obligatoire absente de l'en-tête")
        return not missing

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) per row, cells stripped; blank lines skipped."""
        reader = self._reader
        width = len(self.columns)
        try:
            for cells in reader:
                if not cells or cells == [""]:
                    continue
                if len(cells) < width:
                    cells += [""] * (width - len(cells))
                yield reader.line_num, [cell.strip() for cell in cells]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise refuse(self.name, reader.line_num + 1, None, f"ligne illisible ({exc})") from None
        finally:
            self._stream.close()

    def raw_rows(self, width: int) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) per row as csv reads them, at least `width` cells (blank
        lines skipped): for a hot loop that strips only what it must."""
        reader = self._reader
        try:
            for cells in reader:
                if len(cells) < width:
                    if not cells or cells == [""]:
                        continue
                    cells += [""] * (width - len(cells))
                yield reader.line_num, cells
        except (csv.Error, UnicodeDecodeError) as exc:
            raise refuse(self.name, reader.line_num + 1, None, f"ligne illisible ({exc})") from None
        finally:
            self._stream.close()

    def getter(self, column: str) -> int | None:
        """The position of an optional column, None when absent."""
        return self.columns.get(column)


def cell(cells: list[str], position: int | None) -> str:
    """The cell at `position`, empty when the column is absent."""
    return cells[position] if position is not None else ""
