from django.contrib.auth.models import AbstractUser
from django.contrib.auth.signals import user_logged_out
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from accounts.tokens import revoke_api_tokens
from core.models import CleanText


class Role(models.TextChoices):
    VIEWER = "viewer", _("Lãnh đạo (chỉ xem)")
    OFFICER = "officer", _("Cán bộ nghiệp vụ")
    ADMIN = "admin", _("Quản trị")


class User(CleanText, AbstractUser):
    """A person who logs in. `role` says what they may do, `scope` where.

    A user without a scope sees the whole country only if they are an admin; a viewer or
    officer without a scope sees nothing (accounts.scope), so a forgotten scope never
    leaks the whole register.
    """

    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    scope = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Đơn vị hành chính mà người dùng làm việc; để trống với quản trị viên toàn quốc."),
    )

    # Set by set_unusable_password() until the save that stores it (see save()).
    _password_disabled = False

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_disabled = True

    def save(self, *args, **kwargs):
        """Saving a new or disabled password revokes the user's API tokens, whichever door
        changed it (account page, admin, `manage.py changepassword`): a token obtained with
        the old password must not outlive it (accounts.tokens).

        set_password() keeps the new raw password in `_password` until this save; Django's
        own re-hashing of an unchanged password at log-in clears it first, so that does not
        count as a change."""
        password_changed = (self._password is not None or self._password_disabled) and not self._state.adding
        super().save(*args, **kwargs)
        self._password_disabled = False
        if password_changed:
            revoke_api_tokens(self)

    @property
    def effective_role(self) -> str:
        # A Django superuser is an admin whose scope is the whole country (api.md).
        return Role.ADMIN if self.is_superuser else self.role

    @property
    def is_admin(self) -> bool:
        return self.effective_role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.is_active and self.effective_role in (Role.OFFICER, Role.ADMIN)


@receiver(user_logged_out)
def revoke_api_tokens_at_logout(sender, request, user, **kwargs):
    """Logging out of the site (page or admin) ends the user's API tokens too (api.md)."""
    if user is not None:
        revoke_api_tokens(user)
