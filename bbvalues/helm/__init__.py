"""Helm's value semantics: merge order, null handling, YAML 1.1 scalars."""
