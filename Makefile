# Two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install national-dataset national-bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	COOPREG_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/plan_results.py

# The national-scale benchmark (README "National scale"), by hand: a synthetic country in its
# own PostgreSQL database, then the benchmark (it empties the Redis database it is given).
NATIONAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/coopreg_national_bench
NATIONAL_REDIS_URL ?= redis://127.0.0.1:6379/5

national-dataset: $(STAMP)
	DATABASE_URL=$(NATIONAL_DATABASE_URL) $(BIN)/python bench/national.py --prepare

national-bench: $(STAMP)
	DATABASE_URL=$(NATIONAL_DATABASE_URL) REDIS_URL=$(NATIONAL_REDIS_URL) $(BIN)/python bench/national.py $(BENCH_ARGS)
