"""The Zero to JupyterHub configuration (deploy/z2jh/), read as data: every key is one the
chart documents, the kit's rules hold (pinned image, limits, culler, no secret in plain
text, a shared exchange, Voila locked down as on one machine), and the user image carries
no answer key.

The chart's own values schema cannot be read offline; ``deploy/z2jh/check_values.py``
validates against it when given the chart (see deploy/z2jh/README.md). Here the keys the kit
uses are checked against the chart's documented structure, written down below from the
schema of chart 4.4.0.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from thamvan_lib import locations
from thamvan_lib.serving import hub

Z2JH = locations.deploy() / "z2jh"
CONFIG = yaml.safe_load((Z2JH / "config.yaml").read_text(encoding="utf-8"))


def closed(**properties) -> dict:
    """An object with only these keys, as the chart's schema has it (additionalProperties: false)."""
    return {"type": "object", "additionalProperties": False, "properties": properties}


OPEN = {"type": "object"}  # the chart lets these hold anything (hub.config, extraConfig)
STRING, BOOLEAN, INTEGER, NUMBER = ({"type": t} for t in ("string", "boolean", "integer", "number"))
ARRAY = {"type": "array"}
RESOURCES = {"type": "object", "properties": {"requests": OPEN, "limits": OPEN}, "additionalProperties": False}
# The part of chart 4.4.0's values schema the kit's config touches: names and types.
CHART = closed(
    hub=closed(existingSecret=STRING, db=closed(type={"enum": ["sqlite-pvc", "sqlite-memory", "mysql", "postgres", "other"]},
                                             url=STRING, pvc=OPEN, upgrade=BOOLEAN, password=STRING),
               concurrentSpawnLimit=INTEGER, consecutiveFailureLimit=INTEGER, config=OPEN,
               extraConfig={"type": "object", "additionalProperties": STRING}),
    proxy=closed(chp=closed(resources=RESOURCES)),
    singleuser=closed(image=closed(name=STRING, tag=STRING, pullPolicy={"enum": ["IfNotPresent", "Always", "Never"]}),
                      defaultUrl=STRING, startTimeout=INTEGER, uid=INTEGER, fsGid=INTEGER,
                      memory=closed(guarantee=STRING, limit=STRING), cpu=closed(guarantee=NUMBER, limit=NUMBER),
                      extraEnv=OPEN, lifecycleHooks=closed(postStart=OPEN, preStop=OPEN),
                      networkPolicy=closed(enabled=BOOLEAN, egressAllowRules=closed(
                          cloudMetadataServer=BOOLEAN, dnsPortsCloudMetadataServer=BOOLEAN,
                          dnsPortsKubeSystemNamespace=BOOLEAN, dnsPortsPrivateIPs=BOOLEAN,
                          nonPrivateIPs=BOOLEAN, privateIPs=BOOLEAN)),
                      storage=closed(type={"enum": ["dynamic", "static", "none"]}, capacity=STRING,
                                     extraVolumes=ARRAY, extraVolumeMounts=ARRAY)),
    scheduling=closed(userScheduler=closed(enabled=BOOLEAN), podPriority=closed(enabled=BOOLEAN),
                      userPlaceholder=closed(enabled=BOOLEAN, replicas=INTEGER)),
    prePuller=closed(hook=closed(enabled=BOOLEAN), continuous=closed(enabled=BOOLEAN)),
    cull=closed(enabled=BOOLEAN, users=BOOLEAN, timeout=INTEGER, every=INTEGER, concurrency=INTEGER),
)


def test_every_key_is_one_the_chart_documents():
    jsonschema.validate(CONFIG, CHART)


def test_a_key_the_chart_does_not_know_is_caught():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**CONFIG, "singleuser": {**CONFIG["singleuser"], "memoryLimit": "1G"}}, CHART)


def test_the_user_image_is_pinned_and_limits_are_set():
    image = CONFIG["singleuser"]["image"]
    assert image["tag"] and image["tag"] != "latest" and ":" not in image["name"]
    assert CONFIG["singleuser"]["memory"]["limit"] and CONFIG["singleuser"]["memory"]["guarantee"]
    assert CONFIG["singleuser"]["cpu"]["limit"] and CONFIG["singleuser"]["cpu"]["guarantee"]
    assert CONFIG["cull"]["enabled"] and not CONFIG["cull"]["users"]
    base = re.search(r"^FROM (\S+)", (Z2JH / "Dockerfile").read_text(encoding="utf-8"), re.M).group(1)
    assert ":" in base and not base.endswith(":latest")


def _walk(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _walk(value, f"{path}[{n}]")
    else:
        yield path, node


def test_no_secret_is_written_in_plain_text():
    for path, value in _walk(CONFIG):
        name = path.rsplit(".", 1)[-1].lower()
        if isinstance(value, str) and name != "existingsecret":
            assert not re.search(r"password|token|secret|cookie|apikey|api_key", name), path
        assert not re.search(r"://[^/@\s]*:[^/@\s]+@", str(value)), path  # no password inside a URL
    assert CONFIG["hub"]["existingSecret"]
    assert "password" not in CONFIG["hub"]["db"]


def test_the_exchange_is_shared_and_the_hub_database_is_postgres():
    assert CONFIG["hub"]["db"]["type"] == "postgres"
    [mount] = CONFIG["singleuser"]["storage"]["extraVolumeMounts"]
    [volume] = CONFIG["singleuser"]["storage"]["extraVolumes"]
    assert mount["name"] == volume["name"] and volume["persistentVolumeClaim"]["claimName"]
    nbgrader = (Z2JH / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f'c.Exchange.root = "{mount["mountPath"]}"' in nbgrader


def test_user_servers_are_locked_down_as_on_one_machine():
    assert CONFIG["hub"]["config"]["KubeSpawner"]["args"] == hub.singleuser_args()
    trainee = json.loads((Z2JH / "config" / "trainee" / "jupyter_server_config.json").read_text())
    assert {e for e, on in trainee["ServerApp"]["jpserver_extensions"].items() if not on} == \
        set(hub.TRAINEE_OFF_EXTENSIONS)
    for role, trainer in (("trainee", False), ("trainer", True)):  # as the hub on one machine writes them
        written = json.loads((Z2JH / "config" / role / "jupyter_server_config.json").read_text())
        assert written == hub.server_config(trainer), role
    assert CONFIG["singleuser"]["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False


def test_the_user_image_carries_no_answer_key():
    copies = re.findall(r"^COPY (.+?) /", (Z2JH / "Dockerfile").read_text(encoding="utf-8"), re.M)
    sources = {part for line in copies for part in line.split()}
    assert "thamvan_lib" in sources and "notebooks" in sources
    assert not {"exercises", "trainer", "."} & sources


def test_the_start_hook_runs_a_command_the_kit_has():
    from click.testing import CliRunner

    from thamvan_lib.cli import main

    command = CONFIG["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[0] == "thamvan"
    assert CliRunner().invoke(main, [*command[1:], "--help"]).exit_code == 0


def test_the_prepare_home_command_copies_the_lessons(tmp_path):
    from click.testing import CliRunner

    from thamvan_lib.cli import main

    result = CliRunner().invoke(main, ["prepare-home", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dashboards" / "step.ipynb").exists() and (tmp_path / "00-gioi-thieu.ipynb").exists()
    assert not list(Path(tmp_path).rglob("*exercises*"))
