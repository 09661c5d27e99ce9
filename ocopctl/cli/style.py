"""Console settings the top-level options give (imported at start, so it imports nothing)."""

COLOR = "auto"  # --color auto|always|never
