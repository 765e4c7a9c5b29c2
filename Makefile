# The two things a newcomer needs: `make demo` (chat with the bot, no token) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
POT := locales/messages.pot
PYTEST := $(PY) -m pytest -n auto --maxschedchunk 4
KEYWORDS := -k t -k plural:1,2 -k N_ -k _

.PHONY: demo run test test-all test-postgres browser postgres install dev catalogues extract \
	update-catalogues bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed catalogues

demo: install
	$(PY) bot.py --demo

run: install
	$(PY) bot.py

# The suite a maintainer runs all day, on every core; small scheduling steps keep both busy to
# the end (tests/conftest.py starts the longest ones first). It leaves out the tests marked slow,
# which start `python bot.py` as a process and kill it with -9: `make test-all` runs them too,
# as CI does.
test: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PYTEST) -m "not slow"

test-all: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PYTEST)

# The suite again on PostgreSQL (tests/support/engines.py): against TEST_DATABASE_URL when it is
# set (a cluster's maintenance database), else in a throwaway cluster removed afterwards.
ifdef TEST_DATABASE_URL
test-postgres: install browser
	$(PYTEST)
else
test-postgres: install browser postgres
	tools/throwaway_postgres.sh run $(PYTEST)
endif

# The desk's browser tests drive Debian's chromium; Playwright cannot download browsers here.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
		|| { echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; }

# The throwaway cluster runs Debian's PostgreSQL server (tools/throwaway_postgres.sh).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
		|| { echo "The PostgreSQL tests need Debian's postgresql: sudo apt-get install postgresql"; \
		exit 1; }

# Catalogues: extract English msgids, merge them into vi/en, compile to .mo.
extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg $(KEYWORDS) --no-default-keywords \
		--project=ocop-assistant --sort-by-file -o $(POT) --ignore-dirs='.venv tests bench emulator' .

# English messages name the English alias of a command (/assess, not /danhgia).
update-catalogues: extract
	$(VENV)/bin/pybabel update -i $(POT) -d locales -D messages --no-fuzzy-matching \
		--ignore-obsolete
	$(PY) tools/english_commands.py

catalogues: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d locales -D messages --statistics

bench: install
	$(PY) bench/bench_throughput.py
	$(PY) bench/bench_criteria.py
	$(PY) bench/bench_faq.py
	$(PY) bench/bench_assessment.py --think 3
	$(PY) bench/bench_broadcast.py
	$(PY) bench/bench_desk.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
