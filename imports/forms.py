from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from imports.services.limits import limits, megabytes
from imports.services.reader import old_format_message


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"),
        error_messages={"required": _l("Hãy chọn một tệp để tải lên."),
                        "empty": _l("Tệp rỗng.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = limits().upload_bytes
        if upload.size > limit:
            raise ValidationError(
                _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": megabytes(upload.size), "limit": megabytes(limit)}
            )
        if upload.name.lower().endswith(".xls"):
            raise ValidationError(old_format_message())
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        return upload
