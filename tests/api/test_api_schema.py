"""A property-based run over the service's own OpenAPI schema (schemathesis + hypothesis): for valid
and for invalid generated parameters and bodies, no route answers with a 5xx, and every error is a
problem document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

EXAMPLES = 10  # per operation and mode: 14 operations, a few seconds in all


def test_api_schema_no_route_answers_5xx(base_url):
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    seen: list[str] = []
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call(timeout=60)
                seen.append(f"{operation.method.upper()} {operation.path}")
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")
                elif response.status_code >= 400:
                    assert response.headers["content-type"][0].startswith("application/problem+json"), case

            try:
                run()
            except Unsatisfiable:  # no invalid input exists for a route without parameters (GET /health)
                assert mode is GenerationMode.NEGATIVE
    assert not failures, failures
    assert len(set(seen)) == 14
