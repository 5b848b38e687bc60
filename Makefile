# Makefile for "Neural Networks from Scratch" (GNU make).
#
#   make setup   create .venv, install requirements.txt, nnlib and nncourse (editable), and bubblewrap
#   make book    build the Jupyter Book strictly into _build/html (the PDF included)
#   make pdf     build the whole book as one PDF through LaTeX into _build/pdf
#   make test    lint (ruff) and run the test suite (tests/)
#   make lint    ruff check and ruff format --check (make format rewrites)
#   make lab     open JupyterLab; chapters/*.md open as notebooks (jupytext)
#   make student write student/<chapter>.ipynb: the chapters without solutions
#   make bench   run benchmarks/run.py (WITH_TORCH=1 also installs torch)
#   make clean   remove _build and caches; make distclean also removes .venv

SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
STAMP  := $(VENV)/.installed

# Extra arguments for pytest; e.g. `make test PYTEST_ARGS=` runs serially.
# Two workers share the tests a file at a time, so that one worker builds and
# visits the website (tests/test_site.py). Not --dist loadgroup: with pytest
# 9.2 it silently stops grouping (pytest-xdist issue #1386).
PYTEST_ARGS ?= -n 2 --dist loadfile

# The CPU wheel of torch lies in /opt/wheels on the project's machines.
TORCH_VERSION ?= 2.13.0
TORCH_FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)

# Extra arguments for jupyter lab, e.g. `make lab LAB_ARGS="--no-browser --port 8899"`.
LAB_ARGS ?=
# Jupyter refuses to run as root without --allow-root (as on the CI machines).
LAB_ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root)
# Debian's packages (Chromium, TeX Live) are installed as root: through sudo
# for a user who is not, such as GitHub's runners (make book builds the PDF).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# JupyterLab settings that make .md files open as Jupytext notebooks.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/jupytext-default-viewer.json

.DEFAULT_GOAL := help
.PHONY: help setup vendor notebooks book pdf lint format test lab student bench clean distclean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

# nnlib is installed in setuptools' "compat" editable mode (a .pth file that
# puts the repository root on sys.path), so that modules and subpackages added
# to nnlib/ later, including nnlib/__init__.py itself, are picked up without
# reinstalling. nncourse, the course's machinery, is a second distribution
# (nncourse/pyproject.toml); installing it adds the nncourse-grade command.
$(STAMP): requirements.txt pyproject.toml nncourse/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps -e . --config-settings editable_mode=compat
	$(PIP) install --no-deps -e ./nncourse
	touch $@

# bubblewrap (bwrap), the sandbox each graded notebook's kernel runs in (nncourse/grading/sandbox.py),
# from Debian's package where it is missing. Linux only: elsewhere the grader needs --no-sandbox.
BWRAP := $(if $(filter Linux,$(shell uname -s)),$(if $(shell command -v bwrap),,/usr/bin/bwrap))
/usr/bin/bwrap:
	$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap

setup: $(STAMP) $(BWRAP)

# Scripts the website serves itself instead of fetching them from a CDN, all
# from the npm registry, pinned in package.json and package-lock.json:
# MathJax 3; plotly.js's cartesian bundle (the explorers draw scatter, bar and
# contour traces: 1.5 MB where the full plotly.js is 4.8 MB), of the version
# the plotly Python package ships; axe-core, which the browser tests inject
# into every page to check its accessibility (no page loads it by itself).
VENDOR := _vendor
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/plotly-cartesian.min.js: $(NPM_STAMP)
	mkdir -p $(VENDOR)
	cp node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js $@

$(VENDOR)/axe-core/axe.min.js: $(NPM_STAMP)
	mkdir -p $(VENDOR)/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(VENDOR)/axe-core/

$(VENDOR)/mathjax/tex-chtml.js: $(NPM_STAMP)
	rm -rf $(VENDOR)/mathjax && mkdir -p $(VENDOR)/mathjax
	cd node_modules/mathjax/es5 && cp -r tex-chtml.js a11y adaptors input output sre ui $(CURDIR)/$(VENDOR)/mathjax/

vendor: $(VENDOR)/plotly-cartesian.min.js $(VENDOR)/axe-core/axe.min.js $(VENDOR)/mathjax/tex-chtml.js

# The chapters as notebooks, offered for download on each chapter page.
notebooks: setup
	mkdir -p notebooks
	for chapter in chapters/[0-9][0-9]-*.md; do \
	  $(VENV)/bin/jupytext --quiet --to ipynb --output notebooks/$$(basename $$chapter .md).ipynb $$chapter; \
	done

# Debian's Chromium, for the browser tests of the website (Playwright drives it;
# it never downloads a browser of its own).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The chapters' networks are small: one BLAS thread each runs them fastest,
# and leaves the other core to a second notebook or test worker. The site
# offers the PDF for download, so the PDF is built first (its run executes
# the chapters into the cache, which the HTML build then reuses).
book: setup vendor notebooks student pdf
	OPENBLAS_NUM_THREADS=1 $(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going $(if $(wildcard _build/html),,--all)

# The book as one PDF, through LaTeX: Jupyter Book's pdflatex builder (which
# runs XeLaTeX, for Unicode, through latexmk), with each explorer as a
# figure of its first state and the solutions in an appendix (_ext/). TeX
# Live comes from Debian's packages, the smallest set that builds it (about
# 5 minutes to install on a new machine); pdftotext (poppler-utils) lets the
# tests read the PDF.
PDF := _build/pdf/neural-networks-from-scratch.pdf
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
  texlive-xetex fonts-freefont-otf fonts-dejavu-core latexmk poppler-utils
TEX_STAMP := /usr/bin/xelatex /usr/bin/latexmk /usr/bin/pdftotext
$(TEX_STAMP):
	$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends $(TEX_PACKAGES)

pdf: setup vendor $(TEX_STAMP) $(CHROMIUM)
	OPENBLAS_NUM_THREADS=1 $(VENV)/bin/jupyter-book build . --builder pdflatex --warningiserror --nitpick --keep-going
	mkdir -p $(dir $(PDF))
	cp _build/latex/book.pdf $(PDF)

# ruff's settings are in pyproject.toml; zero findings, every file formatted.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: setup vendor $(CHROMIUM) $(BWRAP) lint
	OPENBLAS_NUM_THREADS=1 $(PY) -m pytest $(PYTEST_ARGS)

$(LAB_OVERRIDES): $(STAMP)
	$(VENV)/bin/jupytext-config --settings-file $@ set-default-viewer markdown myst

lab: setup $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(wildcard chapters),--LabApp.default_url=/lab/tree/chapters) $(LAB_ROOT_ARG) $(LAB_ARGS)

student: setup
	$(PY) -m nncourse.notebooks chapters/[0-9][0-9]-*.md --out student

bench: setup
ifeq ($(WITH_TORCH),1)
	$(PIP) install $(TORCH_FIND_LINKS) torch==$(TORCH_VERSION)
endif
	$(PY) benchmarks/run.py

clean:
	rm -rf _build _vendor notebooks student .pytest_cache .hypothesis .ipynb_checkpoints
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints -o -name '*.egg-info' \) -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules
