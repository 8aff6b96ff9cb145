"""The official record of a unit's year: its state in the approval chain and every step taken.

A unit's year (the annual reports of the collectives it answers for, and its unit
statistics of that year) moves draft → submitted → approved, or back to returned with a
comment; an approved year is locked. The rules are in cooperatives.approval; these are
the rows they keep. A unit-year without a row is a draft nobody has submitted yet.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CleanText, TrackedModel


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Bị trả lại")


class ApprovalAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi duyệt")
    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại")
    UNAPPROVE = "unapprove", _("Bỏ duyệt")


class YearApproval(TrackedModel):
    """Where one unit's year stands. `version` (TrackedModel) makes two reviewers acting at
    once end with one refused: each transition sends the version it read."""

    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="year_approvals")
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=ApprovalState.choices,
                             default=ApprovalState.DRAFT)
    # The latest submission and approval, kept on the row so the lock message needs no join
    # through the history; ApprovalEvent keeps every step.
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi duyệt"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("duyệt số liệu năm")
        verbose_name_plural = _("duyệt số liệu năm")
        ordering = ["-year", "unit__code"]
        indexes = [models.Index(fields=["year", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="year_approval_one_per_unit_year"),
            models.CheckConstraint(name="year_approval_state_valid", condition=Q(state__in=ApprovalState.values)),
            models.CheckConstraint(
                name="year_approval_approved_has_approver",
                condition=~Q(state="approved") | Q(approved_by__isnull=False, approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}: {self.get_state_display()}"

    def clean(self):
        errors = {}
        # Named on their fields here (the database constraints alone would not say which).
        if self.unit_id and self.year and YearApproval.objects.filter(
                unit_id=self.unit_id, year=self.year).exclude(pk=self.pk).exists():
            errors["year"] = _("Năm này của đơn vị đã có hồ sơ duyệt.")
        if self.state == ApprovalState.APPROVED and not (self.approved_by_id and self.approved_at):
            errors["approved_by"] = _("Năm đã duyệt phải ghi người duyệt và thời điểm duyệt.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_locked(self) -> bool:
        return self.state == ApprovalState.APPROVED


class ApprovalEvent(CleanText, models.Model):
    """One step of a unit-year's approval: who, when, what, and the comment. Never edited."""

    approval = models.ForeignKey(YearApproval, verbose_name=_("duyệt số liệu năm"), on_delete=models.PROTECT,
                                 related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=ApprovalAction.choices)
    from_state = models.CharField(_("từ trạng thái"), max_length=10, choices=ApprovalState.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=10, choices=ApprovalState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"),
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    comment = models.TextField(_("ý kiến"), blank=True)

    scope_field = "approval__unit"

    class Meta:
        verbose_name = _("bước duyệt số liệu")
        verbose_name_plural = _("các bước duyệt số liệu")
        ordering = ["approval", "at", "pk"]
        constraints = [
            models.CheckConstraint(name="approval_event_action_valid",
                                   condition=Q(action__in=ApprovalAction.values)),
        ]

    def __str__(self) -> str:
        return f"{self.approval.unit} – {self.approval.year}: {self.get_action_display()}"


class ApprovalReminder(CleanText, models.Model):
    """A deadline reminder mailed to an officer: at most one a day (send_reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                             related_name="+")
    sent_on = models.DateField(_("ngày gửi"))
    summary = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        ordering = ["-sent_on", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="approval_reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.sent_on:%d/%m/%Y}"

    def clean(self):
        if self.user_id and self.sent_on and ApprovalReminder.objects.filter(
                user_id=self.user_id, sent_on=self.sent_on).exclude(pk=self.pk).exists():
            raise ValidationError({"sent_on": _("Người này đã được nhắc trong ngày.")})
