"""`makemessages` that also extracts `_l(...)`.

Some modules import `gettext_lazy as _l` (next to `gettext as _`); xgettext only knows the
keywords Django passes it, so without this those strings would never reach the catalogue.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_l"]
