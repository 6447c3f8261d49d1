"""Who to credit for each data source, and under which licence the data is served."""

from dataclasses import dataclass

from models.data_source import DataSource


@dataclass(frozen=True)
class SourceCredit:
    """The credit line and licence that answers carry for one source."""

    attribution: str
    licence: str


# Used only while a source has no `data_source` row (a database loaded before rows existed).
KNOWN_SOURCES: dict[str, SourceCredit] = {
    "mednum-bfc": SourceCredit(
        attribution="MedNum BFC (multi-coop/data-bfc-ternum)",
        licence="Reference data without a stated licence; credit MedNum BFC",
    ),
}


def credit_for(source: str, stored: DataSource | None = None) -> SourceCredit:
    """The stored credit of a source, else the known one, else the source's own name."""
    if stored is not None:
        return SourceCredit(attribution=stored.attribution, licence=stored.licence)
    return KNOWN_SOURCES.get(source, SourceCredit(attribution=source, licence="see source"))
