"""How long the kit's kernels live and wait: one policy for ``thamvan start`` and for every
user server of the workshop hub."""

from __future__ import annotations

CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60
# longest a page's cell may run once its visitor has arrived (kept by the kernel)
TIME_LIMIT_SECONDS = 120
TIME_LIMIT_VARIABLE = "THAMVAN_TIME_LIMIT"
IOPUB_TIMEOUT_SECONDS = 60
WEBSOCKET_CONNECTION = "thamvan_lib.serving.kernel_socket.V1OnlyConnection"
CAPPED_KERNEL_MANAGER = "thamvan_lib.serving.kernel_cap.CappedKernelManager"
DEFAULT_MAX_KERNELS = 60  # a class of 30 with two pages open each
DEFAULT_MAX_KERNELS_PER_VISITOR = 12  # a trainee with a few dashboards and lessons open


def kernel_options(cull_idle_seconds: int = CULL_IDLE_SECONDS) -> list[str]:
    """Culling of idle kernels with no page open, and patience with a busy server's outputs."""
    return [
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        # a busy server can take more than nbclient's 4 s to pass on a cell's last output:
        # the widgets' view would be dropped and the page stay empty
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
        # kernel websockets in the v1 protocol only (see kernel_socket); Voila alone reads
        # its own option, a user server of the hub the ServerApp's
        f"--Voila.kernel_websocket_connection_class={WEBSOCKET_CONNECTION}",
        f"--ServerApp.kernel_websocket_connection_class={WEBSOCKET_CONNECTION}",
    ]
