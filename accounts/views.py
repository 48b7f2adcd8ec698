"""The signed-in user's pages: home (their notes) and their API token.

Login, logout and the password pages are Django's own views
(accounts/urls.py); every page here needs a signed-in user.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import memberships_of, notes_visible_to, token_of
from accounts.services import token_replace, token_revoke


class SignedInRequest(HttpRequest):
    """A request to a `login_required` view: its user is signed in."""

    user: User


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    notes = notes_visible_to(request.user).select_related("borrower").order_by("reference")
    context = {"notes": notes, "memberships": memberships_of(request.user)}
    return render(request, "accounts/home.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def token_page(request: SignedInRequest) -> HttpResponse:
    """GET shows whether the user has a token; POST issues a new one and
    shows its key this once (the old key stops working)."""
    new_key = token_replace(user=request.user).key if request.method == "POST" else None
    context = {"token": token_of(request.user), "new_key": new_key}
    return render(request, "accounts/token.html", context)


@require_POST
@login_required
def token_revoke_page(request: SignedInRequest) -> HttpResponse:
    if token_revoke(user=request.user):
        messages.success(request, "Your API token was revoked; clients using it are refused.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("account-token")
