"""Who to credit for each data source, and under which licence the data is served."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceCredit:
    """The credit line and licence that answers carry for one source."""

    attribution: str
    licence: str


KNOWN_SOURCES: dict[str, SourceCredit] = {
    "mednum-bfc": SourceCredit(
        attribution="MedNum BFC (multi-coop/data-bfc-ternum)",
        licence="Reference data without a stated licence; credit MedNum BFC",
    ),
}


def credit_for(source: str) -> SourceCredit:
    """The credit for a source; an unregistered source is credited by its own name."""
    return KNOWN_SOURCES.get(source, SourceCredit(attribution=source, licence="see source"))
