"""Add workshops, their sessions, the seats booked on them and who read the lists.

Revision ID: 0005
Revises: 0004
Created: 2026-12-02

`workshop`: what a place teaches, where, for how many. `workshop_session`: one dated session,
its capacity, whether it takes place, and the counts kept once its registrations are purged.
`registration`: one seat or place in the queue, with the least personal data that works,
deleted some days after the session. `registration_list_read`: who read a session's list,
when. `workshop_audit_entry`: changes to workshops and sessions, as `audit_entry` for places.
Enumerations are stored as their values in short strings (no PostgreSQL enum types).
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _workshop() -> None:
    op.create_table(
        "workshop",
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.String(5000), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("audiences", sa.JSON(), nullable=False),
        sa.Column("what_to_bring", sa.String(500), nullable=True),
        sa.Column("accessibility", sa.String(500), nullable=True),
        sa.Column("fee", sa.String(40), nullable=True),
        sa.Column("phone", sa.String(12), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        _utc("updated_at", False),
        sa.PrimaryKeyConstraint("id", name="pk_workshop"),
    )
    op.create_index("ix_workshop_organiser_id", "workshop", ["organiser_id"])
    op.create_index("ix_workshop_venue_id", "workshop", ["venue_id"])


def _session() -> None:
    op.create_table(
        "workshop_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        _utc("starts_at", False),
        _utc("ends_at", False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("cancel_reason", sa.String(300), nullable=True),
        sa.Column("rrule", sa.String(500), nullable=True),
        sa.Column("waiting_peak", sa.Integer(), nullable=False),
        _utc("purged_at", True),
        sa.Column("booked_count", sa.Integer(), nullable=True),
        sa.Column("attended_count", sa.Integer(), nullable=True),
        sa.Column("no_show_count", sa.Integer(), nullable=True),
        _utc("updated_at", False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name="fk_workshop_session_workshop_id_workshop"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_session"),
    )
    op.create_index("ix_workshop_session_workshop_id", "workshop_session", ["workshop_id"])


def _registration() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(50), nullable=False),
        sa.Column("last_initial", sa.String(2), nullable=False),
        sa.Column("phone", sa.String(16), nullable=True),
        sa.Column("counsellor_name", sa.String(100), nullable=False),
        sa.Column("counsellor_agency", sa.String(100), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("waiting_position", sa.Integer(), nullable=True),
        sa.Column("attendance", sa.String(20), nullable=True),
        sa.Column("booking_key_id", sa.Integer(), nullable=False),
        _utc("created_at", False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_session.id"],
            name="fk_registration_session_id_workshop_session",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_registration"),
    )
    op.create_index("ix_registration_session_id", "registration", ["session_id"])
    op.create_index("ix_registration_booking_key_id", "registration", ["booking_key_id"])


def _logs() -> None:
    op.create_table(
        "registration_list_read",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reader", sa.String(120), nullable=False),
        _utc("at", False),
        sa.PrimaryKeyConstraint("id", name="pk_registration_list_read"),
    )
    op.create_index(
        "ix_registration_list_read_session_id", "registration_list_read", ["session_id"]
    )
    op.create_table(
        "workshop_audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        _utc("at", False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_audit_entry"),
    )
    op.create_index("ix_workshop_audit_entry_workshop_id", "workshop_audit_entry", ["workshop_id"])


def upgrade() -> None:
    _workshop()
    _session()
    _registration()
    _logs()


def downgrade() -> None:
    op.drop_table("workshop_audit_entry")
    op.drop_table("registration_list_read")
    op.drop_table("registration")
    op.drop_table("workshop_session")
    op.drop_table("workshop")
