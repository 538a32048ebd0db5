"""One module per guarded table; each exposes `build_suite()` and its `TABLE` and `BLOCKING`."""
