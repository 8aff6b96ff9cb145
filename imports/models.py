"""An uploaded file waiting between its preview and the officer's confirmation.

Kept in the database, not in process memory or on one server's disk, so any app server
behind the load balancer can confirm what another one previewed; and not in the session,
which would carry megabytes on every request of that user. The file is read once, at
upload: what waits is its table of cells, then the preview's result, so reloading the
preview neither parses the file again nor runs the import again.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP_FOR = datetime.timedelta(hours=24)


class PendingState(models.TextChoices):
    WAITING = "waiting", _("chờ xác nhận")
    # Kept a while after the import so a second confirmation (a double click, another
    # tab) is told so instead of importing the file twice.
    IMPORTED = "imported", _("đã nhập")


class PendingImport(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("loại dữ liệu"), max_length=30)
    filename = models.CharField(_("tên tệp"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=10, choices=PendingState.choices,
                             default=PendingState.WAITING)
    # reader.Table, as Table.to_bytes(); empty when the file could not be read, and once imported.
    table = models.BinaryField(_("bảng dữ liệu đã đọc"), null=True, editable=False)
    # engine.ImportResult of the last preview, or of the import, as ImportResult.to_bytes().
    result = models.BinaryField(_("kết quả xem trước"), null=True, editable=False)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp chờ nhập")
        verbose_name_plural = _("tệp chờ nhập")

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def purge_stale(cls) -> None:
        cls.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
