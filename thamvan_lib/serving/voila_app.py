"""The Voila ``thamvan start`` runs: Voila's own standalone app, with the request's address
noted for the kernel ceilings (``kernel_cap``) and the kit's home page (``home_page``).

    python -m thamvan_lib.serving.voila_app NOTEBOOKS [Voila's options]
"""

from __future__ import annotations

from tornado.web import GZipContentEncoding
from voila.app import Voila

from . import home_page
from .kernel_cap import RememberVisitor


class KitVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        # tornado's own transform, as it would choose it, after the kit's
        settings["transforms"] = [RememberVisitor]
        if settings.get("compress_response") or settings.get("gzip"):
            settings["transforms"].append(GZipContentEncoding)
        return settings

    def init_handlers(self) -> list:
        # the home page before Voila's own, whose last pattern takes every address
        return home_page.handlers(self.server_url) + super().init_handlers()


main = KitVoila.launch_instance

if __name__ == "__main__":
    main()
