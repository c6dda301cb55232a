"""The home page as a page of the person's own server (``documents/home_page.py``): served by
the hub's user servers (a Jupyter server extension) and by ``thamvan start`` (the kit's Voila).

It starts no kernel. A class that has logged in holds one server per person and nothing
else until the trainer says which dashboard to open (``deploy/README.md``: memory per trainee).

The language switch is the only thing sent to it (a form with the server's XSRF token);
a search or a phase is in the address. Anything else is refused with a message in both
languages: a body longer than ``MAX_BODY_BYTES``, a language the kit does not speak.
"""

from __future__ import annotations

from urllib.parse import urlencode

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from ..content import LANGUAGES, load
from ..documents.home_page import MAX_QUERY, home, prepare, render
from ..pages import HOME_ROUTE
from ..roles import is_trainer
from ..store import LANGUAGE_SETTING, Store, preferred_language

MAX_BODY_BYTES = 2048  # the language form is a hundred bytes


class HomePageHandler(JupyterHandler):
    """``GET <base>/thamvan/home[?q=…&phase=N]``: the page; ``POST`` (``lang``): the language."""

    @web.authenticated
    def get(self) -> None:
        store = Store()
        page = home(store, preferred_language(store), query=self.get_query_argument("q", "")[:MAX_QUERY],
                    phase=_phase(self.get_query_argument("phase", "")), trainer=is_trainer())
        self.set_header("Cache-Control", "no-store")  # progress changes from the step pages
        self.finish(render(page, form_token=self.xsrf_token.decode("ascii")))

    @web.authenticated
    def post(self) -> None:
        if len(self.request.body) > MAX_BODY_BYTES:
            self._refuse(413, "home.too_long", size=len(self.request.body), limit=MAX_BODY_BYTES)
            return
        lang = self.get_body_argument("lang", "")
        if lang not in LANGUAGES:
            self._refuse(400, "home.bad_language", choice=lang[:20])
            return
        Store().set_setting(LANGUAGE_SETTING, lang)
        kept = {key: value for key in ("q", "phase")
                if (value := self.get_body_argument(key, "").strip()[:MAX_QUERY])}
        self.redirect(self.request.path + ("?" + urlencode(kept) if kept else ""), status=303)

    def _refuse(self, status: int, key: str, **values) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(load().line(key, **values))

    def write_error(self, status_code: int, **kwargs) -> None:
        # Jupyter's error page needs templates the standalone Voila lacks (a stale form: 403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(load().line("home.refused", status=status_code))


def _phase(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 3 else 0  # 0: the first phase


def handlers(base_url: str) -> list[tuple]:
    return [(url_path_join(base_url, HOME_ROUTE), HomePageHandler)]


def _jupyter_server_extension_points():
    return [{"module": "thamvan_lib.serving.home_page"}]


def _load_jupyter_server_extension(server_app) -> None:
    prepare()  # the hub starts the servers before the class arrives: pay for the content then
    server_app.web_app.add_handlers(".*$", handlers(server_app.base_url))
