# policyscope — the two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
DB ?= policyscope.duckdb
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2
# Debian packages: chromium (browser tests), Noto CJK fonts (Chinese in charts and PDFs), pango (WeasyPrint),
# poppler-utils (pdftotext / pdftoppm in report tests), LibreOffice Writer (page numbers of the .docx contents).
APT_PACKAGES := chromium fonts-noto-cjk fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libreoffice-writer-nogui
# Java 17 for PySpark (ingest --engine spark, analyses --backend spark), only when no `java` is on the PATH.
JAVA_PACKAGE := $(if $(shell command -v java 2>/dev/null),,openjdk-17-jre-headless)

.PHONY: install system-deps build run test lint typecheck serve report clean

install: system-deps $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES) $(JAVA_PACKAGE); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.9
	@$(BIN)/uv pip uninstall -q --python $(BIN)/python opencc-python-reimplemented 2>/dev/null || true  # replaced by opencc (same module name)
	@$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	@$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)
	@echo "python environment ready in $(VENV)"

build: install
	@$(BIN)/policyscope build --db $(DB)

run: build
	@$(BIN)/policyscope sql "select 'events' as what, count(*) as n from events union all select 'observations', count(*) from observations union all select 'edges', count(*) from edges union all select 'jurisdictions', count(*) from jurisdictions" --db $(DB)
	@$(BIN)/policyscope report build flagship --lang zh,en --format html,pdf,docx,md --out out --db $(DB)
	@echo "open http://$(HOST):$(PORT) (Ctrl-C stops the server)"
	@$(BIN)/policyscope serve --db $(DB) --host $(HOST) --port $(PORT)

# ruff, then the two lists that may only shrink (functions above complexity 10, mypy errors), then pytest on
# TEST_WORKERS processes (one per core; tests sharing a costly fixture stay on one, see tests/conftest.py).
test: install
	@$(BIN)/ruff check src tests bench scripts
	@$(BIN)/python scripts/complexity.py
	@$(BIN)/python scripts/typecheck.py
	@$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup

lint: install
	@$(BIN)/ruff check src tests bench scripts
	@$(BIN)/python scripts/complexity.py

# mypy on src/ against scripts/typecheck-baseline.txt; `python scripts/typecheck.py --update` shrinks the list.
typecheck: install
	@$(BIN)/python scripts/typecheck.py

clean:
	rm -rf $(VENV) out export test-artifacts .pytest_cache .mypy_cache $(DB) $(DB).wal
