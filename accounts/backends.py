"""How a signed-in user is read back on each request."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class UserBackend(ModelBackend):
    """Django's ModelBackend, reading the user's scope unit with the user.

    Every page and endpoint asks for the reader's scope (accounts.scope), which starts from
    `user.scope`: one query for both instead of a second one on every request."""

    def get_user(self, user_id):
        user = User.objects.select_related("scope").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
