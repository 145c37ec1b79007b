"""Turning triples into answers: content negotiation, response headers and formats, and the
view models of the HTML pages."""
