"""The home page: the five phases and their steps, search, progress and every lesson and
tool, drawn by ``templates/documents/home.html.j2`` for one learner.

A page of the server, not a notebook: looking at it starts no kernel, so a class that has
logged in and waits for the trainer holds one Jupyter server per person and nothing more.
What is worked on (ticks, self-checks) is on each step's own page (``pages.STEP_PAGE``).
Links are relative to ``pages.HOME_ROUTE``.

>>> from thamvan_lib.store import Store
>>> import tempfile, pathlib
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "s.db", "hv")
>>> page = render(home(store, "vi", query="bien ban"))
>>> "kết quả cho “bien ban”" in page and "step.ipynb?step=L10" in page and "http" not in page
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content import LANGUAGES, Content, load
from ..pages import HOME_ROUTE, href, step_href
from ..process import progress, search
from ..schema import Step
from ..store import Store
from .html import render_template, template

MAX_QUERY = 100  # characters of a search kept; a longer one is cut, not refused


@dataclass(frozen=True)
class Link:
    text: str
    href: str = ""  # empty: not available yet
    hint: str = ""


@dataclass(frozen=True)
class Home:
    """What one learner's home page shows."""

    lang: str
    t: Callable[..., str]  # the messages in ``lang``: ``t(key, **values)``
    query: str
    phase: int
    phases: list[Link]  # one per phase, ``href`` choosing it
    heading: str  # the phase's title, or what was searched
    summary: str
    steps: list[Link]
    done: int
    total: int
    lessons: list[Link]
    tools: list[Link]
    languages: list[tuple[str, str]]  # (code, name)


def home(store: Store, lang: str, query: str = "", phase: int = 1, trainer: bool = False,
         content: Content | None = None) -> Home:
    """The home page of ``store``'s learner, in ``lang``, listing ``phase`` or the steps
    matching ``query`` (any phase)."""
    c = content or load()
    t = lambda key, **values: c.message(key, lang, **values)  # noqa: E731
    query = " ".join(query.split())[:MAX_QUERY]
    phase = phase if phase in c.phases else min(c.phases)
    if query:
        steps = search(query, c)
        heading = t("home.search.results" if steps else "home.search.none", count=len(steps), query=query)
        summary = ""
    else:
        steps = c.phase_steps(phase) + c.lecture_items(phase)
        heading, summary = c.phases[phase].title.get(lang), c.phases[phase].summary.get(lang)
    overall = progress(store, list(c.steps.values()))
    lessons = [Link(t("home.intro_lesson"), href("00-gioi-thieu.ipynb", HOME_ROUTE))]
    lessons += [Link(p.title.get(lang), href(p.notebook, HOME_ROUTE)) for p in c.phases.values()]
    tools = [Link(tool.title.get(lang), href(tool.path, HOME_ROUTE) if tool.status == "available" else "",
                  tool.description.get(lang))
             for tool in c.tools.values()
             if tool.id != "home" and tool.shown_to(trainer)]
    return Home(lang=lang, t=t, query=query, phase=phase,
                phases=[Link(t("step.phase", phase=p.id), f"?phase={p.id}", p.title.get(lang))
                        for p in c.phases.values()],
                heading=heading, summary=summary,
                steps=[_step_link(store, step, lang) for step in steps],
                done=overall.done, total=overall.total, lessons=lessons, tools=tools,
                languages=[(code, c.message(f"language.{code}", lang)) for code in LANGUAGES])


def _step_link(store: Store, step: Step, lang: str) -> Link:
    p = progress(store, [step])
    return Link(f"{step.id} · {step.title.get(lang)} ({p.done}/{p.total})", step_href(step.id, HOME_ROUTE),
                step.summary.get(lang))


def prepare() -> None:
    """Read and check the content and compile the page's template ahead, so that the first
    visit of a class logging in at once pays for neither (about a second of CPU per server)."""
    load()
    template("home.html.j2")


def render(page: Home, form_token: str = "") -> str:
    """The page as HTML; ``form_token`` is the server's hidden XSRF field for the language
    switch (a form that changes the learner's settings)."""
    return render_template("home.html.j2", page=page, form_token=form_token, max_query=MAX_QUERY)
