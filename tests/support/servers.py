"""A real kit server (``thamvan start``) on a free port of 127.0.0.1, in its own process group."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

from thamvan_lib.serving import server

from .processes import free_port, stop_group


class KitServer:
    def __init__(self, home, preheat=True, extra=()):
        self.port = free_port()
        self.log = open(home.parent / f"voila-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thamvan_lib", "start", f"--port={self.port}"]
            + ([] if preheat else ["--no-preheat"]) + list(extra),
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = server.home_url(self.port)  # the home page: no notebook, no kernel
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.output())
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/api/shutdown", timeout=1)
            except urllib.error.HTTPError:
                return  # the server answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("Voila did not start in 60 s:\n" + self.output())

    def page_url(self, path: str) -> str:
        """A notebook or dashboard under notebooks/, as Voila serves it: ``dashboards/step.ipynb?step=P1.1``."""
        return f"http://127.0.0.1:{self.port}/voila/render/{path}"

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        """The server and every kernel it started: they share the server's process group."""
        stop_group(self.process)
        self.log.close()
