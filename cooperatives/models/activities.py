"""Training courses and trade-promotion events."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel
from core.validation import validate_not_future
from units.models import validate_unit_on


class TrainingCourse(TrackedModel):
    title = models.CharField(_("tên lớp"), max_length=300)
    held_on = models.DateField(_("ngày tổ chức"))
    organizer = models.CharField(_("đơn vị tổ chức"), max_length=200, blank=True)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT,
                             related_name="training_courses")
    attendees = models.ManyToManyField("cooperatives.Person", verbose_name=_("học viên"), blank=True,
                                       related_name="training_courses")
    extra_attendees = models.PositiveIntegerField(
        _("số học viên khác (không ghi tên)"), default=0,
        help_text=_("Người tham dự không có trong danh sách thành viên, cán bộ."),
    )

    search_text = models.CharField(max_length=600, editable=False, default="")

    history = HistoricalRecords(m2m_fields=[attendees], excluded_fields=["search_text"])
    search_fields = ("title", "organizer")

    class Meta:
        verbose_name = _("lớp đào tạo, tập huấn")
        verbose_name_plural = _("lớp đào tạo, tập huấn")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def clean(self):
        errors = {}
        for check in (lambda: validate_not_future(self.held_on, "held_on"),
                      lambda: validate_unit_on(self.unit if self.unit_id else None, self.held_on,
                                               what=_("ngày tổ chức"))):
            try:
                check()
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)


class TradeEventKind(models.TextChoices):
    TRADE_FAIR = "trade_fair", _("Hội chợ xúc tiến thương mại")
    OCOP_FAIR = "ocop_fair", _("Hội chợ, tuần hàng OCOP")
    CONFERENCE = "conference", _("Hội nghị, kết nối cung cầu")
    OTHER = "other", _("Khác")


class TradeEvent(TrackedModel):
    name = models.CharField(_("tên sự kiện"), max_length=300)
    held_on = models.DateField(_("ngày tổ chức"))
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=TradeEventKind.choices,
                            default=TradeEventKind.TRADE_FAIR)
    # The unit that recorded the event; it is also visible to every scope with a participant.
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("đơn vị ghi nhận"), on_delete=models.PROTECT,
                             related_name="trade_events", null=True, blank=True)
    participants = models.ManyToManyField("cooperatives.Collective", verbose_name=_("tổ chức tham gia"),
                                          blank=True, related_name="trade_events")

    search_text = models.CharField(max_length=600, editable=False, default="")

    history = HistoricalRecords(m2m_fields=[participants], excluded_fields=["search_text"])
    search_fields = ("name", "location")

    class Meta:
        verbose_name = _("sự kiện xúc tiến thương mại")
        verbose_name_plural = _("xúc tiến thương mại")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"

    def clean(self):
        validate_unit_on(self.unit if self.unit_id else None, self.held_on, what=_("ngày tổ chức"))

    @classmethod
    def scope_q(cls, unit_ids: set[int]) -> Q:
        in_scope = cls.objects.filter(Q(unit__in=unit_ids) | Q(participants__unit__in=unit_ids)).values("pk")
        return Q(pk__in=in_scope)
