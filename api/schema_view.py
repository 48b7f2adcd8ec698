"""GET /api/schema/: the OpenAPI schema, as YAML or JSON."""

from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: YAML, or JSON with `?format=json` (or `Accept:
    application/vnd.oai.openapi+json`). The project turns DRF's `?format=` off
    globally (it names a statement's file format), so this view reads it itself.
    Offline, without signing in: `python manage.py spectacular --format openapi-json`."""

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        asked = request.query_params.get("format")
        for renderer in self.get_renderers():
            if asked is not None and renderer.format == asked:
                return renderer, renderer.media_type
        if asked is not None and not force:
            raise NotFound(f"No schema format '{asked}': choose json or yaml.")
        return super().perform_content_negotiation(request, force)
