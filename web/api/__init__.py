"""The JSON API (token authentication, OpenAPI 3 at /api/v1/openapi.json)."""
