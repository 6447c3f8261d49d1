"""`panda outbox send | list | retry` (api/cli/outbox.py) against a SQLite file: one pass for a
cron that delivers to a real local receiver; a list that never shows an address or a phone."""

from sqlalchemy import update
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli.main import app
from api.database import make_engine
from api.outbox.enqueue import enqueue_email, enqueue_sms
from models.outbox import OutboxMessage
from tests.api.cli.test_keys import table_rows
from tests.api.outbox.receivers import webhook_receiver


def queue(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        enqueue_email(
            session,
            to="camille.martin@example.org",
            subject="Séance annulée",
            text="Bonjour",
            kind="session.cancelled",
            dedupe_key="n1",
        )
        enqueue_sms(
            session, phone="+33612345678", text="Séance annulée", kind="session.cancelled",
            dedupe_key="n1",
        )  # fmt: skip
        session.commit()
    engine.dispose()


def test_outbox_list_masks_addresses_and_phones(database: str) -> None:
    runner = CliRunner(env={"COLUMNS": "160"})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    queue(database)
    listed = runner.invoke(app, ["outbox", "list"])
    assert listed.exit_code == 0, listed.output
    assert "camille" not in listed.stdout and "12345678" not in listed.stdout
    rows = table_rows(listed.stdout)
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("2", "sans abonné", "webhook", "en attente d'un abonnement"),
        ("1", "en attente", "email", "c•••@e•••.org"),
    ]
    assert "en attente : 2, envoyé : 0, mis de côté : 0, sans abonné : 1" in listed.stdout


def test_outbox_send_delivers_once_then_has_nothing_left(database: str) -> None:
    runner = CliRunner(env={"COLUMNS": "160"})
    with webhook_receiver() as receiver:
        added = runner.invoke(
            app, ["subscriptions", "add", receiver.url, "--event", "sms.requested"]
        )
        assert added.exit_code == 0, added.output
        queue(database)
        first = runner.invoke(app, ["outbox", "send"])
        second = runner.invoke(app, ["outbox", "send"])
    assert first.exit_code == 0, first.output
    assert first.stdout.replace("\n", " ").startswith(
        "envoi : 1 envoyés, 0 à réessayer, 0 mis de côté (e-mails gardés"
    )
    assert second.stdout.startswith("envoi : 0 envoyés")
    assert len(receiver.calls) == 1
    listed = table_rows(runner.invoke(app, ["outbox", "list", "--state", "envoyés"]).stdout)
    assert [(r[0], r[1], r[4]) for r in listed] == [("2", "envoyé", "SMS — via abonnement 1")]


def test_outbox_retry_puts_a_parked_notice_back_in_line(database: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    queue(database)
    refused = runner.invoke(app, ["outbox", "retry", "1"])
    engine = make_engine(database)
    with Session(engine) as session:
        session.execute(update(OutboxMessage).values(state="dead", attempts=10))
        session.commit()
    retried = runner.invoke(app, ["outbox", "retry", "1"])
    with Session(engine) as session:
        row = session.get(OutboxMessage, 1)
    engine.dispose()
    assert refused.exit_code == 2
    assert "l'avis 1 n'est pas mis de côté" in refused.stderr
    assert (retried.exit_code, retried.stdout) == (0, "avis 1 remis en file\n")
    assert row is not None and (row.state, row.attempts) == ("pending", 0)


def test_outbox_list_refuses_an_unknown_state(database: str) -> None:
    refused = CliRunner().invoke(app, ["outbox", "list", "--state", "perdu"])
    assert refused.exit_code == 2
    assert "--state : « perdu » inconnu ; possibles : en-attente, envoyés, mis-de-côté" in (
        refused.stderr
    )
