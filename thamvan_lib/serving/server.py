"""How the kit starts Voila and JupyterLab: locked-down, offline, on 127.0.0.1.

Voila's own ``lab`` template links Font Awesome from a CDN. The kit serves a
template named ``thamvan`` instead: the same pages with those links removed
(the widgets' bundle already carries the icon fonts), written under the kit
home folder from the installed Voila at every start, so it always matches it.

The template also speaks to trainees in Vietnamese (then English), with the texts of
``content/messages/server.yaml``: the loading text; a friendly box instead of a cell's
error (Voila, with tracebacks off, would say "There was an error when executing
cell…"), of a cell timeout and of a kernel that died while the page was opening; and a
banner when the kernel restarts or the connection drops once the page is open (it
watches the kernel's websocket for ``restarting``/``dead`` status messages). The
execution time limit is kept in the kernel (``widgets/common.py``): Voila's own cell
timeout would also count the time a preheated kernel waits for its visitor.

Kernels of closed tabs: Voila's page sends a beacon on ``beforeunload`` asking the
server to shut its kernel down, with the ``_xsrf`` cookie as form field; Voila alone
never sets that cookie, so the beacon is refused (403, voila#1458) and the kernel would
linger until culled (15 min idle, no page connected). The template sets the cookie.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path

from .. import locations
from ..pages import HOME_ROUTE, STEP_PAGE
from ..store import kit_home
from . import forks
from .kernels import (CAPPED_KERNEL_MANAGER, CULL_IDLE_SECONDS, DEFAULT_MAX_KERNELS,
                      DEFAULT_MAX_KERNELS_PER_VISITOR, TIME_LIMIT_SECONDS, TIME_LIMIT_VARIABLE, kernel_options)
from ..roles import ROLE_VARIABLE
from ..widgets.notices import problem_box

TEMPLATE = "thamvan"
CDN_LINK = re.compile(r'\s*<link rel="stylesheet" href="https://cdn\.jsdelivr\.net/[^"]+"[^>]*/>')
# on a person's own machine, a step opens from a warm kernel (the home page needs none)
WARM_PAGE = STEP_PAGE
WARM_POOL_SIZE = 1
# where the friendly texts go in the copied lab template
HELPERS_ANCHOR = "{{ voila_setup_helper_functions() }}"
# Voila's own text for an exception outside the notebook (e.g. the kernel died)
SERVER_EXCEPTION = "An exception occurred at the server"


def voila_templates() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"


def _without_cdn(text: str, name: str) -> str:
    cleaned, count = CDN_LINK.subn("", text)
    if count == 0:
        raise RuntimeError(f"Voila's {name} no longer links the CDN this kit removes; check the template")
    if "cdn." in cleaned:
        raise RuntimeError(f"Voila's {name} still loads something from a CDN")
    return cleaned


def _script_json(value) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


# Runs before Voila's own scripts: Vietnamese loading text; an ``_xsrf`` cookie, without
# which Voila's beacon that shuts a closed tab's kernel down is refused (403, voila#1458)
# and the kernel lingers until culled; a banner when the kernel's websocket reports a
# restarted or dead kernel, or closes (server stopped, network gone).
WATCH_SCRIPT = """<script>
(function () {
  var texts = %(texts)s;
  if (!/(^|;\\s*)_xsrf=/.test(document.cookie)) {
    // tornado checks that the form field equals the cookie (double submit): any random value
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var token = Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    var base = (document.body.getAttribute('data-base-url') || '/').replace(/voila\\/$/, '');
    document.cookie = '_xsrf=' + token + '; path=' + base + '; SameSite=Strict';
  }
  var loading = document.getElementById('loading_text');
  if (loading) { loading.textContent = texts.loading; }
  window.voila_process = function (index, count) {
    window.update_loading_text(index, count,
      texts.running.replace('{index}', index).replace('{count}', count));
  };
  var leaving = false;
  window.addEventListener('beforeunload', function () { leaving = true; });
  function show(kind) {
    var banner = document.getElementById('thamvan-banner');
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'thamvan-banner';
      banner.style.cssText = 'position:fixed;top:0;left:0;right:0;z-index:10000;padding:0 16px';
      document.body.prepend(banner);
    }
    if (banner.dataset.kind === 'kernel_lost') { return; }  // the worse news stays
    banner.dataset.kind = kind;
    banner.innerHTML = texts[kind];
    banner.hidden = false;
  }
  function clear(kind) {
    var banner = document.getElementById('thamvan-banner');
    if (banner && banner.dataset.kind === kind) { banner.hidden = true; banner.dataset.kind = ''; }
  }
  var lost = /"execution_state":\\s*"(restarting|autorestarting|dead)"/;
  function check(text) { if (lost.test(text)) { show('kernel_lost'); } }
  var Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).indexOf('/channels') === -1) { return; }
      this.addEventListener('message', function (event) {
        var data = event.data;
        if (typeof data === 'string') { if (data.length < 4096) { check(data); } }
        else if (data instanceof ArrayBuffer) {
          if (data.byteLength < 4096) { check(new TextDecoder().decode(data)); }
        } else if (data && data.size < 4096 && data.text) { data.text().then(check); }
      });
      this.addEventListener('open', function () { clear('disconnected'); });
      this.addEventListener('close', function () { if (!leaving) { show('disconnected'); } });
    }
  };
})();
</script>"""

# Cell outputs: a friendly box instead of Voila's English error, timeout or server message;
# what Voila did not strip (run with tracebacks on, to debug) is still shown below it.
OUTPUT_BLOCKS = """
{%% block error -%%}
{%%- if output.ename == 'TimeoutError' -%%}{%% raw %%}%(time_limit)s{%% endraw %%}
{%%- else -%%}{%% raw %%}%(error)s{%% endraw %%}{%%- endif -%%}
{%%- if output.ename not in ('ExecutionError', 'TimeoutError') -%%}{{ super() }}{%%- endif -%%}
{%%- endblock error %%}

{%% block stream_stderr -%%}
{%%- if output.text.startswith(%(server_exception)r) -%%}{%% raw %%}%(failure)s{%% endraw %%}
{%%- else -%%}{{ super() }}{%%- endif -%%}
{%%- endblock stream_stderr %%}
"""


def _friendly(index: str, content) -> str:
    """The lab template's index with the kit's texts for loading and for problems."""
    from ..content import load

    content = content or load()
    texts = {"loading": content.line("server.loading"), "running": content.line("server.running"),
             "kernel_lost": problem_box("kernel_lost", content),
             "disconnected": problem_box("disconnected", content)}
    if index.count(HELPERS_ANCHOR) != 1:
        raise RuntimeError("Voila's lab/index.html.j2 changed: no single place for the kit's texts")
    script = "{% raw %}" + WATCH_SCRIPT % {"texts": _script_json(texts)} + "{% endraw %}"
    index = index.replace(HELPERS_ANCHOR, HELPERS_ANCHOR + "\n" + script)
    return index + OUTPUT_BLOCKS % {
        "error": problem_box("error", content), "time_limit": problem_box("time_limit", content),
        "failure": problem_box("failure", content), "server_exception": SERVER_EXCEPTION}


def prepare_template(data_dir: Path | None = None, content=None) -> Path:
    """Write the ``thamvan`` Voila template; return the Jupyter data dir holding it."""
    data_dir = data_dir or kit_home() / "jupyter"
    target = data_dir / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    source = voila_templates()
    index = (source / "lab" / "index.html.j2").read_text(encoding="utf-8")
    index = _friendly(_without_cdn(index, "lab/index.html.j2"), content)
    (target / "index.html.j2").write_text(index, encoding="utf-8")
    base_page = (source / "base" / "page.html").read_text(encoding="utf-8")
    (target / "thamvan-base-page.html").write_text(_without_cdn(base_page, "base/page.html"),
                                                  encoding="utf-8")
    lab_page = (source / "lab" / "page.html").read_text(encoding="utf-8")
    (target / "page.html").write_text(
        lab_page.replace("'voila/templates/base/page.html'", "'thamvan-base-page.html'"),
        encoding="utf-8")
    (target / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    (target / "503.html").write_text(_busy_page(content), encoding="utf-8")
    return data_dir


def _busy_page(content) -> str:
    """What a visitor sees when the server runs as many kernels as it may (see kernel_cap)."""
    from ..content import load

    content = content or load()
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<title>{html.escape(content.message("server.busy.title", "vi"))}</title></head>'
            f'<body>{{% raw %}}{problem_box("busy", content)}{{% endraw %}}</body></html>\n')


def voila_environment(data_dir: Path, trainer: bool = False) -> dict[str, str]:
    """The servers' environment; ``trainer`` opens the trainer's pages (the class view)."""
    env = dict(os.environ)
    env.pop(ROLE_VARIABLE, None)  # never inherited: the trainer's pages open only on purpose
    if trainer:
        env[ROLE_VARIABLE] = "trainer"
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data_dir), env.get("JUPYTER_PATH")]))
    env.setdefault("THAMVAN_HOME", str(kit_home()))
    env.setdefault(TIME_LIMIT_VARIABLE, str(TIME_LIMIT_SECONDS))  # read by the pages' kernels
    return env


# JupyterLab extensions the dashboards do not use: in Voila's page they fail to load (they
# need Lab's file browser) and fill the console with errors, for nine more requests.
LAB_ONLY_EXTENSIONS = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]


def voila_command(notebooks: Path | None = None, port: int = 8866, preheat: bool = True,
                  cull_idle_seconds: int = CULL_IDLE_SECONDS,
                  max_kernels: int = DEFAULT_MAX_KERNELS,
                  max_kernels_per_visitor: int = DEFAULT_MAX_KERNELS_PER_VISITOR) -> list[str]:
    """The Voila command line the kit runs: one server for every notebook and dashboard
    (the kit's ``notebooks/`` unless ``notebooks`` is given)."""
    command = [
        sys.executable, "-m", "thamvan_lib.serving.voila_app", str(notebooks or locations.notebooks()),
        "--no-browser",
        "--Voila.ip=127.0.0.1", f"--port={port}",
        f"--template={TEMPLATE}", "--theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        *kernel_options(cull_idle_seconds),
        # kernels on Unix sockets in Voila's own temporary folder: with TCP, a class opening
        # pages at once can give two kernels the same port ("Address already in use")
        *(["--KernelManager.transport=ipc"] if os.name == "posix" else []),
        # kernels forked from Voila's own fork server (serving/forks, voila_app)
        f"--KernelProvisionerFactory.default_provisioner_name={forks.PROVISIONER_NAME}",
        # a page's kernel that dies is not restarted: a fresh kernel holds none of the page,
        # and a restart that beats nbclient's check would leave the opening page waiting for
        # ever instead of showing the failure notice; the open page gets "dead" (its banner)
        "--KernelRestarter.restart_limit=0",
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in LAB_ONLY_EXTENSIONS),
        # past this many kernels a page gets the kit's "busy" page (503.html), not a kernel
        f"--VoilaConfiguration.multi_kernel_manager_class={CAPPED_KERNEL_MANAGER}",
        f"--CappedKernelManager.max_kernels={max_kernels}",
        f"--CappedKernelManager.max_kernels_per_visitor={max_kernels_per_visitor}",
    ]
    if preheat:
        # one warm kernel for the step page; dashboards and lessons start theirs on demand
        pools = {"default": {"pool_size": 0}, WARM_PAGE: {"pool_size": WARM_POOL_SIZE}}
        command += ["--preheat_kernel=True",
                    f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]
    return command


def home_url(port: int = 8866) -> str:
    return f"http://127.0.0.1:{port}/{HOME_ROUTE}"


def lab_settings_overrides() -> Path:
    """Make Vietnamese JupyterLab's default language in this environment."""
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    path = settings / "overrides.json"
    overrides = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    overrides.setdefault("@jupyterlab/translation-extension:plugin", {})["locale"] = "vi_VN"
    path.write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    return path


def lab_command(notebooks: Path | None = None, port: int = 8888) -> list[str]:
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={notebooks or locations.notebooks()}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # workshop machines and containers often run as root
    return command
