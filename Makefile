# ocrfix — the two commands a newcomer needs:
#   make demo   install everything, then run the main job on the bundled samples
#   make test   install everything, then run the test suite
# Re-running either is quick once everything is installed (stamp files).

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
APT_PKGS := tesseract-ocr tesseract-ocr-rus tesseract-ocr-script-cyrl fonts-freefont-ttf fonts-dejavu-core \
            hunspell hunspell-ru mueller7-dict dict-freedict-eng-rus poppler-utils chromium chromium-driver
OUT     ?= reports/demo

.PHONY: setup system python dictionaries demo test bench clean

setup: system python dictionaries

# Debian packages (root on a fresh machine; skipped when all are present)
system: .stamp-system
.stamp-system:
	@if dpkg -s $(APT_PKGS) >/dev/null 2>&1; then echo "system packages present"; else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PKGS); fi
	@touch $@

# the virtual environment in .venv with ocrfix and its dependencies (re-done when pyproject changes)
python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

# build and cache the lexicon index once (kept in ~/.cache/ocrfix, rebuilt when inputs change)
dictionaries: python
	@if $(BIN)/ocrfix dictionaries --help >/dev/null 2>&1; then $(BIN)/ocrfix dictionaries build; fi

demo: setup
	$(BIN)/ocrfix run samples --out $(OUT) --store $(OUT)/ocrfix.sqlite
	@echo "demo outputs written under $(OUT)/ (report: $(OUT)/report.html)"

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

bench: setup
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf reports/demo .stamp-system
