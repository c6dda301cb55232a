"""The ``thamvan`` command: start the kit, open JupyterLab, check content."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from . import server
from .content import ContentError, load


@click.group(help="Thamvan – bộ công cụ thực hành tham vấn ý kiến nhân dân.")
def main():
    pass


@main.command(help="Mở bảng điều khiển chính (Voila) tại 127.0.0.1. / Start the home dashboard.")
@click.option("--port", default=8866, show_default=True)
@click.option("--preheat/--no-preheat", default=True, show_default=True,
              help="Khởi động sẵn kernel cho mỗi trang. / Keep a warm kernel per page.")
def start(port: int, preheat: bool):
    content = _check_content()
    data_dir = server.prepare_template()
    click.echo(f"{_both(content, 'cli.open_url')}:\n  {server.home_url(port)}")
    click.echo(_both(content, "cli.stop"))
    _run(server.voila_command(port=port, preheat=preheat), server.voila_environment(data_dir))


@main.command(help="Mở JupyterLab tiếng Việt với các bài học. / Open JupyterLab in Vietnamese.")
@click.option("--port", default=8888, show_default=True)
def lab(port: int):
    _check_content()
    server.lab_settings_overrides()
    data_dir = server.prepare_template()
    _run(server.lab_command(port=port), server.voila_environment(data_dir))


@main.command("check-content", help="Kiểm tra các tệp nội dung. / Validate the content files.")
def check_content():
    content = _check_content()
    click.echo(_both(content, "cli.content_ok", steps=len(content.steps), phases=len(content.phases)))


def _both(content, key: str, **values) -> str:
    """A message in Vietnamese, then English: the command line serves both readers at once."""
    return " / ".join(content.message(key, lang, **values) for lang in ("vi", "en"))


def _check_content():
    try:
        return load()
    except ContentError as err:
        click.echo(str(err), err=True)
        sys.exit(2)


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        sys.exit(subprocess.call(command, env=env, cwd=os.getcwd()))
    except KeyboardInterrupt:
        sys.exit(0)
