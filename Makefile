# Harbour: `make run` serves the demo, `make test` runs the whole suite.
# Both install what they need first and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with the published demo secret; a real deployment sets its own.
DEMO_ENV := HARBOUR_DEBUG=true
TEST_ENV := HARBOUR_SECRET_KEY=test-only-secret-not-for-production HARBOUR_DEBUG=false \
	HARBOUR_EVIDENCE_KEYS=test:dGVzdC1vbmx5LWV2aWRlbmNlLWtleS0zMi1ieXRlcyE=
ASSET_SOURCES := $(shell find src/harbour/static_src scripts -type f 2>/dev/null)

.PHONY: run demo-code serve test test-sqlite test-postgres install assets browser fonts compose-cli lint format clean

# The demo's task worker runs beside the web server, as in production, so evidence
# packs and e-mails are handled off the request path; it stops when runserver does.
run: install assets fonts
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/harbour migrate --no-input
	$(DEMO_ENV) $(BIN)/harbour demo
	$(DEMO_ENV) $(BIN)/harbour db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/harbour runserver $(HOST):$(PORT)

# The current two-factor code of a demo account: make demo-code USER=helen (demo only).
demo-code:
	@$(DEMO_ENV) $(BIN)/harbour demo-code $(USER)

# Production: gunicorn with src/harbour/gunicorn_conf.py, static files by WhiteNoise.
# Settings come only from the environment, or ./.env when present (sourced by the
# shell, so quote values with spaces); never the demo secret. Run `harbour migrate`
# after each upgrade: /healthz answers 503 until it has.
serve: install assets fonts
	@set -a; [ ! -f .env ] || . ./.env; set +a; \
	$(BIN)/harbour collectstatic --no-input -v0 && \
	exec $(BIN)/gunicorn -c python:harbour.gunicorn_conf harbour.wsgi:application

test: install assets browser fonts compose-cli lint test-sqlite test-postgres

test-sqlite:
	$(TEST_ENV) DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest

# PostgreSQL runs when HARBOUR_TEST_DATABASE_URL is set (CI always sets it).
test-postgres:
	@if [ -n "$$HARBOUR_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$HARBOUR_TEST_DATABASE_URL"; \
		$(TEST_ENV) DATABASE_URL="$$HARBOUR_TEST_DATABASE_URL" $(BIN)/pytest; \
	else \
		echo "== PostgreSQL skipped: HARBOUR_TEST_DATABASE_URL is not set"; \
	fi

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/static/.built

build/static/.built: $(VENV)/.installed node_modules/.installed $(ASSET_SOURCES)
	node scripts/build-assets.mjs
	HARBOUR_DEBUG=true $(BIN)/harbour collectstatic --no-input --clear -v0
	touch $@

# Browser journeys drive Debian's Chromium; they never download a browser.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser journeys"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser journeys need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium"; \
			exit 1; \
		fi; \
	fi

# Fonts for every script in the PDFs (harbour/pdf_text.py; the Dockerfile installs
# the same): DejaVu, Noto (other scripts), Droid Sans Fallback (CJK), Nanum
# (Hangul) and Symbola (emoji). Debian's packages; nothing is downloaded.
FONT_PACKAGES := fonts-dejavu-core fonts-noto-core fonts-droid-fallback fonts-nanum fonts-symbola
fonts:
	@missing=$$(for p in $(FONT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's fonts for the PDFs: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "The PDFs need these fonts: sudo apt-get install $$missing"; \
			exit 1; \
		fi; \
	fi

# tests/test_deploy.py checks compose.yaml with `docker compose config` (no engine
# needed); without the compose plugin, Debian's docker-compose does the same.
compose-cli:
	@if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's docker-compose for the compose file's test"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; \
		else \
			echo "tests/test_deploy.py needs docker compose: sudo apt-get install --no-install-recommends docker-compose"; \
			exit 1; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf build var/test.sqlite3
