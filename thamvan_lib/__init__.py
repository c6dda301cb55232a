"""Thamvan: training and practice kit for public consultation."""

__version__ = "0.1.0"
