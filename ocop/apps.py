from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = _("OCOP – Mỗi xã một sản phẩm")

    def ready(self):
        # Imported here, not at the top: models are not loaded when the app config is.
        from cooperatives.pages import CollectiveSection, add_collective_section
        from ocop.selectors import products_of

        add_collective_section(CollectiveSection("ocop", "ocop/_collective_products.html", products_of))
