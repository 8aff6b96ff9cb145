from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

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
