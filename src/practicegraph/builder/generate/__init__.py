"""Generate: the named graphs no person writes (municipalities, provinces, code lists, the
catalog's generated part, the JSON-LD context)."""
