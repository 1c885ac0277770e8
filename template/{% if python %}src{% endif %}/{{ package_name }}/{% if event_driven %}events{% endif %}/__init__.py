"""Domain events: written to the outbox with the change they describe, relayed to the broker.

- `outbox.py`: `DomainEvent`, the outbox table and `record_event()`, called by use cases
  inside their transaction.
- `relay.py`: publishes committed events to the broker, in order, and marks them published
  (`python -m <package>.events relay`, `make relay`).
- `asyncapi.py`: the AsyncAPI document of the events, committed as `asyncapi.json`.

Consumers are job handlers keyed by event type (see `jobs/worker.py`): the worker delivers
each event at least once, records its ID so a redelivery has no second effect, retries
failures with backoff and dead-letters what keeps failing.
"""
