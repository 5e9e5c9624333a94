"""The published OpenAPI document is valid and tells the truth: every route is in it with its
security and error responses, its schemas are valid JSON Schema, and real answers match them.

(openapi-spec-validator is not installed: the structure is checked with FastAPI's own pydantic
models of OpenAPI 3.1, the schemas with jsonschema's 2020-12 meta-schema.)"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.openapi.models import OpenAPI
from fastapi.routing import APIRoute, iter_route_contexts

from ui.api.app import create_api_app

KEY_ONLY = {"/tickets", "/tickets/{ticket_id}", "/webhooks/zendesk"}
ALWAYS = {"401", "403", "429", "500"}


@pytest.fixture(scope="module")
def document(api_server) -> dict[str, Any]:
    answer = httpx.get(f"{api_server.base_url}/api/openapi.json")
    assert answer.status_code == 200
    loaded: dict[str, Any] = answer.json()
    return loaded


def operations(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_that_the_document_is_valid_openapi_with_every_route(api_server, document):
    OpenAPI.model_validate(document)  # raises on a structurally wrong document
    assert document["openapi"].startswith("3.1")
    assert {"url": "/api"} in document["servers"], "paths are relative to the mount"
    app = create_api_app(api_server.settings, runtime_of=lambda: api_server.runtime)
    routes = {
        (method.lower(), context.path_format)
        for context in iter_route_contexts(app.routes)  # through the included routers
        if isinstance(context.original_route, APIRoute) and context.original_route.include_in_schema
        for method in context.methods or ()
    }
    documented = {(method, path) for path, method, _ in operations(document)}
    assert routes == documented and len(routes) == 8


def test_that_every_operation_documents_its_security_and_errors(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http",
        "description": schemes["bearer"]["description"],
        "scheme": "bearer",
    }
    assert (schemes["apiKey"]["in"], schemes["apiKey"]["name"]) == ("header", "X-API-Key")
    assert (schemes["session"]["in"], schemes["session"]["name"]) == ("cookie", "access_token")
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        named = {name for requirement in operation["security"] for name in requirement}
        assert named <= set(schemes), where
        expected = {"bearer", "apiKey"} if path in KEY_ONLY else {"bearer", "apiKey", "session"}
        assert named == expected, where
        responses = operation["responses"]
        wanted = set(ALWAYS)
        if operation.get("parameters") or operation.get("requestBody"):
            wanted.add("422")
        if operation.get("requestBody"):
            wanted.add("413")
        assert wanted <= set(responses), (where, wanted - set(responses))
        for status in wanted:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == error_ref, (where, status)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    stream = document["paths"]["/chat/{conversation_id}/messages"]["post"]["responses"]["200"]
    assert "text/event-stream" in stream["content"]
    assert "application/json" not in stream["content"]


def _walk_refs(node: Any):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _walk_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_refs(value)


def test_that_every_schema_is_valid_json_schema_and_every_ref_resolves(document):
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert name.isidentifier(), name
    for ref in _walk_refs(document):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref


def _validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(root)


def test_that_real_answers_match_the_documented_schemas(api_server, document, make_api_key):
    key, _ = make_api_key("tickets:write", "tickets:read", "escalations:read")
    client = httpx.Client(base_url=api_server.base_url, headers={"X-API-Key": key}, timeout=30)
    made = client.post(
        "/api/tickets",
        json={
            "channel": "form",
            "subject": "Care",
            "body": "How do I clean an oak table?",
            "sender_email": "reader@example.org",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    _validator(document, "Ticket").validate(made.json())
    _validator(document, "Ticket").validate(client.get(made.headers["location"]).json())
    _validator(document, "EscalationList").validate(client.get("/api/escalations").json())
    for refused in (
        httpx.get(f"{api_server.base_url}/api/escalations"),
        client.post("/api/tickets", json={"channel": "fax"}),
        client.get(f"/api/tickets/{uuid.uuid4()}"),
    ):
        assert refused.status_code in (401, 404, 422)
        _validator(document, "ErrorResponse").validate(refused.json())
    with pytest.raises(jsonschema.ValidationError):  # the check can fail: a wrong shape fails
        _validator(document, "ErrorResponse").validate({"detail": "Not authenticated"})
