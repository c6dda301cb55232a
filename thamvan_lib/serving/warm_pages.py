"""Warm pages in the workshop hub's user servers: Voila's pool of preheated kernels, which
Voila offers only as a standalone app, inside each person's own Jupyter server.

When the trainer says "open the plan builder", thirty pages would each start a kernel and
import the kit on two cores while everyone waits. With a warm page, the person's server has
already started the page's kernel and run it up to ``wait_for_visitor()`` before they
arrive; their request only hands that kernel their address and takes the rest of the
page. The next warm kernel of that page starts when the page taken is closed (``fill_delay``
later): while it is open, a second warm kernel would hold 55–75 MB for nobody, and a second
tab of the page starts quickly anyway, its kernel forked (``serving/forks.py``).
(The home page, where everyone lands, is no notebook and needs no kernel: ``home_page``.)

The hub keeps the class list's ``warm_pages`` warm all day (``pages``). With the class
list's programme and first day, so are the dashboards of the session running or starting
within 20 minutes (``training_day.pages_due``), checked every minute; a session's pages are
warmed at a random moment of the first ``spread_seconds`` so that thirty servers do not start
their kernels together, and their kernels stop when the session ends.

Voila's ``VoilaKernelManager`` does the pooling; two things it expects of Voila's own app
are supplied here: its settings (``WarmPagesKernelManager.serve``, called by this module's
server extension once the server's web app exists) and the socket on which a preheated
kernel learns its visitor's request (``voila/query/<kernel>``).

Used by ``serving/hub.py``: ``ServerApp.kernel_manager_class`` and this server extension.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado.ioloop import PeriodicCallback
from traitlets import Dict, Float, Integer, Unicode
from voila.configuration import VoilaConfiguration
from voila.paths import collect_template_paths
from voila.request_info_handler import RequestInfoSocketHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

# the next warm kernel starts this long after the page that took one closes, not while a
# class is arriving or reloading at once
REFILL_DELAY_SECONDS = 60.0
SCHEDULE_CHECK_MS = 60_000

_VoilaPool = voila_kernel_manager_factory(AsyncMappingKernelManager, preheat_kernel=True, default_pool_size=0)


class WarmPagesKernelManager(_VoilaPool):
    """A user server's kernel manager that keeps ``pages`` warm (page path → kernels)."""

    pages = Dict({}, config=True,
                 help="Pages (paths from the server's root) always kept warm, and how many kernels each.")
    fill_delay = Float(REFILL_DELAY_SECONDS, config=True,
                       help="Seconds after a taken warm kernel's page closes before the next one starts.")
    programme = Unicode("", config=True, help="The workshop's programme: its sessions' dashboards are kept warm.")
    first_day = Unicode("", config=True, help="The programme's first day (ISO date).")
    lead_minutes = Integer(None, allow_none=True, config=True,
                           help="Minutes before a session its pages are warmed (training_day's default).")
    spread_seconds = Float(300.0, config=True,
                           help="A session's pages are warmed at a random moment within this many seconds.")

    def __init__(self, **kwargs):
        # Voila's own __init__ reads its standalone app and warms every notebook it finds;
        # here the pools wait for ``serve`` and hold the configured pages only
        AsyncMappingKernelManager.__init__(self, **kwargs)
        self._wait_at_startup = True
        self._closing = False
        self.notebook_data = {}
        self._pools = {}
        self.root_dir = self.parent.root_dir
        self.notebook_path = None

    taken = Dict(help="kernel id → the warm page it was taken for, while that page is open")

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs) -> None:
        if delay is None:
            return  # Voila's refill as a visit takes a warm kernel: it waits for the page to close
        super().fill_if_needed(delay=delay, notebook_name=notebook_name, **kwargs)

    async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
        task, rendered, kernel_id = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
        self.taken[kernel_id] = notebook_name
        return task, rendered, kernel_id

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        page = None if kwargs.get("restart") else self.taken.pop(kernel_id, None)
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)
        wanted = self.kernel_pools_config.get(page, {}).get("pool_size") if page else 0
        if wanted and not self._closing and page not in self.taken.values():
            self.fill_if_needed(delay=self.fill_delay, notebook_name=page)  # the page was closed
        return result

    async def shutdown_all(self, *args, **kwargs):
        self._closing = True  # the server is stopping: nothing is warmed again
        return await super().shutdown_all(*args, **kwargs)

    def get_pool_size(self, notebook_name: str) -> int:
        """Warm kernels ready now. Voila counts the ones still starting or waiting for their
        ``fill_delay`` too, and its page would wait for them; a page with none ready starts
        its own kernel instead."""
        return sum(1 for task in self._pools.get(notebook_name, [])
                   if task.done() and not task.cancelled() and task.exception() is None)

    def serve(self, server_app) -> None:
        """Give Voila's pool what it reads from Voila's app, then warm the pages."""
        voila = VoilaConfiguration(parent=server_app)
        # the attributes Voila's pool reads on its parent, set on the user server
        server_app.voila_configuration = voila
        server_app.template_paths = collect_template_paths(["voila", "nbconvert"], voila.template)
        server_app.app = server_app.web_app
        server_app.server_url = server_app.base_url
        self.keep_warm(self.pages_now(), spread=0)
        if self.programme:
            PeriodicCallback(lambda: self.keep_warm(self.pages_now()), SCHEDULE_CHECK_MS).start()

    def pages_now(self, now: dt.datetime | None = None) -> dict[str, int]:
        """Page → warm kernels wanted now: ``pages``, and the programme's session pages."""
        wanted = {page: int(size) for page, size in self.pages.items()}
        if self.programme and self.first_day:
            from ..programme import load_programmes
            from ..training_day import pages_due

            lead = {} if self.lead_minutes is None else {"lead_minutes": self.lead_minutes}
            due = pages_due(load_programmes()[self.programme], dt.date.fromisoformat(self.first_day),
                            now or dt.datetime.now(), **lead)
            for page in due:
                wanted.setdefault(page, 1)
        return wanted

    def keep_warm(self, wanted: dict[str, int], spread: float | None = None) -> None:
        """Warm the pages newly ``wanted``; stop the unused warm kernels of the others."""
        spread = self.spread_seconds if spread is None else spread
        before = {page for page, pool in self.kernel_pools_config.items()
                  if page != "default" and pool.get("pool_size")}
        self.kernel_pools_config = {"default": {"pool_size": 0},
                                    **{page: {"pool_size": size} for page, size in wanted.items()}}
        for page in wanted.keys() - before:
            self.fill_if_needed(delay=random.uniform(0, spread), notebook_name=page)
        for page in before - wanted.keys():
            for task in self._pools.pop(page, []):
                task.add_done_callback(self._stop_unused)

    def _stop_unused(self, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is None:
            asyncio.ensure_future(self.shutdown_kernel(task.result()["kernel_id"]))


def _jupyter_server_extension_points():
    return [{"module": "thamvan_lib.serving.warm_pages"}]


def _load_jupyter_server_extension(server_app) -> None:
    manager = server_app.kernel_manager
    if not isinstance(manager, WarmPagesKernelManager):
        server_app.log.warning("warm pages: the kernel manager is not WarmPagesKernelManager; none kept warm")
        return
    # a warm kernel asks here for its visitor's request (address, query string)
    server_app.web_app.add_handlers(".*$", [
        (url_path_join(server_app.base_url, r"/voila/query/(?P<kernel_id>[0-9a-f-]+)"), RequestInfoSocketHandler),
    ])
    manager.serve(server_app)
