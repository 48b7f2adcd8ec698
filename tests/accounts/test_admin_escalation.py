"""Only superusers manage staff: the demo servicer (staff, Servicers group, not a
superuser) posts the real admin forms and can grant itself or anyone nothing.

Every refusal is checked twice: the field is not in the form the servicer is
shown, and a forged POST of it changes nothing in the database. The same POST
by a superuser does change it, which shows the forged data is well formed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from loans.seed import SERVICERS_GROUP, seed_demo_users

User = get_user_model()
PASSWORD = "a-long enough 7 passphrase"
NEW_PASSWORD = "another fine 8 passphrase"
PRIVILEGES = ("is_superuser", "is_staff", "groups", "user_permissions")


@pytest.fixture
def people(db):
    seed_demo_users()
    return {
        "servicer": User.objects.get(username="servicer"),
        "root": User.objects.create_superuser("root", "root@example.com", PASSWORD),
        "colleague": User.objects.create_user("colleague", password=PASSWORD, is_staff=True),
        "olga": User.objects.create_user("olga", "olga@example.com", PASSWORD),
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def forged_change(user, **extra) -> dict:
    """The change form of `user` as the page posts it, plus every privilege field
    ticked: superuser, staff, the Servicers group and the delete-user permission."""
    return {
        "username": user.username,
        "first_name": "Forged",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(Group.objects.get(name=SERVICERS_GROUP).pk)],
        "user_permissions": [str(Permission.objects.get(codename="delete_user").pk)],
        **extra,
    }


def privileges(user) -> tuple:
    user.refresh_from_db()
    return (user.is_superuser, user.is_staff, user.groups.count(), user.user_permissions.count())


def test_the_demo_servicer_is_staff_in_the_servicers_group_not_a_superuser(people):
    servicer = people["servicer"]
    assert servicer.is_staff and not servicer.is_superuser
    assert servicer.has_perm("auth.change_user")  # so the admin lets it in at all
    assert list(servicer.groups.values_list("name", flat=True)) == [SERVICERS_GROUP]


def test_servicer_sees_no_privilege_field_on_an_ordinary_user(people):
    page = signed_in(people["servicer"]).get(change_url(people["olga"]))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert "first_name" in fields and "email" in fields
    assert not set(PRIVILEGES) & set(fields)


def test_a_forged_privilege_post_by_the_servicer_changes_only_the_ordinary_fields(people):
    olga = people["olga"]
    response = signed_in(people["servicer"]).post(change_url(olga), forged_change(olga))
    assert response.status_code == 302  # saved
    assert privileges(olga) == (False, False, 0, 0)
    assert olga.first_name == "Forged"  # the form was accepted, privileges left out


def test_the_same_post_by_a_superuser_grants_the_privileges(people):
    olga = people["olga"]
    response = signed_in(people["root"]).post(change_url(olga), forged_change(olga))
    assert response.status_code == 302
    assert privileges(olga) == (True, True, 1, 1)


@pytest.mark.parametrize("target", ["servicer", "root", "colleague"])
def test_servicer_cannot_change_itself_or_any_staff_user(people, target):
    user = people[target]
    before = privileges(user), user.email
    client = signed_in(people["servicer"])
    page = client.get(change_url(user))
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    posted = client.post(change_url(user), forged_change(user, email="mallory@example.com"))
    assert posted.status_code == 403
    assert (privileges(user), user.email) == before


@pytest.mark.parametrize("target", ["servicer", "root", "colleague"])
def test_servicer_cannot_set_the_password_of_itself_or_any_staff_user(people, target):
    user = people[target]
    client = signed_in(people["servicer"])
    assert client.get(password_url(user)).status_code == 403
    posted = client.post(
        password_url(user),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert posted.status_code == 403
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_servicer_still_sets_an_ordinary_users_password(people):
    olga = people["olga"]
    posted = signed_in(people["servicer"]).post(
        password_url(olga),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert posted.status_code == 302
    olga.refresh_from_db()
    assert olga.check_password(NEW_PASSWORD)


def test_superuser_still_sets_a_staff_users_password(people):
    servicer = people["servicer"]
    posted = signed_in(people["root"]).post(
        password_url(servicer),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert posted.status_code == 302
    servicer.refresh_from_db()
    assert servicer.check_password(NEW_PASSWORD)


def test_a_user_the_servicer_adds_is_ordinary_whatever_the_post_says(people):
    response = signed_in(people["servicer"]).post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(Group.objects.get(name=SERVICERS_GROUP).pk)],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert privileges(User.objects.get(username="newbie")) == (False, False, 0, 0)
