"""Only superusers manage staff (no escalation through the user admin).

A servicer is staff with the Servicers group's permissions, which include
changing users: without this, it could tick `is_superuser` on itself, give
itself any permission, or set a superuser's password and sign in as them.
So, for anyone who is not a superuser:
- `is_superuser`, `is_staff`, groups and user permissions are read-only on
  every user, themselves included (a forged POST of them is ignored: Django
  leaves read-only fields out of the form);
- staff and superusers are view-only (their names, e-mail address and
  password too: a changed address would receive the password-reset link).
Ordinary users and their memberships are managed as before.
"""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest

PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def manages_staff(user: Any) -> bool:
    """May this user grant or withdraw privileges (is it an active superuser)?"""
    return bool(user.is_active and user.is_superuser)


def is_privileged(user: AbstractUser) -> bool:
    return user.is_staff or user.is_superuser


class SuperusersManageStaff:
    """A UserAdmin mixin: what a non-superuser may not touch is read-only or refused.

    Django's admin password form (`/admin/auth/user/<id>/password/`) asks
    `has_change_permission(request, user)`, so it is refused (403) for a
    staff target too."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = super().get_readonly_fields(request, obj)  # type: ignore[misc]
        if manages_staff(request.user):
            return readonly
        return (*readonly, *PRIVILEGE_FIELDS)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_privileged(obj) and not manages_staff(request.user):
            return False
        return bool(super().has_change_permission(request, obj))  # type: ignore[misc]
