"""A new password revokes the user's API token, however it was set, and the user
is told by mail (ASVS 2.5.5: a change they did not make is noticed).

Passwords change in many places: the user's own change form, the reset link,
the admin's password form, `manage.py changepassword`, `set_password()` or
`set_unusable_password()` followed by `save()` in code or a shell. All of them
end in saving the user with a new hash in `password`, so the one place that
sees every change is the save itself: a pre_save receiver compares the hash
being saved with the stored one. (A custom user model would come too late
for this project's migrations, and wrapping `set_password` would miss
`set_unusable_password` and direct assignments.)

One save writes a new hash for the same password: Django re-hashes it at
sign-in when the preferred hasher or its work factor changed
(`AbstractBaseUser.check_password`). That is not a new password and keeps
the token. Other sessions need nothing here: Django signs each session with
the password hash and drops sessions whose hash no longer matches.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from accounts.services import token_revoke

logger = logging.getLogger(__name__)


def is_rehash(user: Any, stored: str) -> bool:
    """Is this save Django's sign-in re-hash of the same password?

    It sets no pending raw password (`_password` is cleared before it saves),
    happens only when the stored hash is out of date, and writes a usable
    hash by the preferred hasher."""
    if getattr(user, "_password", None) is not None:  # set_password() since the last save
        return False
    try:
        stored_hasher = identify_hasher(stored)
        new_hasher = identify_hasher(user.password)
    except ValueError:  # unusable or unknown: a re-hash neither starts from nor makes one
        return False
    preferred = get_hasher()
    out_of_date = stored_hasher.algorithm != preferred.algorithm or preferred.must_update(stored)
    return out_of_date and new_hasher.algorithm == preferred.algorithm


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="password-change-revokes-token")
def revoke_token_on_new_password(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or instance.pk is None:  # loading fixtures; a new user has no token yet
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. last_login at each sign-in
    stored = (
        sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    )
    if stored is None or stored == instance.password or is_rehash(instance, stored):
        return
    token_revoke(user=instance)
    if instance.email:
        transaction.on_commit(lambda: password_changed_mail(instance))


PASSWORD_CHANGED = """Hello {username},

The password of your Notekeeper account {username} was changed, and your API token,
if you had one, was revoked.

If you did not change it, tell your servicer at once: someone else may know it.
"""


def password_changed_mail(user: Any) -> None:
    """Sent once the change is committed; a mail server that is down does not undo
    the change, it is logged."""
    try:
        send_mail(
            subject="Your Notekeeper password was changed",
            message=PASSWORD_CHANGED.format(username=user.get_username()),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError:  # smtplib's errors and the socket's
        logger.exception("password-change mail to user %s was not sent", user.pk)
