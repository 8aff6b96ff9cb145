"""API tokens: issued on a password, listed and revoked by their owner, ended with the log-in.

The tokens are django-rest-knox's: stored as a hash (a database leak gives no usable key),
several per user (one per script), each with an end date API_TOKEN_TTL_DAYS after it was
issued (settings, "API tokens"). A token is known to its owner by `token_key`, the first
characters of the key they hold: enough to tell tokens apart, not enough to use one.

When tokens die (api.md, "Authentication"):
- on their end date (knox refuses them and deletes them);
- when their owner revokes one (`revoke_api_token`: the API or the account page);
- all at once when their owner logs out of the site or their password changes, by any door
  (the account page, the admin, `manage.py changepassword`): see accounts.models.User.
"""

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken


def issue_api_token(user) -> tuple[AuthToken, str]:
    """A new token for `user`: the stored record and the key, which is shown only this once."""
    return AuthToken.objects.create(user=user)


def live_api_tokens(user) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def revoke_api_token(user, token_key: str) -> bool:
    """Revoke one of the user's own tokens; False when they have none with that key (another
    user's token is not theirs to name, so it is "not found" alike)."""
    deleted, _by_model = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)


def revoke_api_tokens(user) -> int:
    """Revoke every token of the user; the number revoked."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted
