"""Alembic revisions of the database schema; run them with `panda db upgrade`."""
