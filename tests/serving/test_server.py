import html
import json
import os
import sys
import urllib.request

import pytest

from thamvan_lib.serving import kernels, server


def test_template_has_no_cdn_and_extends_lab(tmp_path):
    data_dir = server.prepare_template(tmp_path / "jupyter")
    template = data_dir / "voila" / "templates" / "thamvan"
    for name in ("index.html.j2", "page.html", "thamvan-base-page.html"):
        text = (template / name).read_text(encoding="utf-8")
        assert "cdn." not in text and "https://" not in text.replace("https://github.com/pallets", "")
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    assert "'thamvan-base-page.html'" in (template / "page.html").read_text()


def test_voila_is_locked_down_and_local():
    command = server.voila_command(port=9999)
    assert "--Voila.ip=127.0.0.1" in command and "--port=9999" in command
    for option in ("--template=thamvan", "--VoilaConfiguration.allow_template_override=NO",
                   "--VoilaConfiguration.allow_theme_override=NO",
                   "--VoilaConfiguration.show_tracebacks=False", "--preheat_kernel=True"):
        assert option in command
    assert any(o.startswith("--MappingKernelManager.cull_idle_timeout=") for o in command)
    assert "--preheat_kernel=True" not in server.voila_command(preheat=False)
    assert server.home_url(9999) == "http://127.0.0.1:9999/thamvan/home"


def test_jupyterlab_defaults_to_vietnamese(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    path = server.lab_settings_overrides()
    settings = json.loads(path.read_text())
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "vi_VN"
    assert "--ip=127.0.0.1" in server.lab_command()


def test_vietnamese_language_pack_is_installed():
    import importlib.metadata

    assert importlib.metadata.version("jupyterlab-language-pack-vi-vn")


def _index(tmp_path) -> str:
    template = server.prepare_template(tmp_path / "jupyter") / "voila" / "templates" / "thamvan"
    return (template / "index.html.j2").read_text(encoding="utf-8")


def test_template_shows_friendly_vietnamese_notices_instead_of_errors(tmp_path, content):
    import jinja2
    from jinja2 import nodes

    index = _index(tmp_path)
    blocks = {b.name for b in jinja2.Environment().parse(index).find_all(nodes.Block)}
    assert {"error", "stream_stderr", "body_header"} <= blocks
    for kind in ("error", "time_limit", "failure", "kernel_lost", "disconnected"):
        vi, en = (html.escape(content.message(f"server.{kind}.title", lang)) for lang in ("vi", "en"))
        assert index.index(vi) < index.index(en), kind  # Vietnamese first
    assert content.message("server.loading", "vi") in index
    assert server.SERVER_EXCEPTION in index  # Voila's message for a dead kernel is replaced
    assert "There was an error" not in index
    # the page script is there once, before Voila's own scripts load
    assert index.count("window.WebSocket = class extends Native") == 1
    assert index.index("window.WebSocket") < index.index("voila_setup_labextensions(")
    assert "_xsrf=" in index  # Voila's kernel shutdown beacon needs the cookie


def test_template_fails_loudly_when_voila_changes(tmp_path, monkeypatch):
    import shutil

    import pytest

    copy = tmp_path / "templates"
    shutil.copytree(server.voila_templates(), copy)
    index = copy / "lab" / "index.html.j2"
    index.write_text(index.read_text().replace(server.HELPERS_ANCHOR, ""), encoding="utf-8")
    monkeypatch.setattr(server, "voila_templates", lambda: copy)
    with pytest.raises(RuntimeError, match="lab/index.html.j2"):
        server.prepare_template(tmp_path / "jupyter")


def test_problem_box_is_vietnamese_then_english_and_escaped(content):
    box = server.problem_box("failure", content)
    assert box.index("Máy chủ gặp sự cố") < box.index("The server had a problem")
    assert "The page&#x27;s kernel" in box and "<script" not in box
    assert "Tải lại trang / Reload the page" in box and 'role="alert"' in box


def test_pages_get_a_time_limit_kept_by_their_kernel(monkeypatch):
    from thamvan_lib.widgets import common

    env = server.voila_environment(server.prepare_template())
    assert env[kernels.TIME_LIMIT_VARIABLE] == str(kernels.TIME_LIMIT_SECONDS)
    monkeypatch.setenv(kernels.TIME_LIMIT_VARIABLE, "7")
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    assert common._time_limit() == 0  # JupyterLab and scripts: no limit
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert common._time_limit() == 7
    monkeypatch.setenv(kernels.TIME_LIMIT_VARIABLE, "sept")
    assert common._time_limit() == 0
    common.limit_cell_time()  # outside IPython: nothing to limit, no error
    assert issubclass(common.TimeLimitExceeded, BaseException)
    assert not issubclass(common.TimeLimitExceeded, Exception)  # no view's except swallows it
    pools = json.loads(next(o for o in server.voila_command() if "kernel_pools_config" in o).split("=", 1)[1])
    assert pools[server.WARM_PAGE]["pool_size"] == server.WARM_POOL_SIZE


def test_voila_holds_up_under_a_class_opening_pages_at_once():
    from thamvan_lib.serving import hub

    command = server.voila_command()
    # a busy server's late outputs are waited for, not dropped (a page without widgets)
    assert f"--VoilaExecutor.iopub_timeout={kernels.IOPUB_TIMEOUT_SECONDS}" in command
    assert kernels.IOPUB_TIMEOUT_SECONDS > 4  # nbclient's default
    assert f"--VoilaExecutor.iopub_timeout={kernels.IOPUB_TIMEOUT_SECONDS}" in hub.singleuser_args()
    # no TCP ports for two kernels to fight over
    assert "--KernelManager.transport=ipc" in command


@pytest.mark.slow
def test_a_pages_kernel_is_forked_and_ends_with_the_server(tmp_path):
    """``thamvan start`` forks its pages' kernels from a fork server of its own (serving/forks)."""
    import psutil

    from tests.support.processes import kernel_pids
    from tests.support.servers import KitServer
    from thamvan_lib.serving import forks

    home = tmp_path / "thamvan"
    home.mkdir()
    kit = KitServer(home, preheat=False)
    try:
        with urllib.request.urlopen(kit.page_url("dashboards/manual.ipynb"), timeout=120) as page:
            assert page.status == 200
        (pid,) = kernel_pids(kit.process.pid)
        kernel = psutil.Process(pid)
        assert kernel.name() == forks.KERNEL_NAME and kernel.uids().real == os.getuid()
        fork_server = kernel.parent()
        assert fork_server.cmdline()[2] == "thamvan_lib.serving.forks" and fork_server.parent().pid == kit.process.pid
    finally:
        kit.stop()
    gone, alive = psutil.wait_procs([kernel, fork_server], timeout=15)
    assert not alive, alive
