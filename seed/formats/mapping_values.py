"""Values of a mapped CSV: what each field accepts, and how a cell or a constant becomes one."""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import phonenumbers
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from models.access_point import AccessPointCreate
from models.overseas import CALLING_CODES
from models.phone_numbers import to_e164
from models.text import fold

Kind = Literal["text", "number", "date", "phone", "choice", "equipment", "hours"]
# A problem with one value of a cell: (the value, why it was rejected).
Problem = tuple[Any, str]

DEFAULT_SEPARATOR = "|"  # the national standard's separator for multi-valued fields
LONG_TEXT = frozenset({"summary", "description"})  # line breaks kept


class Strict(BaseModel):
    """A table of the mapping file: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldOptions(Strict):
    """`[fields.<field>]`: how to read the cells of the field's column."""

    separator: str | None = None
    date_format: str | None = None
    values: dict[str, str | list[str]] | None = None
    unmapped: Literal["error", "drop", "keep"] = "error"
    fold: bool = False
    keep_matching: str | None = None
    # Cells that stand for "not known" in this file (`NC`, `-`): read as empty, not rejected.
    placeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    """What one field of AccessPointCreate holds."""

    name: str
    kind: Kind
    is_list: bool
    choices: tuple[str, ...]
    adapter: TypeAdapter[Any]


def _spec(name: str, info: FieldInfo) -> FieldSpec:
    """Read a field's kind from its type annotation."""
    item = info.annotation
    if get_origin(item) in (Union, UnionType):
        item = next(arg for arg in get_args(item) if arg is not NoneType)
    is_list = get_origin(item) is list
    if is_list:
        item = get_args(item)[0]
    if get_origin(item) is Annotated:
        item = get_args(item)[0]
    choices: tuple[str, ...] = ()
    kind: Kind = "text"
    if isinstance(item, type) and issubclass(item, Enum):
        kind, choices = "choice", tuple(member.value for member in item)
    elif get_origin(item) is Literal:
        kind, choices = "choice", get_args(item)
    elif item is float:
        kind = "number"
    elif item is date:
        kind = "date"
    special: dict[str, Kind] = {
        "phone": "phone",
        "equipment": "equipment",
        "opening_hours": "hours",
    }
    kind = special.get(name, kind)
    # Any: a field's annotation is a type form that mypy cannot name (Annotated or a union).
    annotation: Any = (
        Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    )
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    return FieldSpec(name, kind, is_list, choices, adapter)


FIELDS = {name: _spec(name, info) for name, info in AccessPointCreate.model_fields.items()}


def constant(spec: FieldSpec, value: Any) -> Any:
    """A constant of the mapping as the field holds it; raise ValueError saying why not."""
    if spec.kind == "equipment":
        if not isinstance(value, dict):
            raise ValueError(
                'une table est attendue, par exemple { computer = "unknown" } ou { computer = 4 }'
            )
        value = {kind: None if count == "unknown" else count for kind, count in value.items()}
    elif spec.is_list and isinstance(value, str):
        value = [value]
    try:
        return _plain(spec.adapter.validate_python(value))
    except ValidationError as exc:
        raise ValueError("; ".join(error["msg"] for error in exc.errors())) from exc


def _plain(value: Any) -> Any:
    """Enumeration members as their text, recursively, so rows hold plain JSON-like values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def convert_cell(
    spec: FieldSpec, options: FieldOptions, cell: str, department: str | None = None
) -> tuple[Any, list[Problem]]:
    """The field's value for a cell (None when there is none), and the problems found.

    `department` is the row's, for a phone number (its calling code).
    """
    text = cell.strip() if spec.name in LONG_TEXT else " ".join(cell.split())
    if not text or is_placeholder(text, options.placeholders):
        return None, []
    parts = text.split(options.separator or DEFAULT_SEPARATOR) if spec.is_list else [text]
    pattern = re.compile(options.keep_matching) if options.keep_matching else None
    values: list[Any] = []
    problems: list[Problem] = []
    for part in (p.strip() for p in parts):
        if not part or (pattern and not pattern.search(part)):
            continue
        try:
            values.extend(_item(spec, options, part, department))
        except ValueError as exc:
            problems.append((part, str(exc)))
    if spec.is_list:
        return ordered(spec, options, values), problems
    return (values[0] if values else None), problems


def is_placeholder(text: str, placeholders: tuple[str, ...]) -> bool:
    """Whether a cell is one of the file's "not known" values, ignoring case and spacing."""
    wanted = " ".join(text.split()).casefold()
    return any(wanted == " ".join(p.split()).casefold() for p in placeholders)


def _item(
    spec: FieldSpec, options: FieldOptions, part: str, department: str | None = None
) -> list[Any]:
    """The values one part of a cell stands for, after the `values` table."""
    if options.values is not None:
        target = _lookup(options.values, part, options.fold)
        if target is not None:
            return [target] if isinstance(target, str) else list(target)
        if options.unmapped == "drop":
            return []
        if options.unmapped == "error":
            raise ValueError(
                "n'est pas une des valeurs prévues par la correspondance : "
                + ", ".join(options.values)
            )
    return [_convert(spec, options, part, department)]


def _lookup(table: dict[str, Any], key: str, folded: bool) -> Any:
    """The table's entry for key, or ignoring case, accents and punctuation; None if absent."""
    if key in table:
        return table[key]
    if folded:
        wanted = fold(key)
        return next((v for k, v in table.items() if fold(k) == wanted), None)
    return None


def _convert(
    spec: FieldSpec, options: FieldOptions, text: str, department: str | None = None
) -> Any:
    """One value of the field's kind from text; raise ValueError with a reason."""
    if spec.kind == "choice":
        found = _lookup({c: c for c in spec.choices}, text, options.fold)
        if found is None:
            raise ValueError(
                f"n'est pas une valeur connue ; valeurs possibles : {', '.join(spec.choices)}"
            )
        return found
    if spec.kind == "number":
        return decimal(text)
    if spec.kind == "date":
        return parse_date(text, options.date_format)
    if spec.kind == "phone":
        return phone_to_e164(text, department)
    return text


def ordered(spec: FieldSpec, options: FieldOptions | None, values: list[Any]) -> list[Any]:
    """Without repeats, in the standard's order (enumerations) or the `values` table's order.

    A stable order means a file that lists the same codes differently changes nothing.
    """
    unique = list(dict.fromkeys(values))
    order = list(spec.choices)
    if not order and options is not None and options.values:
        targets = (t if isinstance(t, list) else [t] for t in options.values.values())
        order = list(dict.fromkeys(item for target in targets for item in target))
    rank = {value: index for index, value in enumerate(order)}
    return sorted(unique, key=lambda value: rank.get(value, len(order)))


def decimal(text: str) -> float:
    """A finite decimal number; `47,32` is read as 47.32."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("n'est pas un nombre (exemple : 4)") from None
    if not math.isfinite(value):
        raise ValueError("n'est pas un nombre fini (exemple : 4)")
    return value


def parse_date(text: str, date_format: str | None) -> date:
    """A date in the given strptime format, or ISO 8601 (`2024-03-01`) when none is given."""
    try:
        if date_format is None:
            return date.fromisoformat(text)
        return datetime.strptime(text, date_format).date()
    except ValueError:
        raise ValueError(f"n'est pas une date au format {date_format or '%Y-%m-%d'}") from None


def phone_to_e164(text: str, department: str | None = None) -> str:
    """A French number as E.164: `+33380488414`, overseas `+590590123456` (see phone_numbers)."""
    number = to_e164(text, department)
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        raise ValueError(f"n'est pas un numéro de téléphone {_EXPECTED}") from None
    # Overseas ranges change faster than the library's tables: only their length is checked.
    if number[1:4] in CALLING_CODES.values():
        valid = phonenumbers.is_possible_number(parsed)
    else:
        valid = phonenumbers.is_valid_number(parsed)
    if not valid:
        raise ValueError(f"n'est pas un numéro de téléphone valide {_EXPECTED}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_EXPECTED = (
    "(attendu : 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres ; "
    "outre-mer, +590, +596, +594, +262… suivi du numéro)"
)
