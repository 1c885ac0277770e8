"""The service's modules, one per bounded context.

Each module owns its routes, use cases, repository and tables (prefixed with its name).
Another module may import only its `public` interface; everything else is private, and
`make lint` (import-linter, see pyproject.toml) fails when a module reaches into another.
A module that must react to another's change subscribes to its events (core/events.py)
instead of being called by it, so dependencies point one way.
"""
