"""`panda subscriptions add | list | remove` (api/cli/subscriptions.py) against a SQLite file:
the secret shown once, never listed; refusals in French."""

from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli.main import app
from api.database import make_engine
from models.outbox import WebhookSubscription
from tests.api.cli.test_keys import table_rows


def stored(url: str) -> list[WebhookSubscription]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = list(session.exec(select(WebhookSubscription)))
    engine.dispose()
    return found


def test_a_subscription_added_is_listed_then_removed(database: str) -> None:
    runner = CliRunner()
    added = runner.invoke(
        app,
        ["subscriptions", "add", "https://sms.example.org/panda", "--event", "sms.requested",
         "--event", "session.changed", "--description", "Passerelle SMS"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    message, secret = added.stdout.splitlines()
    assert message == (
        "abonnement 1 : https://sms.example.org/panda reçoit session.changed, sms.requested ; "
        "secret (affiché une seule fois) :"
    )
    [subscription] = stored(database)
    assert subscription.secret == secret and secret.startswith("whsec_")
    listed = runner.invoke(app, ["subscriptions", "list"]).stdout
    assert secret not in listed
    [row] = table_rows(listed)
    assert row[0] == "1" and row[3] == "Passerelle SMS"
    removed = runner.invoke(app, ["subscriptions", "remove", "1"])
    assert (removed.exit_code, removed.stdout) == (0, "abonnement 1 arrêté\n")
    assert table_rows(runner.invoke(app, ["subscriptions", "list"]).stdout) == []
    again = runner.invoke(app, ["subscriptions", "remove", "1"])
    assert again.exit_code == 2
    assert "aucun abonnement actif n'a l'identifiant 1" in again.stderr


def test_subscriptions_add_refuses_in_french(database: str) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["subscriptions", "add", "https://a.fr/", "--event", "nope"])
    bad_url = runner.invoke(app, ["subscriptions", "add", "ftp://a.fr/", "--event", "review.due"])
    assert (unknown.exit_code, bad_url.exit_code) == (2, 2)
    assert "--event : « nope » inconnu ; possibles : place.changed" in unknown.stderr
    assert "url : « ftp://a.fr/ » n'est pas une adresse http:// ou https://" in bad_url.stderr
    assert table_rows(runner.invoke(app, ["subscriptions", "list"]).stdout) == []
