"""The Voila ``thamvan start`` runs: Voila's own standalone app, with the request's address
noted for the kernel ceilings (``kernel_cap``), the kit's home page (``home_page``) and its
pages' kernels forked from a fork server of its own (``forks``: a page opens without
importing ipykernel, ipywidgets and pandas first).

    python -m thamvan_lib.serving.voila_app NOTEBOOKS [Voila's options]
"""

from __future__ import annotations

import asyncio
import os

from tornado.web import GZipContentEncoding
from voila.app import Voila

from . import forks, home_page
from .kernel_cap import RememberVisitor


class KitVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        # tornado's own transform, as it would choose it, after the kit's
        settings["transforms"] = [RememberVisitor]
        if settings.get("compress_response") or settings.get("gzip"):
            settings["transforms"].append(GZipContentEncoding)
        return settings

    def initialize(self, argv=None) -> None:
        # before the kernel manager exists, whose first (warm) kernels ask the fork server too;
        # listening only once it forks, so that the first page is as quick as the next ones
        if os.name == "posix" and forks.SOCKET_VARIABLE not in os.environ:
            path = forks.ensure_server("", servers=False)
            if asyncio.run(forks.ready(path)):
                os.environ[forks.SOCKET_VARIABLE] = path
        super().initialize(argv)

    def init_handlers(self) -> list:
        # the home page before Voila's own, whose last pattern takes every address
        return home_page.handlers(self.server_url) + super().init_handlers()


main = KitVoila.launch_instance

if __name__ == "__main__":
    main()
