"""Schema migrations (api/migrations/upgrade.py, api/migrations/): upgrades keep the data, 0.1.0
databases
are adopted, unknown or locked databases are refused untouched; on SQLite and PostgreSQL."""

import importlib
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, inspect, make_url, text
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from api.app import create_app
from api.auth.keys import create_key
from api.cli.main import app as cli
from api.database import make_engine
from api.migrations.upgrade import (
    LOCK_KEY,
    MIGRATIONS,
    MigrationLocked,
    UnknownRevision,
    current_revision,
    head_revision,
    upgrade_to,
    upgrade_to_head,
)
from api.settings import Settings
from models.access_point import AccessPointCreate
from models.api_key import Scope
from seed import audit
from seed.loader import ACCESS_POINTS_FILE, COMMUNES_FILE, read_seed_file
from tests.data_files import fixture
from tests.live_server import server_database

REVISION_1 = importlib.import_module("api.migrations.versions.0001_schema_of_0_1_0")

TABLES = ["access_point", "address", "api_key", "audit_entry", "commune", "data_version"]
TABLES += ["geocode_cache"]
HEAD = "0015"
FUTURE = "9999_from_a_newer_version"
REFUSAL = (
    f"la base de données est à la révision {FUTURE}, inconnue de ce code (sa dernière révision "
    f"est {HEAD}) : installez la version de PANDA finder qui l'a mise à jour ; rien n'a été "
    "modifié"
)


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a PostgreSQL database of its own."""
    with server_database(tmp_path) as url:
        yield url


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    yield engine
    engine.dispose()


def as_0_1_0(place: AccessPointCreate) -> dict[str, Any]:
    """A place's columns as 0.1.0 stored them: its enumerations by member name."""
    values = place.model_dump()
    values["status"] = place.status.name
    values["wheelchair_accessible"] = place.wheelchair_accessible.name
    return values


def fill(engine: Engine) -> None:
    """The seed, an API key and a place change with its audit entry, in the 0.1.0 tables.

    Written through the 0.1.0 schema, not the models: the models know columns that the older
    schemas these tests start from do not have yet.
    """
    tables = REVISION_1.schema_of_0_1_0().tables
    seed = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
    places = [as_0_1_0(AccessPointCreate.model_validate(row)) for row in seed]
    now = datetime.now(UTC)
    communes = read_seed_file(COMMUNES_FILE)["communes"]
    with engine.begin() as conn:
        conn.execute(insert(tables["access_point"]), [p | {"updated_at": now} for p in places])
        conn.execute(insert(tables["commune"]), communes)
        conn.execute(
            insert(tables["data_version"]), [{"id": 1, "version": 1, "addresses_version": 0}]
        )
    with Session(engine) as session:
        create_key(session, "Ville de Dijon", [Scope.WRITE])
        place_id, phone = session.execute(
            text("SELECT id, phone FROM access_point WHERE name = 'PANDA 1er mai'")
        ).one()
        session.execute(
            text("UPDATE access_point SET phone = '+33380488414' WHERE id = :id"), {"id": place_id}
        )
        changes = audit.diff({"phone": phone}, {"phone": "+33380488414"})
        audit.record(session, place_id, "cli:test", "update", changes)
        session.commit()


# Columns later revisions add to the tables of 0.1.0, left out when rows are compared.
ADDED_COLUMNS = {
    "access_point": {"confirmed_on", "reported_closed_on", "review_period_months"},
    "commune": {"postcodes", "department", "region", "epci", "time_zone"},
}


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of 0.1.0, in a stable order, in its columns of 0.1.0."""
    inspector = inspect(engine)
    with engine.connect() as conn:
        found = {}
        for table in TABLES:
            names = [c["name"] for c in inspector.get_columns(table)]
            kept = ", ".join(n for n in names if n not in ADDED_COLUMNS.get(table, ()))
            query = text(f"SELECT {kept} FROM {table} ORDER BY 1")
            found[table] = [tuple(row) for row in conn.execute(query)]
        return found


def primary_key_names(engine: Engine) -> dict[str, str | None]:
    inspector = inspect(engine)
    return {table: inspector.get_pk_constraint(table)["name"] for table in TABLES}


def named_primary_keys(engine: Engine) -> dict[str, str | None]:
    """The primary keys' names after 0002: pk_<table>, but for SQLite's access_point, whose
    AUTOINCREMENT key (0007) must be a column constraint, which SQLite does not name."""
    sqlite = engine.dialect.name == "sqlite"
    return {t: None if sqlite and t == "access_point" else f"pk_{t}" for t in TABLES}


def create_0_1_0_tables(engine: Engine) -> None:
    """What 0.1.0's `create_all` made: its tables, no alembic_version."""
    REVISION_1.schema_of_0_1_0().create_all(engine)


def stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def test_revision_1_makes_the_sqlite_schema_of_0_1_0_statement_for_statement(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'panda.db'}")
    upgrade_to(engine, "0001")
    engine.dispose()
    with sqlite3.connect(tmp_path / "panda.db") as conn:
        made = conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'alembic_version' "
            "ORDER BY name"
        ).fetchall()
    reference = fixture("schema-0.1.0-sqlite.sql").read_text(encoding="utf-8")
    assert "".join(f"{sql};\n" for (sql,) in made) == reference.split("\n", 1)[1]


def test_revision_1_keeps_the_primary_key_names_of_0_1_0(engine: Engine) -> None:
    upgrade_to(engine, "0001")
    postgres = engine.dialect.name == "postgresql"
    assert primary_key_names(engine) == {t: f"{t}_pkey" if postgres else None for t in TABLES}


def test_upgrade_from_revision_1_keeps_places_keys_and_history(engine: Engine) -> None:
    upgrade_to(engine, "0001")
    fill(engine)
    before = rows(engine)
    upgrade = upgrade_to_head(engine)
    after = rows(engine)
    assert (upgrade.before, upgrade.after, current_revision(engine)) == ("0001", HEAD, HEAD)
    assert [len(after[t]) for t in TABLES] == [68, 0, 1, 1, 23, 1, 0]
    assert after == before
    assert primary_key_names(engine) == named_primary_keys(engine)


def test_upgrade_stamps_a_0_1_0_database_instead_of_creating_its_tables(engine: Engine) -> None:
    create_0_1_0_tables(engine)
    fill(engine)
    before = rows(engine)
    upgrade = upgrade_to_head(engine)
    assert (upgrade.before, upgrade.after, current_revision(engine)) == ("0001", HEAD, HEAD)
    assert rows(engine) == before
    assert primary_key_names(engine) == named_primary_keys(engine)


def test_current_revision_of_a_0_1_0_database_is_revision_1(engine: Engine) -> None:
    create_0_1_0_tables(engine)
    assert (current_revision(engine), "alembic_version" in inspect(engine).get_table_names()) == (
        "0001",
        False,
    )


@pytest.mark.parametrize("start", ["empty", "0.1.0"])
def test_models_and_migrations_agree_after_upgrade(engine: Engine, start: str) -> None:
    if start == "0.1.0":
        create_0_1_0_tables(engine)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert primary_key_names(engine) == named_primary_keys(engine)


def test_upgrade_at_head_changes_nothing(engine: Engine) -> None:
    upgrade_to_head(engine)
    fill(engine)
    before = rows(engine)
    upgrade = upgrade_to_head(engine)
    assert (upgrade.before, upgrade.after, rows(engine)) == (HEAD, HEAD, before)


def test_upgrade_refuses_a_revision_the_code_does_not_know(engine: Engine) -> None:
    upgrade_to_head(engine)
    fill(engine)
    stamp(engine, FUTURE)
    before = rows(engine)
    with pytest.raises(UnknownRevision) as refused:
        upgrade_to_head(engine)
    assert (str(refused.value), refused.value.database, refused.value.head) == (
        REFUSAL,
        FUTURE,
        HEAD,
    )
    assert (current_revision(engine), rows(engine)) == (FUTURE, before)


def test_upgrade_failing_midway_leaves_the_database_as_it_was(engine: Engine) -> None:
    create_0_1_0_tables(engine)
    fill(engine)
    before = rows(engine)
    with engine.begin() as conn:
        # In the way of revision 2 after it has renamed the first tables: SQLite's batch copy
        # of `address`, and on PostgreSQL the relation name its renamed key needs.
        blocker = "_alembic_tmp_address" if engine.dialect.name == "sqlite" else "pk_address"
        conn.execute(text(f"CREATE TABLE {blocker} (id INTEGER)"))
    with pytest.raises(Exception, match=blocker):
        upgrade_to_head(engine)
    postgres = engine.dialect.name == "postgresql"
    assert "alembic_version" not in inspect(engine).get_table_names()
    assert primary_key_names(engine) == {t: f"{t}_pkey" if postgres else None for t in TABLES}
    assert rows(engine) == before


def test_upgrade_waits_for_a_locked_database_then_says_so(engine: Engine, url: str) -> None:
    upgrade_to(engine, "0001")
    holder: Any
    if engine.dialect.name == "sqlite":
        holder = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
        holder.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    try:
        with pytest.raises(MigrationLocked) as locked:
            upgrade_to_head(engine, lock_timeout_s=0.2)
    finally:
        holder.rollback()
        holder.close()
    assert str(locked.value) == (
        "la base de données est verrouillée par un autre processus depuis 0.2 s "
        "(PANDA_MIGRATION_LOCK_TIMEOUT_S) : rien n'a été modifié, réessayez plus tard"
    )
    assert (current_revision(engine), upgrade_to_head(engine).before) == ("0001", "0001")


def test_upgrades_started_at_once_migrate_once(url: str, engine: Engine) -> None:
    engines = [make_engine(url) for _ in range(3)]
    with ThreadPoolExecutor(len(engines)) as pool:
        upgrades = list(pool.map(upgrade_to_head, engines))
    for other in engines:
        other.dispose()
    assert sorted(u.before or "none" for u in upgrades) == [HEAD, HEAD, "none"]
    assert current_revision(engine) == HEAD


@pytest.fixture
def runner(url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PANDA_DATABASE_URL", url)
    return CliRunner()


def test_db_current_of_an_empty_database_says_none_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["db", "current"])
    assert (result.exit_code, result.stdout) == (
        1,
        f"révision de la base de données : aucune (révision du code : {HEAD}) — vide : "
        "« panda db upgrade » ou « panda serve » la crée\n",
    )


def test_db_upgrade_creates_then_reports_the_schema_at_head(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["db", "upgrade"])
    second = runner.invoke(cli, ["db", "upgrade"])
    current = runner.invoke(cli, ["db", "current"])
    assert (first.exit_code, first.stdout) == (
        0,
        f"base de données mise à jour : révision aucune → {HEAD}\n",
    )
    assert (second.exit_code, second.stdout) == (0, f"base de données à jour : révision {HEAD}\n")
    assert (current.exit_code, current.stdout) == (
        0,
        f"révision de la base de données : {HEAD} (révision du code : {HEAD}) — à jour\n",
    )


def test_db_upgrade_of_an_unknown_revision_exits_1_with_both_revisions(
    runner: CliRunner, engine: Engine
) -> None:
    upgrade_to_head(engine)
    stamp(engine, FUTURE)
    result = runner.invoke(cli, ["db", "upgrade"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"mise à jour refusée : {REFUSAL}\n",
    )
    assert current_revision(engine) == FUTURE


def test_serve_refuses_to_start_on_an_unknown_revision(runner: CliRunner, engine: Engine) -> None:
    upgrade_to_head(engine)
    stamp(engine, FUTURE)
    result = runner.invoke(cli, ["serve", "--port", "1"])
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"mise à jour refusée : {REFUSAL}",
    )


def test_app_start_up_refuses_an_unknown_revision(url: str, engine: Engine) -> None:
    upgrade_to_head(engine)
    stamp(engine, FUTURE)
    app = create_app(Settings(database_url=url, load_seed_when_empty=False))
    with pytest.raises(UnknownRevision, match=FUTURE), TestClient(app):
        pass


def test_seed_load_upgrades_an_empty_database_first(runner: CliRunner, engine: Engine) -> None:
    result = runner.invoke(cli, ["seed", "load"])
    assert (result.exit_code, current_revision(engine), len(rows(engine)["access_point"])) == (
        0,
        HEAD,
        68,
    )


def health_body(**changes: Any) -> dict[str, Any]:
    body = {"status": "ok", "places": 0, "data_version": 0, "database": "ok"}
    body |= {"schema": "head", "revision": HEAD, "head_revision": HEAD, "transit": None}
    return body | changes


def test_health_says_the_schema_is_at_head(url: str) -> None:
    with TestClient(create_app(Settings(database_url=url, load_seed_when_empty=False))) as client:
        answer = client.get("/health")
    assert (answer.status_code, answer.json()) == (200, health_body())


def test_health_answers_503_when_the_schema_is_behind(url: str, engine: Engine) -> None:
    with TestClient(create_app(Settings(database_url=url, load_seed_when_empty=False))) as client:
        stamp(engine, "0001")
        answer = client.get("/health")
    expected = health_body(status="unavailable", schema="behind", revision="0001")
    assert (answer.status_code, answer.json()) == (503, expected)


def test_health_answers_503_when_the_database_does_not_answer(url: str) -> None:
    with TestClient(create_app(Settings(database_url=url, load_seed_when_empty=False))) as client:
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        engine, runtime.engine = (
            runtime.engine,
            make_engine("postgresql+psycopg://postgres@127.0.0.1:1/closed?connect_timeout=2"),
        )
        try:
            answer = client.get("/health")
        finally:
            runtime.engine.dispose()
            runtime.engine = engine
    expected = health_body(
        status="unavailable", database="unreachable", schema="unknown", revision=None
    )
    assert (answer.status_code, answer.json()) == (503, expected)
    assert head_revision() == HEAD


def test_revision_8_adds_the_idempotency_keys_and_its_downgrade_drops_them(engine: Engine) -> None:
    upgrade_to(engine, "0007")
    assert "idempotent_request" not in inspect(engine).get_table_names()
    assert upgrade_to_head(engine).before == "0007"
    inspector = inspect(engine)
    assert [c["name"] for c in inspector.get_columns("idempotent_request")] == [
        "fingerprint",
        "request_hash",
        "status_code",
        "resource_id",
        "body",
        "headers",
        "created_at",
    ]
    assert [i["name"] for i in inspector.get_indexes("idempotent_request")] == [
        "ix_idempotent_request_created_at"
    ]
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    assert "idempotent_request" not in inspect(engine).get_table_names()
    assert current_revision(engine) == "0007"


def test_revision_15_names_logged_places_and_starts_the_feed_afresh(engine: Engine) -> None:
    upgrade_to(engine, "0014")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO place_change (version, place_id) VALUES (1, 5)"))
    upgrade_to_head(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("place_change")}
    with engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM place_change")).scalar()
    assert ({"source", "source_id"} <= columns, left) == (True, 0)
