# syntax=docker/dockerfile:1
# Browser libraries (Leaflet) at the versions of api/web/package-lock.json, served by the app.
FROM node:20-bookworm-slim AS web
WORKDIR /src/api/web
COPY api/web/package.json api/web/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Build stage: install the project at its locked versions (as the README's first line does)
# into a virtualenv.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY api ./api
COPY models ./models
COPY seed ./seed
COPY --from=web /src/api/web/node_modules ./api/web/node_modules
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -c requirements/runtime.txt .

# Runtime stage: the virtualenv only, run by an unprivileged user.
FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PANDA_DATABASE_URL="sqlite:////data/panda.db" \
    PANDA_HOST=0.0.0.0 \
    PANDA_PORT=8000
RUN useradd --system --uid 10001 --home-dir /data --create-home panda
COPY --from=build /opt/venv /opt/venv
USER panda
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status != 200)"]
CMD ["panda", "serve"]
