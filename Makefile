# Two commands for a newcomer: `make run` and `make test`. Everything else is here for them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test install migrate seed messages requirements worker beat serve check-deploy e2e unit clean

$(BIN)/activate: requirements.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements/dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## make run: set up everything and serve the portal at http://$(HOST):$(PORT) (default
## http://127.0.0.1:8000) with demo accounts, as users see it: DEBUG off, so unknown addresses and errors
## get the portal's own 404 and 500 pages (WhiteNoise serves the static files). SITE_URL, the address
## e-mail links and QR codes point at, follows HOST and PORT, and ALLOWED_HOSTS accepts it; give
## SITE_URL=… or DJANGO_ALLOWED_HOSTS=… on the command line to choose them yourself (e.g. behind a tunnel).
## make dev: the same with DEBUG on (Django's error pages with tracebacks), for developers.
comma := ,
SITE_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
RUN_SITE_URL = $(if $(filter command line,$(origin SITE_URL)),$(SITE_URL),http://$(SITE_HOST):$(PORT))
RUN_ALLOWED_HOSTS = $(if $(filter command line,$(origin DJANGO_ALLOWED_HOSTS)),$(DJANGO_ALLOWED_HOSTS),127.0.0.1$(comma)localhost$(comma)[::1]$(if $(filter-out 127.0.0.1 localhost,$(SITE_HOST)),$(comma)$(SITE_HOST)))
run: RUN_DEBUG = false
dev: RUN_DEBUG = true
# The demo data is made with the same address: its e-mails and its certificates' QR codes too.
RUN_ENV = SITE_URL='$(RUN_SITE_URL)' DJANGO_ALLOWED_HOSTS='$(RUN_ALLOWED_HOSTS)' DJANGO_DEBUG=$(RUN_DEBUG)
run dev: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (unit, integration and browser tests) against PostgreSQL and Redis
## (concurrency and readiness are tested on the real services). Override the URLs to point elsewhere.
## Two pytest runs: the tests without a browser on TEST_WORKERS processes (pytest-xdist, a test
## database each), then the browser tests one at a time. Both run; either failing fails the target.
TEST_WORKERS ?= 2
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)
TEST_REDIS_URL := $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: export REDIS_URL = $(TEST_REDIS_URL)
unit: export DATABASE_URL = $(TEST_DATABASE_URL)
unit: export REDIS_URL = $(TEST_REDIS_URL)
e2e: export DATABASE_URL = $(TEST_DATABASE_URL)
e2e: export REDIS_URL = $(TEST_REDIS_URL)
test: install
	$(PY) manage.py compilemessages --ignore=.venv -v0 2>/dev/null || true
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	status=0; \
	$(BIN)/pytest --ignore=tests/e2e -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS) || status=$$?; \
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS) || status=$$?; \
	exit $$status

unit: install
	$(BIN)/pytest --ignore=tests/e2e -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: install
	$(BIN)/celery -A portal beat --loglevel=INFO

serve: install
	$(PY) manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c gunicorn.conf.py portal.wsgi

messages: install
	$(PY) scripts/catalogues.py
	$(PY) manage.py compilemessages --ignore=.venv

# Production settings as a deployment sets them, with throwaway secrets and a throwaway seal (a
# self-signed pair made here: a real deployment uses the LSP's BSrE certificate, docs/credentials.md).
check-deploy: install
	@seal=$$(mktemp -d) && trap 'rm -rf "$$seal"' EXIT && \
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=check-deploy seal" \
	  -keyout "$$seal/key.pem" -out "$$seal/cert.pem" 2>/dev/null && \
	DJANGO_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=portal.example.id SITE_URL=https://portal.example.id CREDENTIAL_SIGNING_KEYS=check:$$(head -c 32 /dev/urandom | base64) \
	PDF_SEAL_KEY="$$seal/key.pem" PDF_SEAL_CERT="$$seal/cert.pem" \
	$(PY) manage.py check --deploy --fail-level WARNING

requirements: install
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links requirements/base.in -o requirements.txt
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links requirements/dev.in -o requirements/dev.txt

clean:
	rm -rf var staticfiles .pytest_cache
