# Two commands matter: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus/reply-parsing

.PHONY: demo test lint fmt cog eval bench bench-rules bench-cases bench-export bench-review bench-stats bench-sync sample system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "triage needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y python3-venv || { apt-get update && apt-get install -y python3-venv; }; \
		else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'"; exit 1; fi; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/triage demo

# Dovecot (the IMAP sync tests) and fish (a completion test): installed when we can
# (root with apt), else named.
system-deps:
	@if ! [ -x /usr/sbin/dovecot ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd || \
			{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd; }; \
		else echo "note: IMAP tests need Dovecot: run 'sudo apt-get install dovecot-imapd'"; fi; \
	fi
	@if ! command -v fish >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q fish || \
			{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fish; }; \
		else echo "note: the fish completion test needs fish: run 'sudo apt-get install fish'"; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/cog --check README.md

test: $(STAMP) system-deps lint
	$(BIN)/pytest

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/cog -r README.md

cog: $(STAMP)
	$(BIN)/cog -r README.md

# Score new-text extraction on the shared reply-parsing corpus (kept outside the repo).
eval: $(STAMP)
	$(BIN)/python bench/eval_reply.py $(CORPUS)
	$(BIN)/python bench/eval_labels.py --results bench/RESULTS.md
	$(BIN)/python bench/eval_cases.py --results bench/RESULTS.md

# Regenerate the bundled demo mailbox (deterministic).
sample: $(STAMP)
	$(BIN)/python -m triage.sample.generate

bench: $(STAMP)
	$(BIN)/python bench/bench_import.py

# relabel on 100,000 generated messages, and the rules' cost after an import or sync.
bench-rules: $(STAMP)
	$(BIN)/python bench/bench_rules.py

# regroup of 100,000 generated messages from scratch, and the cases hook after a sync.
bench-cases: $(STAMP)
	$(BIN)/python bench/bench_cases.py

# triage export of 100,000 messages and their cases: wall time and peak RSS.
bench-export: $(STAMP)
	$(BIN)/python bench/bench_export.py

# Every triage stats view on 100,000 messages, in-process and as a command.
bench-stats: $(STAMP)
	$(BIN)/python bench/bench_stats.py

# The review TUI on 100,000 messages: launch to first case drawn, next-case latency.
bench-review: $(STAMP)
	$(BIN)/python bench/bench_review.py

# triage sync against a private Dovecot, beside mbsync (apt-get install isync).
bench-sync: $(STAMP) system-deps
	$(BIN)/python bench/bench_sync.py

clean:
	rm -rf $(VENV) build *.egg-info bench/out
