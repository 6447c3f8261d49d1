"""The feed in memory (api/transit/network.py): stops' lines in reading order, reused while
the feed is the same."""

from pathlib import Path

from sqlmodel import Session

from api.transit.network import load_network
from api.transit.reader import read_feed
from api.transit.store import replace_feed
from tests.api.transit.test_nearest import network
from tests.transit_feed import divia_feed


def test_a_stop_lists_trams_before_buses_and_names_them_once() -> None:
    net = network()
    toison = net.names.index("Toison d'Or")
    assert net.stop_phrases[toison] == "Tram T2, bus L6"
    assert [net.lines[ln].short_name for ln in net.stop_lines[toison]] == ["T2", "L6"]
    assert net.line_names() == ["T2", "L6"]
    assert len(net) == 3


def test_loaded_from_the_database_and_reused_until_another_import(
    session: Session, tmp_path: Path
) -> None:
    assert load_network(session, None) is None
    replace_feed(session, read_feed(divia_feed(tmp_path / "a.zip")))
    first = load_network(session, None)
    assert first is not None and len(first) == 9
    assert first.feed.name == "Divia Mobilités"
    assert load_network(session, first) is first
    replace_feed(session, read_feed(divia_feed(tmp_path / "a.zip")))
    again = load_network(session, first)
    assert again is not None and again is not first  # a new import, even of the same file
    nation = again.names.index("Nation")
    assert again.stop_phrases[nation] == "Tram T2, bus L4"
