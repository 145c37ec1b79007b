"""The reference lists (municipalities, provinces, deelgemeenten) and reading place names
against them: what both the importer and the build link names with."""
