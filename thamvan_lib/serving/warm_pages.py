"""Warm pages in the workshop hub's user servers: Voila's pool of preheated kernels, which
Voila offers only as a standalone app, inside each person's own Jupyter server.

When the class logs in at once, thirty home pages would each start a kernel and import
the kit on two cores while everyone waits. With a warm page, the person's server has
already started the page's kernel and run it up to ``wait_for_visitor()`` before they
arrive; their request only hands that kernel their address and takes the rest of the
page. The server then warms another one a little later (``fill_delay``), for the next visit.

Voila's ``VoilaKernelManager`` does the pooling; two things it expects of Voila's own app
are supplied here: its settings (``WarmPagesKernelManager.serve``, called by this module's
server extension once the server's web app exists) and the socket on which a preheated
kernel learns its visitor's request (``voila/query/<kernel>``).

Used by ``serving/hub.py``: ``ServerApp.kernel_manager_class`` and this server extension.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from traitlets import Dict, Float
from voila.configuration import VoilaConfiguration
from voila.paths import collect_template_paths
from voila.request_info_handler import RequestInfoSocketHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from .server import HOME_PAGE

# each warm page holds a kernel of about 100 MB per person: the home page alone by default
DEFAULT_WARM_PAGES = {HOME_PAGE: 1}
# the next warm kernel starts this long after one is taken, not while the class is arriving
REFILL_DELAY_SECONDS = 60.0

_VoilaPool = voila_kernel_manager_factory(AsyncMappingKernelManager, preheat_kernel=True, default_pool_size=0)


class WarmPagesKernelManager(_VoilaPool):
    """A user server's kernel manager that keeps ``pages`` warm (page path → kernels)."""

    pages = Dict(DEFAULT_WARM_PAGES, config=True,
                 help="Pages (paths from the server's root) to keep warm, and how many kernels each.")
    fill_delay = Float(REFILL_DELAY_SECONDS, config=True,
                       help="Seconds after a warm kernel is taken before the next one starts.")

    def __init__(self, **kwargs):
        # Voila's own __init__ reads its standalone app and warms every notebook it finds;
        # here the pools wait for ``serve`` and hold the configured pages only
        AsyncMappingKernelManager.__init__(self, **kwargs)
        self._wait_at_startup = True
        self.notebook_data = {}
        self._pools = {}
        self.root_dir = self.parent.root_dir
        self.notebook_path = None

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
        self.kernel_pools_config = {"default": {"pool_size": 0},
                                    **{page: {"pool_size": int(size)} for page, size in self.pages.items()}}
        for page in self.pages:
            self.fill_if_needed(delay=0, notebook_name=page)


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
