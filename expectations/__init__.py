"""Great Expectations suites kept as code, and the runner that validates a table with them."""
