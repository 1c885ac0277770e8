"""Operational endpoints: probes, metrics and the OpenAPI document."""

from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate
from prometheus_client.parser import text_string_to_metric_families

from .expectations import ITEMS

contract = pytest.mark.contract


@contract("HEALTH-LIVE")
def test_health(api: httpx.Client) -> None:
    response = api.get("/health")

    assert response.status_code == 200
    assert response.json() == {"data": {"status": "ok"}, "meta": {}}


@contract("HEALTH-READY")
def test_ready_while_dependencies_answer(api: httpx.Client) -> None:
    response = api.get("/ready")

    assert response.status_code == 200
    data = response.json()["data"]
    assert data.pop("status") == "ready"
    assert "database" in data
    assert set(data.values()) == {"ok"}, data


def request_count(api: httpx.Client, **labels: str) -> float:
    """http_requests_total for these labels, whatever others a service adds (`service`)."""
    response = api.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return sum(
        sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "http_requests_total" and sample.labels.items() >= labels.items()
    )


@contract("METRICS-PROM")
def test_metrics_count_the_requests_just_made_by_route_template(api: httpx.Client) -> None:
    missing = {"method": "GET", "route": f"{ITEMS}/{{item_id}}", "status": "404"}
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "404"}
    before = request_count(api, **missing), request_count(api, **unmatched)

    for number in range(3):
        api.get(f"{ITEMS}/00000000-0000-0000-0000-00000000000{number}")
    api.get("/no/such/route")

    after = request_count(api, **missing), request_count(api, **unmatched)
    assert (after[0] - before[0], after[1] - before[1]) == (3, 1)


@contract("METRICS-PROM")
def test_metrics_expose_a_latency_histogram(api: httpx.Client) -> None:
    families = {
        family.name: family for family in text_string_to_metric_families(api.get("/metrics").text)
    }

    histogram = families["http_request_duration_seconds"]
    assert histogram.type == "histogram"
    assert {"method", "route", "status"} <= set(histogram.samples[0].labels)


@contract("OPENAPI-SERVED")
def test_openapi_document_is_valid(api: httpx.Client) -> None:
    response = api.get("/openapi.json")

    assert response.status_code == 200
    validate(response.json())


@contract("ERR-DOCUMENTED")
def test_every_operation_documents_its_errors_with_the_envelope(api: httpx.Client) -> None:
    document: dict[str, Any] = api.get("/openapi.json").json()
    schemas = document["components"]["schemas"]

    for path, path_item in document["paths"].items():
        for method, operation in path_item.items():
            responses = operation["responses"]
            assert "422" not in responses, f"{method} {path}"
            assert "500" in responses, f"{method} {path}"
            for status, response in responses.items():
                if status >= "400":
                    reference = response["content"]["application/json"]["schema"]["$ref"]
                    assert set(schemas[reference.rsplit("/", 1)[1]]["properties"]) == {"error"}
