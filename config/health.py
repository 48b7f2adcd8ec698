"""GET /healthz: may a load balancer send this instance requests? (DESIGN 5, Operations)

200 {"status": "ok"} only when the database answers a query; 503 otherwise. No
login: it is exempt from LoginRequiredMiddleware, reads no session and
authenticates nobody (so django-axes never counts or locks it out), and shows
nothing but the status.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    if not database_answers():
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def database_answers() -> bool:
    """One round trip to the database: a connection that opens but cannot query is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        log.exception("healthz: the database does not answer")
        return False
