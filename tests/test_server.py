import json
import sys

from thamvan_lib import server


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
    assert server.home_url(9999) == "http://127.0.0.1:9999/voila/render/dashboards/home.ipynb"


def test_jupyterlab_defaults_to_vietnamese(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    path = server.lab_settings_overrides()
    settings = json.loads(path.read_text())
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "vi_VN"
    assert "--ip=127.0.0.1" in server.lab_command()


def test_vietnamese_language_pack_is_installed():
    import importlib.metadata

    assert importlib.metadata.version("jupyterlab-language-pack-vi-vn")
