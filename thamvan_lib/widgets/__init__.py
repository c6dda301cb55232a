"""Thin ipywidgets views over the domain tools, one module per view."""
