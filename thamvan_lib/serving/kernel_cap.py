"""A ceiling on the kernels ``thamvan start`` runs at once.

Every page a visitor opens starts a kernel (about 100 MB) that lives until its tab closes
or the idle cull: page requests aborted in a loop used to pile up kernels until the
machine ran out of memory. Past the ceiling a visitor gets the kit's "server busy, try
again" page (503) instead, and the class already in keeps working.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

from .kernels import DEFAULT_MAX_KERNELS


class CappedKernelManager(AsyncMappingKernelManager):
    max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True,
                          help="The most kernels running at once; past it a page is refused (503).")

    async def start_kernel(self, *args, **kwargs):
        if len(self.list_kernel_ids()) >= self.max_kernels:
            self.log.warning("Kernel refused: %d kernels already running", self.max_kernels)
            raise web.HTTPError(503, "server busy")
        return await super().start_kernel(*args, **kwargs)
