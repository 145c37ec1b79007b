"""Link: place names resolved to municipalities, values derived for the Flemish standards, and the
checks across files (withdrawn IRIs, IRIs that never break)."""
