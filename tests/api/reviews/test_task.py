"""The pass inside `panda serve`: it runs every interval and survives a failure."""

import asyncio
from typing import Any

import pytest
from sqlalchemy import Engine

from api.reviews import task
from api.reviews.remind import ReviewReport
from api.settings import Settings


def test_review_now_runs_one_pass(engine: Engine, places: dict[str, int]) -> None:
    report = task.review_now(engine, Settings())
    assert report.due == 3


def test_periodic_pass_survives_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def flaky(_engine: Any, _settings: Any) -> ReviewReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return ReviewReport()

    monkeypatch.setattr(task, "review_now", flaky)

    async def run() -> None:
        job = asyncio.create_task(
            task.review_periodically(None, Settings(review_interval_s=0.01))  # type: ignore[arg-type]
        )
        while len(calls) < 3:
            await asyncio.sleep(0.01)
        job.cancel()

    asyncio.run(run())
    assert len(calls) >= 3
