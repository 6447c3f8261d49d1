"""What every reader yields: the fields of one row in our names, or why it was rejected."""

from dataclasses import dataclass, field
from typing import Any


class FormatError(ValueError):
    """The file as a whole cannot be read (encoding, header, truncation); nothing is imported."""


@dataclass(frozen=True)
class RowError:
    """Why one value of one row was rejected; `field` is the column name in the file."""

    line: int
    field: str
    value: Any
    reason: str

    def as_text(self) -> str:
        """One line for a terminal."""
        return f"line {self.line}: {self.field} = {self.value!r}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        """For JSON reports."""
        return {"line": self.line, "field": self.field, "value": self.value, "reason": self.reason}


@dataclass
class ParsedRow:
    """One row: `fields` uses AccessPointCreate's names, not yet validated by the model.

    Readers convert (split lists, parse dates, hours columns to OSM syntax) and record
    conversion errors; the import engine geocodes rows without coordinates, then validates.
    `columns` maps a field name back to the file's column, so model errors name the column.
    """

    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ReadResult:
    """All rows of a file, plus what was noticed about the file itself."""

    rows: list[ParsedRow]
    format_name: str
    unknown_columns: list[str] = field(default_factory=list)
