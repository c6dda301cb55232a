"""JupyterHub configuration of a Thamvan workshop on one machine.

    .venv/bin/thamvan hub --class-list deploy/class.example.yaml      # the usual way
    THAMVAN_CLASS=lop.yaml THAMVAN_WORKSHOP=/srv/thamvan jupyterhub -f deploy/jupyterhub_config.py

Everything is in thamvan_lib/serving/hub.py (``configure``); the environment chooses:
THAMVAN_CLASS (class list, default deploy/class.example.yaml), THAMVAN_WORKSHOP (the
workshop folder, default THAMVAN_HOME/workshop), THAMVAN_HUB_PORT (8000),
THAMVAN_HUB_IP (127.0.0.1), THAMVAN_HUB_API_TOKEN (the admin service's token; default: a
random one kept in WORKSHOP/admin-token). Add your own settings below the call.

With the ``jupyterhub-idle-culler`` package installed, ``configure`` also runs it as the
``idle-culler`` service (servers unused for an hour are stopped; users are kept).
"""

from thamvan_lib.serving.hub import configure

c = get_config()  # noqa: F821 (JupyterHub provides it)
configure(c)
