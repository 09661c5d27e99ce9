#!/usr/bin/env bash
# Refresh the Vietnamese catalog after adding or changing a message (see ocopctl/i18n.py):
# extract the English message ids, merge them into ocopctl.po (write the new msgstr there,
# then run this again), and compile the .mo that ocopctl reads. tests/unit/test_i18n.py
# fails while any of the three files is stale or a message has no Vietnamese text.
# babel.cfg declares the extraction methods: Python for the source, and for the check modules
# also ocopctl.i18n_extract, which adds every code's explanation paragraph by paragraph (the
# docstrings of the @check functions, the register_load_code summaries; examples are code).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=".${PYTHONPATH:+:$PYTHONPATH}"  # this tree's extractor, whichever ocopctl is installed
pybabel extract -F babel.cfg -k Msg -k N_ --no-location --sort-output --omit-header \
  -o ocopctl/locale/ocopctl.pot .
pybabel update -i ocopctl/locale/ocopctl.pot -d ocopctl/locale -D ocopctl -l vi \
  --no-fuzzy-matching --ignore-obsolete
pybabel compile -d ocopctl/locale -D ocopctl --statistics
