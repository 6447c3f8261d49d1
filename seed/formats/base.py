"""What every reader yields: the fields of one row in our names, or why it was rejected."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.text_types import TextRefused, forbidden_character, printable_value
from seed.data_sources import SourceDeclaration
from seed.validation_text import shown

# The most columns a file's header may have (or keys a JSON place, properties a GeoJSON
# feature): the standard has 32, a spreadsheet adds a few; more is no list of places, and
# refusing it at once keeps a header of millions of names from costing anything.
MAX_COLUMNS = 500


class FormatError(ValueError):
    """The file as a whole cannot be read (encoding, header, truncation); nothing is imported.

    The message is French (people read it); `en`, when given, is the same in English.
    """

    def __init__(self, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.en = en


@dataclass(frozen=True)
class RowError:
    """Why one value of one row was rejected; `field` is the column name in the file."""

    line: int
    field: str
    value: Any
    reason: str

    def as_text(self) -> str:
        """One line for a terminal, in French."""
        value = "(vide)" if self.value in (None, "") else shown(self.value)
        if value in self.reason:  # the reason names the value already
            return f"ligne {self.line} : {self.field} : {self.reason}"
        return f"ligne {self.line} : {self.field} = {value} : {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        """For JSON reports: `line`, `field` and `value` for scripts, `reason` for people."""
        value = printable_value(self.value)  # a refused value may hold what JSON cannot
        return {"line": self.line, "field": self.field, "value": value, "reason": self.reason}


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
    # A geocoded row located only to its commune's centre is kept (else rejected).
    allow_commune_only: bool = False
    # What the file or its mapping says of its source (credit, licence, publication date).
    declared_source: SourceDeclaration | None = None


@dataclass
class RowStream:
    """The rows of a file as they are read, one at a time, plus what its header told.

    Iterating `rows` may raise FormatError (a broken record, no rows at all).
    """

    rows: Iterator[ParsedRow]
    format_name: str
    unknown_columns: list[str] = field(default_factory=list)
    allow_commune_only: bool = False
    declared_source: SourceDeclaration | None = None


# JSON files are places with a few lists and tables: nesting deeper than this is refused, so
# that no value too deep for the report's serialiser (orjson: 254 levels) reaches it.
MAX_JSON_DEPTH = 32


def check_depth(document: Any, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise FormatError if arrays and objects nest deeper than `limit` levels."""
    stack = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise FormatError(
                f"JSON imbriqué sur plus de {limit} niveaux",
                en=f"JSON nested deeper than {limit} levels",
            )

        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))


def check_header(names: Sequence[str], what: str = "l'en-tête") -> None:
    """FormatError when `what` (a header, a place's keys) has more than MAX_COLUMNS names or
    a name with a control character; one pass, whatever the number of names."""
    if len(names) > MAX_COLUMNS:
        raise FormatError(
            f"{what} a {len(names)} colonnes : {MAX_COLUMNS} au plus sont acceptées",
            en=f"{len(names)} columns: at most {MAX_COLUMNS} are accepted",
        )
    for position, name in enumerate(names, start=1):
        found = forbidden_character(name)
        if found:
            refused = TextRefused(found)
            raise FormatError(
                f"{what}, colonne {position} : {refused.fr}", en=f"column {position}: {refused}"
            )
