"""One-off converters that turn upstream reference data into the compact files committed under data/reference/."""
