"""How the kit starts Voila and JupyterLab: locked-down, offline, on 127.0.0.1.

Voila's own ``lab`` template links Font Awesome from a CDN. The kit serves a
template named ``thamvan`` instead: the same pages with those links removed
(the widgets' bundle already carries the icon fonts), written under the kit
home folder from the installed Voila at every start, so it always matches it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from .store import kit_home

TEMPLATE = "thamvan"
CDN_LINK = re.compile(r'\s*<link rel="stylesheet" href="https://cdn\.jsdelivr\.net/[^"]+"[^>]*/>')
REPO_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
HOME_PAGE = "dashboards/home.ipynb"


def voila_templates() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"


def _without_cdn(text: str, name: str) -> str:
    cleaned, count = CDN_LINK.subn("", text)
    if count == 0:
        raise RuntimeError(f"Voila's {name} no longer links the CDN this kit removes; check the template")
    if "cdn." in cleaned:
        raise RuntimeError(f"Voila's {name} still loads something from a CDN")
    return cleaned


def prepare_template(data_dir: Path | None = None) -> Path:
    """Write the ``thamvan`` Voila template; return the Jupyter data dir holding it."""
    data_dir = data_dir or kit_home() / "jupyter"
    target = data_dir / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    source = voila_templates()
    index = (source / "lab" / "index.html.j2").read_text(encoding="utf-8")
    (target / "index.html.j2").write_text(_without_cdn(index, "lab/index.html.j2"), encoding="utf-8")
    base_page = (source / "base" / "page.html").read_text(encoding="utf-8")
    (target / "thamvan-base-page.html").write_text(_without_cdn(base_page, "base/page.html"),
                                                  encoding="utf-8")
    lab_page = (source / "lab" / "page.html").read_text(encoding="utf-8")
    (target / "page.html").write_text(
        lab_page.replace("'voila/templates/base/page.html'", "'thamvan-base-page.html'"),
        encoding="utf-8")
    (target / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return data_dir


def voila_environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data_dir), env.get("JUPYTER_PATH")]))
    env.setdefault("THAMVAN_HOME", str(kit_home()))
    return env


def voila_command(notebooks: Path = REPO_NOTEBOOKS, port: int = 8866, preheat: bool = True,
                  cull_idle_seconds: int = 900) -> list[str]:
    """The Voila command line the kit runs: one server for every notebook and dashboard."""
    command = [
        sys.executable, "-m", "voila", str(notebooks), "--no-browser",
        "--Voila.ip=127.0.0.1", f"--port={port}",
        f"--template={TEMPLATE}", "--theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        # one warm kernel for the home dashboard; lessons start theirs on demand
        pools = {"default": {"pool_size": 0}, HOME_PAGE: {"pool_size": 1}}
        command += ["--preheat_kernel=True",
                    f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]
    return command


def home_url(port: int = 8866) -> str:
    return f"http://127.0.0.1:{port}/voila/render/{HOME_PAGE}"


def lab_settings_overrides() -> Path:
    """Make Vietnamese JupyterLab's default language in this environment."""
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    path = settings / "overrides.json"
    overrides = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    overrides.setdefault("@jupyterlab/translation-extension:plugin", {})["locale"] = "vi_VN"
    path.write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    return path


def lab_command(notebooks: Path = REPO_NOTEBOOKS, port: int = 8888) -> list[str]:
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={notebooks}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # workshop machines and containers often run as root
    return command
