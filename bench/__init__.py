"""The fieldnotes benchmark suite: a generator of synthetic notebooks and a runner."""
