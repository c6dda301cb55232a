"""`thamvan lab` really starts JupyterLab on 127.0.0.1 with Vietnamese as its language."""

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support.processes import free_port, stop_group

pytestmark = pytest.mark.slow


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_lab_starts_in_vietnamese(kit_home):
    port, token = free_port(), "thamvan-test-token"
    env = dict(os.environ, JUPYTER_TOKEN=token)
    process = subprocess.Popen([sys.executable, "-m", "thamvan_lib", "lab", f"--port={port}"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                settings = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin", token)
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "JupyterLab did not start in 60 s"
                time.sleep(0.5)
        # overrides.json changes the default every user starts from
        assert settings["schema"]["properties"]["locale"]["default"] == "vi_VN"
        assert settings["settings"].get("locale", "vi_VN") == "vi_VN"
        pack = _get(f"{base}/lab/api/translations/vi_VN", token)
        assert pack["data"], "the Vietnamese language pack is served"
        contents = _get(f"{base}/api/contents", token)
        assert "00-gioi-thieu.ipynb" in {item["name"] for item in contents["content"]}
    finally:
        stop_group(process, wait=15)
