# syntax=docker/dockerfile:1
# Harbour's image: gunicorn serving the app, WhiteNoise serving its static files.
# It holds no secrets and no settings: everything comes from the environment when
# it runs (compose.yaml, .env.example). `docker compose up` runs it for a trust.

# --- Front-end: GOV.UK and MOJ Frontend from npm, built into build/static.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/ scripts/
COPY src/harbour/static_src/ src/harbour/static_src/
RUN node scripts/build-assets.mjs

# --- The app, installed as a package (not editable): the image needs no source tree.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint (plan and letter PDFs) needs Pango. The fonts are the Makefile's
# `fonts` list, so every document has a glyph for any script (harbour/pdf_text.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-noto-core fonts-droid-fallback fonts-nanum fonts-symbola \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml /tmp/harbour/
COPY src/ /tmp/harbour/src/
RUN pip install /tmp/harbour && rm -rf /tmp/harbour

# Where an installed package finds what is not in it (settings.py): the built
# assets, collected static files, and evidence (a volume in compose.yaml).
ENV HARBOUR_ASSETS_DIR=/opt/harbour/assets \
    HARBOUR_VAR_DIR=/var/lib/harbour \
    HARBOUR_EVIDENCE_DIR=/var/lib/harbour/evidence \
    HARBOUR_WEB_BIND=0.0.0.0:8000
COPY --from=assets /src/build/static/ /opt/harbour/assets/
# Collected (and compressed) once here. The demo flag only lets settings load
# without secrets for this one command; it is not kept in the image.
RUN HARBOUR_DEBUG=true harbour collectstatic --no-input -v0

# Static files stay root's; only evidence (and the fontconfig cache in HOME) is writable.
RUN groupadd --system harbour \
    && useradd --system --gid harbour --home-dir /var/lib/harbour --no-create-home harbour \
    && mkdir -p /var/lib/harbour/evidence \
    && chown harbour:harbour /var/lib/harbour /var/lib/harbour/evidence
USER harbour
WORKDIR /var/lib/harbour

EXPOSE 8000
# Slim images have no curl; Python's urllib fails on anything but a 2xx.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
CMD ["gunicorn", "-c", "python:harbour.gunicorn_conf", "harbour.wsgi:application"]
