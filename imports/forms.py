from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"),
        error_messages={"required": _l("Hãy chọn một tệp để tải lên."),
                        "empty": _l("Tệp rỗng.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                   "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        return upload
