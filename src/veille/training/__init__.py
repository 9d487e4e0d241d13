"""Reproducible derivations and trainings of veille\x27s data files (run as modules)."""
