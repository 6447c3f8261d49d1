"""The app under benchmark: the project's app plus one trivial async route, for uvicorn."""

import os

from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings

DATABASE_URL_ENV = "PANDA_BENCH_DATABASE_URL"
TRIVIAL_PATH = "/bench/trivial"


async def trivial() -> dict[str, str]:
    """A small constant answer: the cost of uvicorn and FastAPI alone."""
    return {"status": "ok"}


def build_app() -> FastAPI:
    """`create_app` on the benchmark database named by the environment, plus the trivial route."""
    # The read limit stays in the path, as in production, but out of reach of the load.
    settings = Settings(
        database_url=os.environ[DATABASE_URL_ENV],
        load_seed_when_empty=True,
        rate_limit_reads="1000000000/minute",
    )
    app = create_app(settings)
    app.add_api_route(TRIVIAL_PATH, trivial, methods=["GET"], include_in_schema=False)
    return app
