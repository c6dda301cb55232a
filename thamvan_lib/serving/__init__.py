"""Serving the kit: Voila and JupyterLab on one machine, JupyterHub for a class."""
