"""Speed only: caches and counters, each standing in for a plain twin in `fieldnotes.domain`."""
