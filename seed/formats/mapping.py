"""A declarative mapping (TOML) from any municipal CSV to our fields; see docs/importing.md."""

import _csv
import csv
import io
import itertools
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import available_timezones

from pydantic import Field, ValidationError, field_validator, model_validator

from models.overseas import department_of_place, time_zone_of
from seed.data_sources import SourceDeclaration
from seed.formats.base import FormatError, ParsedRow, ReadResult, RowError, check_header
from seed.formats.mapping_hours import CellErrors, HoursSpec, hours_columns, read_hours
from seed.formats.mapping_values import (
    FIELDS,
    FieldOptions,
    FieldSpec,
    Strict,
    constant,
    convert_cell,
    ordered,
)
from seed.validation_text import ValueErrorFr, explain

_DELIMITERS = (",", ";", "\t", "|")
# Fields that no column may fill: the source names the import, the hours have their table,
# equipment is a table of counts.
_NOT_FROM_COLUMNS = {
    "source": "set it in [defaults] or pass it to the import",
    "opening_hours": 'use the [hours] table (kind = "osm" for a column in OSM syntax)',
    "equipment": "set it in [defaults] or in a rule's then, e.g. { computer = 4 }",
}


class MappingError(FormatError):
    """The mapping file is wrong; each problem names its TOML key path.

    A FormatError, because a file cannot be read with a broken mapping: nothing is imported.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))
        self.problems = problems


class FileOptions(Strict):
    """`[file]`: how the CSV is laid out."""

    delimiter: str = "auto"
    encoding: Literal["utf-8", "cp1252", "auto"] = "auto"
    skip_rows: int = Field(default=0, ge=0)

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if value != "auto" and len(value) != 1:
            raise ValueErrorFr(
                'must be "auto" or one character', '« auto » ou un seul caractère (exemple : ";")'
            )
        return value


class LocationOptions(Strict):
    """`[location]`: what a geocoded row's position may be."""

    # A row whose address is found only as its commune (its centre) is rejected unless true.
    allow_commune_only: bool = False


class Rule(Strict):
    """`[[rules]]`: when a column matches or a field contains a value, add facts."""

    if_column: str | None = None
    matches: str | None = None
    if_field: str | None = None
    contains: str | None = None
    then: dict[str, Any]

    @model_validator(mode="after")
    def _one_condition(self) -> "Rule":
        by_column = self.if_column is not None and self.matches is not None
        by_field = self.if_field is not None and self.contains is not None
        if by_column == by_field or (by_column and (self.if_field or self.contains)):
            raise ValueErrorFr(
                "give either if_column and matches, or if_field and contains",
                "donnez soit if_column et matches, soit if_field et contains",
            )
        if self.matches is not None:
            try:
                re.compile(self.matches)
            except re.error as exc:
                raise ValueErrorFr(
                    f"matches is not a regular expression: {exc}",
                    f"matches n'est pas une expression régulière valide ({exc.msg})",
                ) from None
        return self


class Mapping(Strict):
    """A whole mapping file."""

    description: str | None = None
    # What the source says of itself: stored as its `data_source` row when the import writes.
    attribution: str | None = Field(default=None, min_length=1, max_length=300)
    licence: str | None = Field(default=None, min_length=1, max_length=300)
    published_on: date | None = None
    # The clock the file's hours are written in; a row whose commune lives by another is
    # rejected (hours are evaluated in the commune's time zone).
    time_zone: str | None = None
    file: FileOptions = FileOptions()
    location: LocationOptions = LocationOptions()
    defaults: dict[str, Any] = Field(default_factory=dict)
    columns: dict[str, str]
    fields: dict[str, FieldOptions] = Field(default_factory=dict)
    hours: HoursSpec | None = None
    rules: list[Rule] = Field(default_factory=list)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in available_timezones():
            raise ValueErrorFr(
                "must be a tzdata zone such as Europe/Paris or America/Martinique",
                "doit être un fuseau tzdata, par exemple Europe/Paris ou America/Martinique",
            )
        return value

    @property
    def source(self) -> str | None:
        """The source key given in `[defaults]`, if any."""
        return self.defaults.get("source")

    def options(self, field: str) -> FieldOptions:
        """The `[fields.<field>]` options, or the defaults."""
        return self.fields.get(field) or FieldOptions()

    def used_columns(self) -> list[str]:
        """Every file column the mapping reads, without repeats."""
        used = list(self.columns.values())
        if self.hours is not None:
            used.extend(hours_columns(self.hours))
        used.extend(rule.if_column for rule in self.rules if rule.if_column)
        return list(dict.fromkeys(used))


def load_mapping(path_or_text: str | Path) -> Mapping:
    """A validated mapping from a TOML file, or from TOML text; raise MappingError."""
    text = _read_text(path_or_text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError([("(toml)", str(exc))]) from None
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        raise MappingError([_pydantic_problem(data, error) for error in exc.errors()]) from None
    problems = _check(mapping)
    if problems:
        raise MappingError(problems)
    return mapping


def _read_text(path_or_text: str | Path) -> str:
    """TOML text is given as is; anything else is a path (TOML text always has an `=`)."""
    if isinstance(path_or_text, str) and ("=" in path_or_text or "\n" in path_or_text):
        return path_or_text
    try:
        return Path(path_or_text).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError([("(file)", f"cannot read {path_or_text}: {exc}")]) from None


def _pydantic_problem(data: Any, error: Any) -> tuple[str, str]:
    """(key path, reason); union and tag names that pydantic adds to the path are left out."""
    path, node = "", data
    for part in error["loc"]:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            path, node = f"{path}[{part}]", node[part]
        elif isinstance(node, dict) and part in node:
            path, node = f"{path}.{part}" if path else str(part), node[part]
    return path or "(racine)", explain(error, str(error["loc"][-1]) if error["loc"] else "")[0]


def _check(mapping: Mapping) -> list[tuple[str, str]]:
    """What the structure allows but the fields forbid."""
    problems = _check_defaults(mapping.defaults)
    problems += _check_columns(mapping.columns)
    for field, options in mapping.fields.items():
        problems += _check_options(f"fields.{field}", field, options, mapping)
    for index, rule in enumerate(mapping.rules):
        problems += _check_rule(f"rules[{index}]", rule)
    return problems


def _check_defaults(defaults: dict[str, Any]) -> list[tuple[str, str]]:
    """Constants must be valid values of known fields."""
    source = defaults.get("source")
    if "source" in defaults and (not isinstance(source, str) or not source.strip()):
        return [("defaults.source", "must be a non-empty text")]
    return _check_constants("defaults", {k: v for k, v in defaults.items() if k != "source"})


def _check_constants(path: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """Each value must be valid for its field; source and source_id are never constants."""
    problems = []
    for field, value in values.items():
        if field in ("source", "source_id"):
            problems.append((f"{path}.{field}", "set per import or per row, not here"))
            continue
        if field not in FIELDS:
            problems.append((f"{path}.{field}", _unknown_field(field)))
            continue
        try:
            constant(FIELDS[field], value)
        except ValueError as exc:
            problems.append((f"{path}.{field}", str(exc)))
    return problems


def _check_columns(columns: dict[str, str]) -> list[tuple[str, str]]:
    """Known fields that a column may fill; source_id is required."""
    problems = []
    if "source_id" not in columns:
        problems.append(("columns.source_id", "required: it identifies a place across imports"))
    for field in columns:
        if field not in FIELDS:
            problems.append((f"columns.{field}", _unknown_field(field)))
        elif field in _NOT_FROM_COLUMNS:
            problems.append((f"columns.{field}", _NOT_FROM_COLUMNS[field]))
    return problems


def _check_options(
    path: str, field: str, options: FieldOptions, mapping: Mapping
) -> list[tuple[str, str]]:
    """Options must suit the field's kind and refer to a mapped column."""
    spec = FIELDS.get(field)
    if spec is None or field not in mapping.columns:
        return [(path, "no column feeds this field: add it to [columns]")]
    problems = []
    if options.separator is not None and not spec.is_list:
        problems.append((f"{path}.separator", "only list fields take a separator"))
    if options.date_format is not None and spec.kind != "date":
        problems.append((f"{path}.date_format", "only date fields take a date_format"))
    if options.keep_matching is not None and not _compiles(options.keep_matching):
        problems.append((f"{path}.keep_matching", "not a regular expression"))
    if options.values is None and options.unmapped != "error":
        problems.append((f"{path}.unmapped", "only meaningful with a values table"))
    for key, target in (options.values or {}).items():
        problems += _check_target(f"{path}.values.{key}", spec, target)
    return problems


def _check_target(path: str, spec: FieldSpec, target: str | list[str]) -> list[tuple[str, str]]:
    """A `values` entry must be a valid value (or list, for list fields) of the field."""
    if spec.kind not in ("text", "choice"):
        return [(path, f"{spec.name} is read as a {spec.kind}, not through a values table")]
    if isinstance(target, list) and not spec.is_list:
        return [(path, f"{spec.name} holds one value, not a list")]
    try:
        constant(spec, target)
    except ValueError as exc:
        return [(path, str(exc))]
    return []


def _check_rule(path: str, rule: Rule) -> list[tuple[str, str]]:
    """A rule tests a known field and adds valid values."""
    problems = []
    if rule.if_field is not None and rule.if_field not in FIELDS:
        problems.append((f"{path}.if_field", _unknown_field(rule.if_field)))
    return problems + _check_constants(f"{path}.then", rule.then)


def _compiles(pattern: str) -> bool:
    """Whether the text is a valid regular expression."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _unknown_field(field: str) -> str:
    """The reason for a field name that is not ours, with the names that are."""
    return f"unknown field {field!r} (fields: {', '.join(sorted(FIELDS))})"


def read_mapped_csv(data: bytes, mapping: Mapping, source: str | None = None) -> ReadResult:
    """Every row of a CSV in our field names, as the mapping says; FormatError for the file."""
    source = source or mapping.source
    if not source:
        raise FormatError(
            "aucune source : indiquez [defaults] source dans la correspondance, ou donnez-en une"
        )
    lines = io.StringIO(_decode(data, mapping.file.encoding), newline="")
    for _ in range(mapping.file.skip_rows):
        lines.readline()
    header_line = lines.readline()
    if not header_line.strip():
        raise FormatError("le fichier est vide : pas de ligne d'en-tête")
    delimiter = mapping.file.delimiter
    if delimiter == "auto":
        delimiter = _sniff(header_line)
    reader = csv.reader(itertools.chain([header_line], lines), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        check_header(header)
        _check_header(header, mapping)
        rows = _read_rows(reader, header, mapping, source)
    except csv.Error:
        raise FormatError(
            f"ligne {mapping.file.skip_rows + reader.line_num} : CSV illisible "
            "(guillemets ou séparateurs mal placés)"
        ) from None
    if not rows:
        raise FormatError("le fichier a un en-tête mais aucune ligne de données")
    used = set(mapping.used_columns())
    unknown = [name for name in header if name and name not in used]
    return ReadResult(
        rows=rows,
        format_name="mapped",
        unknown_columns=unknown,
        allow_commune_only=mapping.location.allow_commune_only,
        declared_source=SourceDeclaration(
            source, mapping.attribution, mapping.licence, mapping.published_on
        ),
    )


def _decode(data: bytes, encoding: str) -> str:
    """Text of the file: UTF-8 (BOM dropped), cp1252, or UTF-8 then cp1252 for "auto"."""
    names = ["utf-8", "cp1252"] if encoding == "auto" else [encoding]
    for name in names:
        try:
            # utf-8-sig drops the byte-order mark that spreadsheet exports often start with.
            return data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            error = exc
    raise FormatError(
        f"ce n'est pas du texte {' ni '.join(names)} : l'octet {error.start} est illisible"
    )


def _sniff(header_line: str) -> str:
    """The candidate separator that occurs most in the header line; `,` when none does."""
    counts = {candidate: header_line.count(candidate) for candidate in _DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _check_header(header: list[str], mapping: Mapping) -> None:
    """Every column the mapping reads is in the header, once."""
    used = mapping.used_columns()
    missing = [column for column in used if column not in header]
    if missing:
        raise FormatError(f"colonnes absentes de l'en-tête : {', '.join(missing)}")
    repeated = [column for column in used if header.count(column) > 1]
    if repeated:
        raise FormatError(f"colonnes en double dans l'en-tête : {', '.join(repeated)}")


def _read_rows(
    reader: "_csv.Reader", header: list[str], mapping: Mapping, source: str
) -> list[ParsedRow]:
    """A ParsedRow per non-blank record, numbered by the physical line where it starts."""
    rows = []
    previous_end = reader.line_num
    for record in reader:
        # A quoted cell may span lines: the record starts just after the previous one.
        line = mapping.file.skip_rows + previous_end + 1
        previous_end = reader.line_num
        if any(cell.strip() for cell in record):
            rows.append(_parsed_row(mapping, source, header, record, line))
    return rows


def _parsed_row(
    mapping: Mapping, source: str, header: list[str], record: list[str], line: int
) -> ParsedRow:
    """One record's fields: columns, hours, defaults for what is still empty, then rules."""
    row = ParsedRow(line=line, fields={"source": source})
    if len(record) != len(header):
        reason = f"la ligne a {len(record)} cellules, l'en-tête {len(header)}"
        row.errors.append(RowError(line, "(row)", len(record), reason))
    cells = dict(zip(header, record + [""] * (len(header) - len(record)), strict=False))
    for field, column in mapping.columns.items():
        if field != "phone":
            _read_field(row, mapping, field, column, cells[column])
    department = department_of_place(row.fields.get("insee_code"), row.fields.get("postcode"))
    if "phone" in mapping.columns:
        # After the commune's columns: an overseas number takes its department's code.
        column = mapping.columns["phone"]
        _read_field(row, mapping, "phone", column, cells[column], department)
    _check_time_zone(row, mapping, department)
    _require_source_id(row, mapping.columns["source_id"])
    _check_coordinates(row, mapping)
    if mapping.hours is not None:
        _read_hours(row, mapping.hours, cells)
    for field, value in mapping.defaults.items():
        if field != "source" and field not in row.fields:
            row.fields[field] = constant(FIELDS[field], value)
    for rule in mapping.rules:
        if _holds(rule, cells, row.fields):
            _add(row.fields, rule.then, mapping)
    return row


def _read_field(
    row: ParsedRow,
    mapping: Mapping,
    field: str,
    column: str,
    cell: str,
    department: str | None = None,
) -> None:
    """Convert one cell; an empty result leaves the field out (default, or the model's)."""
    value, problems = convert_cell(FIELDS[field], mapping.options(field), cell, department)
    row.columns[field] = column
    row.errors += [RowError(row.line, column, bad, reason) for bad, reason in problems]
    if value is not None and value != []:
        row.fields[field] = value


def _check_time_zone(row: ParsedRow, mapping: Mapping, department: str | None) -> None:
    """Hours written in one clock cannot describe a place that lives by another."""
    if mapping.time_zone is None or mapping.hours is None or department is None:
        return
    zone = time_zone_of(department)
    if zone != mapping.time_zone:
        field = "insee_code" if "insee_code" in row.fields else "postcode"
        column = mapping.columns.get(field, field)
        reason = (
            f"la correspondance donne les horaires à l'heure de {mapping.time_zone}, "
            f"mais ce lieu (département {department}) vit à l'heure de {zone}"
        )
        row.errors.append(RowError(row.line, column, row.fields.get(field), reason))


def _require_source_id(row: ParsedRow, column: str) -> None:
    """Without its identifier a row could not be matched on the next import."""
    if "source_id" not in row.fields:
        row.errors.append(RowError(row.line, column, "", "vide, alors qu'elle identifie le lieu"))


def _check_coordinates(row: ParsedRow, mapping: Mapping) -> None:
    """Both coordinates or neither (the import then geocodes the address)."""
    given = [field for field in ("latitude", "longitude") if field in row.fields]
    if len(given) != 1:
        return
    missing = "longitude" if given == ["latitude"] else "latitude"
    column = mapping.columns.get(missing, missing)
    if not any(error.field == column for error in row.errors):
        row.errors.append(
            RowError(
                row.line,
                column,
                "",
                f"vide alors que {given[0]} est donnée : donnez les deux ou aucune",
            )
        )


def _read_hours(row: ParsedRow, spec: HoursSpec, cells: dict[str, str]) -> None:
    """The hours columns as one OSM string; each unreadable cell is an error of its own."""
    columns = hours_columns(spec)
    row.columns["opening_hours"] = columns[0] if len(columns) == 1 else "; ".join(columns)
    try:
        hours = read_hours(spec, cells)
    except CellErrors as exc:
        row.errors += [RowError(row.line, e.column, e.cell, e.reason) for e in exc.errors]
        return
    if hours is not None:
        row.fields["opening_hours"] = hours


def _holds(rule: Rule, cells: dict[str, str], fields: dict[str, Any]) -> bool:
    """Whether the rule's condition holds for the row read so far."""
    if rule.if_column is not None and rule.matches is not None:
        return re.search(rule.matches, cells[rule.if_column].strip()) is not None
    current = fields.get(rule.if_field or "")
    if isinstance(current, list):
        return rule.contains in current
    return current is not None and str(current) == rule.contains


def _add(fields: dict[str, Any], then: dict[str, Any], mapping: Mapping) -> None:
    """Lists are extended without repeats, equipment merged, other fields replaced."""
    for field, value in then.items():
        spec, new = FIELDS[field], constant(FIELDS[field], value)
        old = fields.get(field)
        if spec.is_list:
            fields[field] = ordered(spec, mapping.options(field), [*(old or []), *new])
        elif isinstance(new, dict):
            fields[field] = {**(old or {}), **new}
        else:
            fields[field] = new
