"""Who the pages are served to: the trainer, or anyone else.

``thamvan start --trainer``, ``thamvan lab`` (behind its token) and the hub, on the trainer's
own server, set ``THAMVAN_ROLE=trainer`` for the pages' kernels. Pages for the trainer alone
(the class's scores and mistakes) open only there; a trainee's or a visitor's page is never
told it is the trainer's.
"""

from __future__ import annotations

import os

ROLE_VARIABLE = "THAMVAN_ROLE"


def is_trainer() -> bool:
    return os.environ.get(ROLE_VARIABLE) == "trainer"
