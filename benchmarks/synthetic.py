"""Clearly synthetic places across metropolitan France, for benchmarks only (never the seed)."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import JSON, Engine, Table, insert
from sqlmodel import Session

from models import opening_hours
from models.access_point import AccessPoint, AccessPointCreate, AccessPointPublic
from seed.upsert import bump_data_version

SOURCE = "synthetic-benchmark"
LAT_RANGE = (42.3, 51.1)
LON_RANGE = (-4.8, 8.2)
BATCH_SIZE = 5_000
# Share of places drawn around a city rather than uniformly over the box.
CLUSTERED_SHARE = 0.7
CLUSTER_SPREAD_DEG = 0.3
CITIES = (
    (48.8566, 2.3522),  # Paris
    (45.7640, 4.8357),  # Lyon
    (43.2965, 5.3698),  # Marseille
    (43.6047, 1.4442),  # Toulouse
    (50.6292, 3.0573),  # Lille
    (44.8378, -0.5792),  # Bordeaux
    (47.2184, -1.5536),  # Nantes
    (48.5734, 7.7521),  # Strasbourg
    (48.1173, -1.6778),  # Rennes
    (47.3220, 5.0415),  # Dijon
    (45.1885, 5.7245),  # Grenoble
    (43.7102, 7.2620),  # Nice
)
_RAW_HOURS = (
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Mo-Sa 10:00-19:00",
    "Tu-Fr 09:00-17:00; Sa 09:00-12:00",
    None,
)
# Stored in canonical form, as the model would store them, since bulk loading skips validation.
HOURS = tuple(None if h is None else opening_hours.normalise(h) for h in _RAW_HOURS)
PANDA_SHARE = 0.1
_UPDATED_AT = datetime(2025, 1, 1, tzinfo=UTC)
_TABLE: Table = AccessPoint.__table__  # type: ignore[attr-defined]
_LIST_COLUMNS = tuple(c.name for c in _TABLE.columns if isinstance(c.type, JSON) and not c.nullable)


def synthetic_coordinates(n: int, seed: int = 0) -> np.ndarray:
    """(n, 2) latitudes and longitudes: most around big cities, the rest uniform over France."""
    rng = np.random.default_rng(seed)
    uniform = np.column_stack((rng.uniform(*LAT_RANGE, n), rng.uniform(*LON_RANGE, n)))
    centres = np.array(CITIES)[rng.integers(0, len(CITIES), n)]
    clustered = centres + rng.normal(0.0, CLUSTER_SPREAD_DEG, (n, 2))
    points = np.where((rng.random(n) < CLUSTERED_SHARE)[:, None], clustered, uniform)
    points[:, 0] = points[:, 0].clip(*LAT_RANGE)
    points[:, 1] = points[:, 1].clip(*LON_RANGE)
    return points.round(6)


def synthetic_fields(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """The model fields of n synthetic places, deterministic for a seed."""
    rng = np.random.default_rng(seed + 1)
    points = synthetic_coordinates(n, seed)
    hours = rng.integers(0, len(HOURS), n)
    panda = rng.random(n) < PANDA_SHARE
    for i in range(n):
        yield {
            "name": f"Synthetic place {i:06d}",
            "address": f"{i % 200 + 1} rue Synthetique",
            "postcode": "75000",
            "commune": "Synthetique",
            "latitude": float(points[i, 0]),
            "longitude": float(points[i, 1]),
            "opening_hours": HOURS[hours[i]],
            "networks": ["PANDA"] if panda[i] else [],
            "source": SOURCE,
            "source_id": f"synthetic-{i:06d}",
        }


def synthetic_places(n: int, seed: int = 0) -> list[AccessPointCreate]:
    """n validated synthetic places, as an importer would send them."""
    return [AccessPointCreate.model_validate(fields) for fields in synthetic_fields(n, seed)]


def _public_defaults() -> dict[str, Any]:
    """Every optional public field's default, resolved once."""
    fields = AccessPointPublic.model_fields
    return {
        name: field.get_default(call_default_factory=True, validated_data={})
        for name, field in fields.items()
        if not field.is_required()
    }


def synthetic_public(n: int, seed: int = 0) -> list[AccessPointPublic]:
    """n synthetic public places with ids 1..n, built without validation (fast).

    Every field is given, so pydantic resolves no default per model; the empty lists are
    shared between places, which is safe because snapshots never mutate their places.
    """
    defaults = _public_defaults()
    return [
        AccessPointPublic.model_construct(**(defaults | fields), id=i, updated_at=_UPDATED_AT)
        for i, fields in enumerate(synthetic_fields(n, seed), start=1)
    ]


def _row(fields: dict[str, Any]) -> dict[str, Any]:
    """A table row for core insert: every non-null JSON column as a Python list."""
    lists: dict[str, Any] = {name: [] for name in _LIST_COLUMNS}
    return lists | fields | {"equipment": None, "updated_at": _UPDATED_AT}


def load_synthetic(engine: Engine, n: int, seed: int = 0) -> int:
    """Bulk-insert n synthetic places in batches, bump the data version; the new version."""
    batch: list[dict[str, Any]] = []
    with engine.begin() as connection:
        for fields in synthetic_fields(n, seed):
            batch.append(_row(fields))
            if len(batch) == BATCH_SIZE:
                connection.execute(insert(_TABLE), batch)
                batch = []
        if batch:
            connection.execute(insert(_TABLE), batch)
    with Session(engine) as session:
        version = bump_data_version(session)
        session.commit()
    return version
