"""Models of the worked examples a tool opens with: ``plan/``, ``training/``, ``uptake/``.

Here only the documents a file holds are checked; each document's own fields are checked
by the tool that reads it (``plan``, ``training``, ``uptake``: their ``from_dict``).
"""

from __future__ import annotations

from pydantic import Field

from . import Strict


class PlanExampleFile(Strict):
    """content/plan/example-healthcare-poor.yaml: one entry per document."""

    dossier: dict
    summary: dict
    opinion: dict
    key_questions: dict
    plan: dict
    title: dict = Field(default_factory=dict)


class TrainingExampleFile(Strict):
    """content/training/example.yaml."""

    training: dict


class UptakeExampleFile(Strict):
    """content/uptake/example-responses.yaml: the uptake tracker and the policy-impact review."""

    tracker: dict
    review: dict
