"""Recording changes to places in the audit trail."""

from typing import Any

from sqlmodel import Session

from models.audit import AuditEntry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Fields whose JSON values differ, as {field: {"before", "after"}}."""
    fields = sorted(set(before) | set(after))
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in fields
        if before.get(name) != after.get(name)
    }


def record(
    session: Session, access_point_id: int, actor: str, action: str, changes: dict[str, Any]
) -> None:
    """Add an audit entry to the current transaction."""
    session.add(
        AuditEntry(access_point_id=access_point_id, actor=actor, action=action, changes=changes)
    )
