"""Upload a text file typed in TCVN3 or VNI and get it back in Unicode.

The view reads the file with ``vietnamese`` (encoding detection, word-by-word repair),
shows the encoding found, the repaired text and the words changed, and offers the
repaired copy as a download link (a ``data:`` address: nothing leaves the machine).
A file that is too large or not text is refused with a message, and the previous
result stays as it was.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import PurePath

import ipywidgets as w

from ..errors import KitError
from ..i18n import decimal
from ..store import Store, preferred_language
from ..vietnamese import Repair, encoding_label, read_upload
from .common import View, esc, stylesheet

LIMIT_MB = 5
LIMIT_BYTES = LIMIT_MB * 1024 * 1024
SHOWN_CHANGES = 40  # the list of changed words stops here, with a count of the rest


@dataclass(frozen=True)
class Upload:
    """A repaired upload: its name, size, the repair, and the name of the Unicode copy."""

    name: str
    size: int
    repair: Repair

    @property
    def output_name(self) -> str:
        path = PurePath(self.name or "van-ban.txt")
        return f"{path.stem}.unicode{path.suffix or '.txt'}"

    def data_url(self) -> str:
        data = base64.b64encode(self.repair.after.encode("utf-8")).decode("ascii")
        return f"data:text/plain;charset=utf-8;base64,{data}"


def repair_upload(name: str, data: bytes) -> Upload:
    """Check and repair an uploaded file; ``KitError`` if it is too large or not text."""
    if len(data) > LIMIT_BYTES:
        raise KitError("text_repair.too_large", name=name, size=_megabytes(len(data), "vi"),
                       limit=LIMIT_MB)
    return Upload(name, len(data), read_upload(bytes(data)))


def _megabytes(size: int, lang: str) -> str:
    return decimal(size / 1024 / 1024, 1, lang)


def _size(size: int, lang: str) -> str:
    """A file size for people: "739 B", "12,5 kB", "5,2 MB" (decimal comma in Vietnamese)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{decimal(size / 1024, 1, lang)} kB"
    return f"{_megabytes(size, lang)} MB"


class TextRepairView(View):
    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(lang=lang or preferred_language(store), **kwargs)
        self.result: Upload | None = None
        self.upload = w.FileUpload(accept=".txt,.csv", multiple=False,
                                   description=self.t("text_repair.upload"), icon="upload")
        self.upload.observe(self._on_upload, names="value")
        self.status = w.HTML()
        self.output = w.HTML()
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('text_repair.title'))}</h1>"
                        f"<p>{esc(self.t('text_repair.intro', limit=LIMIT_MB))}</p></div>")
        self.widget = w.VBox([stylesheet(), header, self.upload, self.status, self.output],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")

    def _on_upload(self, change) -> None:
        if not change["new"]:
            return
        for item in change["new"]:
            self.handle(item["name"], bytes(item["content"]))
        self.upload.value = ()  # free the memory, and let the same file be chosen again

    def handle(self, name: str, data: bytes) -> Upload | None:
        """Repair one uploaded file and show the result; on a refused file show why and
        keep everything else as it was."""
        try:
            result = repair_upload(name, data)
        except KitError as err:
            if err.key == "text_repair.too_large":
                reason = self.t(err.key, **{**err.values, "size": _megabytes(len(data), self.lang)})
            else:
                reason = self.t("text_repair.unreadable", name=name, reason=err.text(self.lang))
            self.status.value = (f"<div class='thamvan'><p style='color:#b3261e'><b>{esc(reason)}</b> "
                                 f"{esc(self.t('text_repair.nothing_changed'))}</p></div>")
            return None
        self.result = result
        self.status.value = ""
        self.output.value = self.result_html(result)
        return result

    def result_html(self, result: Upload) -> str:
        repair = result.repair
        label = encoding_label(repair.encoding, self.lang)
        changed = repair.changed_words
        key = "vietnamese.repair.changed" if changed else "vietnamese.repair.unchanged"
        if changed:
            items = "".join(f"<li>{esc(old)} → <b>{esc(new)}</b></li>" for old, new in changed[:SHOWN_CHANGES])
            if len(changed) > SHOWN_CHANGES:
                items += f"<li>{esc(self.t('text_repair.more', count=len(changed) - SHOWN_CHANGES))}</li>"
            changes = f"<ul class='thamvan-changes'>{items}</ul>"
        else:
            changes = f"<p class='muted'>{esc(self.t('text_repair.no_changes'))}</p>"
        return (
            "<div class='thamvan'>"
            f"<p>{esc(self.t('text_repair.file', name=result.name, size=_size(result.size, self.lang)))}</p>"
            f"<p><b>{esc(self.t('text_repair.encoding'))}:</b> {esc(label)}</p>"
            f"<p>{esc(self.t(key, count=len(changed), encoding=label))}</p>"
            f"<p><a class='tag' download='{esc(result.output_name)}' href='{result.data_url()}'>"
            f"{esc(self.t('text_repair.download', name=result.output_name))}</a></p>"
            f"<h3>{esc(self.t('text_repair.result'))}</h3>"
            f"<pre style='white-space: pre-wrap; max-height: 24em; overflow: auto; "
            f"background: #f8f9fa; padding: 8px'>{esc(repair.after)}</pre>"
            f"<h3>{esc(self.t('text_repair.changes'))}</h3>{changes}</div>")
