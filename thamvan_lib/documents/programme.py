"""A workshop programme (``content/programmes/``) as the printed "chương trình tập huấn":
one table per day (time, content and objectives, method, what is used, materials), for the
trainer to print and hand out (Word) or to put on a screen (HTML)."""

from __future__ import annotations

from ..content import load
from ..i18n import pick
from ..programme import load_programmes
from ..schema.programme import ProgrammeFile
from .outline import Heading, Outline, Para, Table


def _uses(session, lang: str) -> str:
    tools = load().tools
    names = []
    for use in session.uses:
        if use.kind == "tool" and use.id in tools:
            names.append(tools[use.id].title.get(lang))
        else:
            names.append(load().message(f"programme.doc.use.{use.kind}", lang, id=use.id))
    return "; ".join(names)


def programme_outline(programme: ProgrammeFile, lang: str | None = None) -> Outline:
    lang = pick(lang)
    t = lambda key, **v: load().message(key, lang, **v)  # noqa: E731
    blocks = [Para(programme.audience.get(lang), label=t("programme.doc.audience") + ": "),
              Para(str(programme.participants), label=t("programme.doc.participants") + ": ")]
    for day in programme.days:
        blocks.append(Heading(1, day.title.get(lang)))
        rows = []
        for s in day.sessions:
            content = s.title.get(lang)
            if s.objectives:
                content += "\n" + "\n".join("– " + o.get(lang) for o in s.objectives)
            method = t("programme.method." + s.method.replace("-", "_")) if s.method else ""
            materials = ", ".join(t("programme.material." + m.replace("-", "_")) for m in s.materials)
            rows.append([f"{s.start}–{s.end}", content, method, _uses(s, lang), materials])
        blocks.append(Table([t("programme.doc.time"), t("programme.doc.content"), t("programme.doc.method"),
                             t("programme.doc.uses"), t("programme.doc.materials")], rows))
    return Outline(lang, t("programme.doc.kind"), programme.title.get(lang), blocks)


def programme_outline_by_id(programme_id: str, lang: str | None = None) -> Outline:
    return programme_outline(load_programmes()[programme_id], lang)
