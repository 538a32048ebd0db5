"""The benchmark is a command (`make bench`), not a test: pytest collects nothing here."""

collect_ignore_glob = ["*.py"]
