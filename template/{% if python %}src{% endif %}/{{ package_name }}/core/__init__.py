"""Cross-cutting concerns: configuration, database, logging, errors and HTTP plumbing."""
