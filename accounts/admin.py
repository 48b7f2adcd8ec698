"""Servicers manage users and their memberships (DESIGN 1) in the admin.

The user page gets a Membership inline: a user reaches a party's notes in a
role. Staff status makes a user a servicer (they see every note); only
superusers grant it (accounts/admin_users.py).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.admin_users import SuperusersManageStaff
from loans.models import Membership

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("party",)
    verbose_name = "membership (party and role this user acts for)"


@admin.display(description="memberships")
def membership_summary(user) -> str:
    return "; ".join(f"{m.get_role_display()} of {m.party}" for m in user.memberships.all())


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class NotekeeperUserAdmin(SuperusersManageStaff, UserAdmin):
    inlines = (MembershipInline,)
    list_display = ("username", "email", "is_staff", "is_active", membership_summary)
    list_filter = ("is_staff", "is_active", "memberships__role")
    search_fields = ("username", "email", "first_name", "last_name", "memberships__party__name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__party")
