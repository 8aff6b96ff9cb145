"""Forms of the OCOP pages."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives import pickers
from cooperatives import selectors as registry
from cooperatives.forms import CommuneChoiceField, FilterForm, _blank, units_valid_on_record_day
from core.forms import VersionField, VNModelForm
from ocop.models import STARS_MESSAGE, OcopProduct, OcopRating, ProductGroup


class OcopProductForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = OcopProduct
        fields = ["name", "group", "category", "producer_kind", "producer", "producer_name", "unit",
                  "registered_on", "withdrawn_on"]
        field_classes = {"unit": CommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producer = self.fields["producer"]
        producer.widget = pickers.collective_picker()
        producer.queryset = pickers.collectives(user)
        self.fields["unit"].queryset = units_valid_on_record_day(self, registry.communes_for(user),
                                                                 date_field="registered_on")
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("Chỉ cần khi chủ thể không phải HTX, THT (lấy theo HTX, THT nếu có).")

    def clean(self):
        data = super().clean()
        producer = data.get("producer")
        if producer is not None:
            # The commune follows the registered collective (OcopProduct.clean does the same).
            data["unit"] = producer.unit
            self.instance.unit = producer.unit
        return data


class OcopRatingForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = OcopRating
        fields = ["stars", "score", "decision_number", "issuer", "decided_on", "valid_until", "revoked"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's choices make `stars` a select of 1–5 sao (no number to type).
        self.fields["stars"].error_messages["invalid_choice"] = STARS_MESSAGE
        self.fields["valid_until"].required = False


class ProductFilterForm(FilterForm):
    unit = CommuneChoiceField(label=gettext_lazy("Xã / phường / thị trấn"), queryset=None, required=False,
                              empty_label=gettext_lazy("— tất cả —"))
    group = forms.ChoiceField(label=gettext_lazy("Nhóm sản phẩm"), choices=_blank(ProductGroup.choices),
                              required=False)
    stars = forms.ChoiceField(label=gettext_lazy("Hạng sao đang có hiệu lực"), required=False, choices=_blank(
        [(str(n), f"{n}★") for n in range(5, 0, -1)] + [("none", gettext_lazy("Chưa có / hết hiệu lực"))]))
    withdrawn = forms.ChoiceField(label=gettext_lazy("Tham gia chương trình"), required=False, choices=_blank([
        ("no", gettext_lazy("Đang tham gia")), ("yes", gettext_lazy("Đã rút"))]))
    lapsing = forms.BooleanField(label=gettext_lazy("Sắp hết hiệu lực"), required=False)
