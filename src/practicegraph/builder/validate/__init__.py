"""Validate: SHACL (the engine, in parts), the official DCAT-AP Vlaanderen shapes, and findings a
person can act on, located by file and line."""
