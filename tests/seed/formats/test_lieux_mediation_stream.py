"""The standard's CSV read row by row from a binary file: the same rows as reading it whole."""

import io

import pytest

from seed.formats import lieux_mediation_stream
from seed.formats.base import FormatError
from seed.formats.lieux_mediation import read_lieux_mediation_csv, write_lieux_mediation_csv
from seed.formats.lieux_mediation_stream import stream_lieux_mediation_csv
from tests.conftest import make_access_point


def standard_csv(count: int) -> str:
    places = [
        make_access_point(source="ville", source_id=f"lieu-{n}", name=f"Lieu {n} à Dijon")
        for n in range(count)
    ]
    return write_lieux_mediation_csv(places)


def test_stream_rows_equal_reading_the_file_whole() -> None:
    data = standard_csv(5).encode()
    streamed = stream_lieux_mediation_csv(io.BytesIO(data), None)
    whole = read_lieux_mediation_csv(data, None)
    assert list(streamed.rows) == whole.rows
    assert (streamed.format_name, streamed.unknown_columns) == (
        "lieux-mediation-numerique v1 csv",
        [],
    )


def test_stream_finds_utf8_when_a_character_straddles_two_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lieux_mediation_stream, "CHUNK", 7)  # cuts "à" in two, somewhere
    rows = list(stream_lieux_mediation_csv(io.BytesIO(standard_csv(2).encode()), None).rows)
    assert [row.fields["name"] for row in rows] == ["Lieu 0 à Dijon", "Lieu 1 à Dijon"]


def test_stream_reads_windows_1252() -> None:
    data = standard_csv(1).encode("cp1252")
    rows = list(stream_lieux_mediation_csv(io.BytesIO(data), None).rows)
    assert rows[0].fields["name"] == "Lieu 0 à Dijon"


def test_stream_refuses_nul_characters_at_once() -> None:
    data = standard_csv(1).encode() + b"\x00"
    with pytest.raises(FormatError, match="caractères NUL"):
        stream_lieux_mediation_csv(io.BytesIO(data), None)


def test_stream_reads_rows_only_when_asked_for() -> None:
    text = standard_csv(3)
    broken = text + '"never closed,\n'
    stream = stream_lieux_mediation_csv(io.BytesIO(broken.encode()), None)  # the header only
    rows = stream.rows
    assert next(rows).line == 2
    with pytest.raises(
        FormatError, match="ligne 5 : une valeur entre guillemets n'est jamais refermée"
    ):
        list(rows)


def test_stream_of_a_header_alone_has_no_rows() -> None:
    header = standard_csv(1).splitlines()[0] + "\n"
    stream = stream_lieux_mediation_csv(io.BytesIO(header.encode()), None)
    with pytest.raises(FormatError, match="le fichier ne contient aucune ligne de données"):
        list(stream.rows)


def test_stream_flags_an_id_seen_on_an_earlier_row() -> None:
    lines = standard_csv(2).splitlines()
    data = "\n".join([*lines, lines[1]]).encode()
    rows = list(stream_lieux_mediation_csv(io.BytesIO(data), None).rows)
    assert [error.reason for error in rows[2].errors] == [
        "identifiant en double : déjà utilisé ligne 2"
    ]


def test_stream_leaves_the_file_open() -> None:
    file = io.BytesIO(standard_csv(1).encode())
    list(stream_lieux_mediation_csv(file, None).rows)
    assert not file.closed
