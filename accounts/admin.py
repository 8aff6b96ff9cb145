from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin plus what Coopreg adds: the role and the scope."""

    list_display = ("username", "get_full_name", "email", "role", "scope", "is_staff", "is_superuser", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "scope__level")
    list_select_related = ("scope",)
    search_fields = ("username", "first_name", "last_name", "email", "scope__name", "scope__code")
    autocomplete_fields = ("scope",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope")}),
    )

    @admin.display(description=_("họ và tên"))
    def get_full_name(self, obj):
        return obj.get_full_name()
