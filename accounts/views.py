"""The signed-in user's account pages: their API token and password (home is in web/).

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
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import token_of
from accounts.services import token_expired, token_expires, token_replace, token_revoke


class SignedInRequest(HttpRequest):
    """A request to a `login_required` view: its user is signed in."""

    user: User


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def token_page(request: SignedInRequest) -> HttpResponse:
    """GET shows whether the user has a token; POST issues a new one and
    shows its key this once (the old key stops working)."""
    new_key = token_replace(user=request.user).key if request.method == "POST" else None
    token = token_of(request.user)
    context = {
        "token": token,
        "new_key": new_key,
        "expires": token_expires(token) if token else None,
        "expired": token_expired(token) if token else False,
    }
    return render(request, "accounts/token.html", context)


@require_POST
@login_required
def token_revoke_page(request: SignedInRequest) -> HttpResponse:
    if token_revoke(user=request.user):
        messages.success(request, "Your API token was revoked; clients using it are refused.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("account-token")
