"""`panda keys create | list | revoke` (api/cli/keys.py) against a SQLite file: a key created can
be listed, opens the API until it is revoked, and stays listed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from api.auth.keys import verify
from api.cli.main import app
from api.database import make_engine
from api.http.errors import Unauthorized

HEADERS = ["id", "nom", "préfixe", "portées", "créée", "expire", "révoquée"]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of a table rich drew, a cell wrapped over several lines joined again."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], cells, strict=True)]
    return rows


def check(url: str, secret: str) -> str:
    """The name of the key a secret opens, or the French reason it is refused."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return verify(session, secret, datetime.now(UTC)).name
    except Unauthorized as exc:
        return str(exc.detail)
    finally:
        engine.dispose()


def test_a_key_created_is_listed_then_revoked(database: str) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app, ["keys", "create", "--name", "Ville de Dijon", "--scopes", "write, import"]
    )
    assert created.exit_code == 0, created.output
    message, secret = created.stdout.splitlines()
    assert message == "clé 1 pour « Ville de Dijon », portées : import, write"
    assert check(database, secret) == "Ville de Dijon"
    listed = runner.invoke(app, ["keys", "list"]).stdout
    today = f"{datetime.now(UTC):%Y-%m-%d}"
    prefix = secret.split("_")[1]
    assert all(header in listed for header in HEADERS) and secret not in listed
    assert table_rows(listed) == [["1", "Ville de Dijon", prefix, "import, write", today, "", ""]]
    revoked = runner.invoke(app, ["keys", "revoke", "1"])
    assert (revoked.exit_code, revoked.stdout) == (0, "clé 1 révoquée\n")
    assert check(database, secret) == "cette clé d'API a été révoquée"
    assert table_rows(runner.invoke(app, ["keys", "list"]).stdout) == [
        ["1", "Ville de Dijon", prefix, "import, write", today, "", today]
    ]


def test_a_key_with_days_expires_then(database: str) -> None:
    runner = CliRunner()
    args = ["keys", "create", "--name", "Atelier", "--scopes", "register", "--days", "30"]
    assert runner.invoke(app, args).exit_code == 0
    expires = datetime.now(UTC) + timedelta(days=30)
    [row] = table_rows(runner.invoke(app, ["keys", "list"]).stdout)
    assert (row[1], row[3], row[5]) == ("Atelier", "register", f"{expires:%Y-%m-%d}")


@pytest.mark.parametrize(
    ("scopes", "refusal"),
    [("write,read", "--scopes : portée inconnue « read » ; portées possibles : write, import, "
      "register, admin"),
     (" , ", "--scopes : donnez au moins une portée parmi write, import, register, admin")],
)  # fmt: skip
def test_unknown_or_no_scope_is_refused_and_no_key_is_made(
    database: str, scopes: str, refusal: str
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["keys", "create", "--name", "x", "--scopes", scopes])
    assert (result.exit_code, result.stderr) == (2, f"refusé : {refusal}\n")
    assert table_rows(runner.invoke(app, ["keys", "list"]).stdout) == []


def test_revoking_an_unknown_key_exits_1(database: str) -> None:
    result = CliRunner().invoke(app, ["keys", "revoke", "7"])
    assert (result.exit_code, result.stdout) == (1, "aucune clé n'a l'id 7\n")
