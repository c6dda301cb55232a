"""The kit's friendly notice when something goes wrong on a page: a cell's error, the time
limit, a dead kernel, a lost connection, a failed button. The Voila template shows it
(``server.prepare_template``) and so do the kernel's own handlers (``common``).

No ipywidgets here: the server imports this module too.
"""

from __future__ import annotations

import html

from ..content import load

BOX_STYLE = ("border:1px solid #d4a72c;border-left:6px solid #d4a72c;background:#fff8e1;"
             "color:#3b3000;padding:12px 16px;margin:12px 0;border-radius:4px;"
             "font-family:sans-serif;font-size:15px;line-height:1.45;max-width:52em")


def problem_box(kind: str, content=None, closable: bool = False) -> str:
    """The friendly notice ``kind`` (``error``, ``time_limit``, ``failure``, ``kernel_lost``,
    ``disconnected``, ``action``), as HTML: Vietnamese, then English, a button to reload the
    page and, if ``closable``, one to close the notice (the page still works)."""
    content = content or load()

    def say(key: str, lang: str) -> str:
        return html.escape(content.message(key, lang))

    close = (f' <button type="button" onclick="this.parentNode.remove()">'
             f'{say("server.close", "vi")} / {say("server.close", "en")}</button>' if closable else "")

    title, body = f"server.{kind}.title", f"server.{kind}.body"
    return (f'<div class="thamvan-problem thamvan-problem-{kind}" role="alert" style="{BOX_STYLE}">'
            f'<p style="margin:0 0 6px;font-weight:bold">{say(title, "vi")}</p>'
            f'<p style="margin:0 0 6px">{say(body, "vi")}</p>'
            f'<p lang="en" style="margin:0 0 10px;font-size:90%;color:#5c5540">'
            f'<b>{say(title, "en")}.</b> {say(body, "en")}</p>'
            f'<button type="button" onclick="window.location.reload()">'
            f'{say("server.reload", "vi")} / {say("server.reload", "en")}</button>{close}</div>')
