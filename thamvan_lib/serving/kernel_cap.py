"""Ceilings on the kernels ``thamvan start`` runs: in total, and for one visitor.

Every page a visitor opens starts a kernel (about 100 MB) that lives until its tab closes
or the idle cull: page requests aborted in a loop used to pile up kernels until the
machine ran out of memory. Past either ceiling a visitor gets the kit's "server busy, try
again" page (503) instead, and the class already in keeps working.

Who asks: Voila gives its kernel manager no request, so the kit's Voila
(``serving/voila_app.py``) notes each request's address in ``VISITOR`` before the page's
handler runs; kernels started for nobody (a preheated pool) count in the total only.
"""

from __future__ import annotations

import contextvars

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Dict, Integer

from .kernels import DEFAULT_MAX_KERNELS, DEFAULT_MAX_KERNELS_PER_VISITOR

VISITOR: contextvars.ContextVar[str | None] = contextvars.ContextVar("thamvan_visitor", default=None)


class RememberVisitor(web.OutputTransform):
    """A transform of every response, made when the request arrives: the one moment the
    request's address can be put where the page's handler (and its kernel start) will see it."""

    def __init__(self, request):
        super().__init__(request)
        VISITOR.set(request.remote_ip)


class CappedKernelManager(AsyncMappingKernelManager):
    max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True,
                          help="The most kernels running at once; past it a page is refused (503).")
    max_kernels_per_visitor = Integer(DEFAULT_MAX_KERNELS_PER_VISITOR, config=True,
                                      help="The most kernels one address may hold at once (503 past it).")
    visitors = Dict(help="kernel id → the address it was started for")

    def kernels_of(self, visitor: str) -> int:
        running = set(self.list_kernel_ids())
        return sum(1 for kernel_id, who in self.visitors.items() if who == visitor and kernel_id in running)

    async def start_kernel(self, *args, **kwargs):
        visitor = VISITOR.get()
        if len(self.list_kernel_ids()) >= self.max_kernels:
            self.log.warning("Kernel refused: %d kernels already running", self.max_kernels)
            raise web.HTTPError(503, "server busy")
        if visitor is not None and self.kernels_of(visitor) >= self.max_kernels_per_visitor:
            self.log.warning("Kernel refused: %s already holds %d kernels", visitor, self.max_kernels_per_visitor)
            raise web.HTTPError(503, "server busy")
        kernel_id = await super().start_kernel(*args, **kwargs)
        if visitor is not None:
            self.visitors[kernel_id] = visitor
        return kernel_id
