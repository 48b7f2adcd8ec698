"""What every signed-in page reads before anything else: its session and its user.

Django's own database sessions and ModelBackend, with the two rows read by SQL composed
once (loans.composed): Django composed both queries anew for every page, which took
longer than running them. Nothing else differs: a session past its expiry date is no
session, an inactive user is no user (`user_can_authenticate`), and the password hash
in the session is checked as before (django.contrib.auth.get_user).

Settings: SESSION_ENGINE = "accounts.sessions" and "accounts.sessions.ModelBackend" in
AUTHENTICATION_BACKENDS. A session stores the path of the backend that signed it in:
sessions signed in under "django.contrib.auth.backends.ModelBackend" end when that
path leaves the setting, and their users sign in once more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import backends, get_user_model
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from loans.composed import composed

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        """The session, unless it is missing or expired (then the key is dropped, as
        Django's own store does)."""
        key = self.session_key
        session = _session.first(key) if isinstance(key, str) else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session


@composed
def _session(key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=key)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _user.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


@composed
def _user(pk: int) -> QuerySet[User]:
    return get_user_model()._default_manager.filter(pk=pk)
