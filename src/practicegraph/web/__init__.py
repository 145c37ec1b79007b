"""The read-only HTTP face of one build: resources, SPARQL, dumps, context."""
