"""A trace collector for the tests: receives OTLP/HTTP exports on loopback, as Jaeger does.

It decodes each export with the protocol's own message types and keeps the spans, with
the attributes of the resource (the service) that sent them.
"""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from ..loopback import LoopbackServer


@dataclass(frozen=True)
class ReceivedSpan:
    name: str
    trace_id: str
    span_id: str
    parent_span_id: str
    resource: dict[str, str]


class Collector(LoopbackServer):
    def __init__(self) -> None:
        """A collector on a free loopback port, already receiving at `url`/v1/traces."""
        self.spans: list[ReceivedSpan] = []
        self._lock = threading.Lock()
        super().__init__(self._handler())

    def _receive(self, export: ExportTraceServiceRequest) -> None:
        received = [
            ReceivedSpan(
                name=span.name,
                trace_id=span.trace_id.hex(),
                span_id=span.span_id.hex(),
                parent_span_id=span.parent_span_id.hex(),
                resource={
                    attribute.key: attribute.value.string_value
                    for attribute in resource_spans.resource.attributes
                },
            )
            for resource_spans in export.resource_spans
            for scope_spans in resource_spans.scope_spans
            for span in scope_spans.spans
        ]
        with self._lock:
            self.spans.extend(received)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path != "/v1/traces":
                    self.send_error(404)
                    return
                collector._receive(ExportTraceServiceRequest.FromString(body))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the tests read `spans` instead

        return Handler
