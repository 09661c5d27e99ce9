"""Exit codes, as the README documents them."""

OK = 0
FINDINGS = 1
USAGE = 2
