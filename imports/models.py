"""An uploaded file waiting between its preview and the officer's confirmation.

Kept in the database, not in process memory or on one server's disk, so any app server
behind the load balancer can confirm what another one previewed; and not in the session,
which would carry megabytes on every request of that user.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP_FOR = datetime.timedelta(hours=24)


class PendingImport(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("loại dữ liệu"), max_length=30)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp chờ nhập")
        verbose_name_plural = _("tệp chờ nhập")

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def purge_stale(cls) -> None:
        cls.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
