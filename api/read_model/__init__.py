"""The in-memory read model that serves every read; writes reach it through `ReadModel.apply`.

docs/architecture.md draws how a write reaches readers in this process and in others.
"""

from api.read_model.changes import Changes
from api.read_model.holder import ReadModel
from api.read_model.loader import load_snapshot
from api.read_model.snapshot import Hit, Snapshot

__all__ = ["Changes", "Hit", "ReadModel", "Snapshot", "load_snapshot"]
