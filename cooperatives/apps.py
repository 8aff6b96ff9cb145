from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Sổ đăng ký kinh tế tập thể")

    def ready(self):
        # Imported here, not at the top: models are not loaded when the app config is.
        from cooperatives.approval import (
            annual_report_lock,
            annual_report_lock_key,
            statistic_lock,
            statistic_lock_key,
        )
        from cooperatives.models import AnnualReport
        from core.locks import add_write_lock
        from units.models import UnitStatistic

        # An approved year closes its reports and statistics at every door (core.locks).
        add_write_lock(AnnualReport, annual_report_lock, key=annual_report_lock_key)
        add_write_lock(UnitStatistic, statistic_lock, key=statistic_lock_key)
