"""nbgrader configuration of the Thamvan course, for trainers who use nbgrader's own
commands or formgrader. `thamvan course …` uses the very same settings.

    cd grading && nbgrader generate_assignment co-mau

THAMVAN_COURSE and THAMVAN_EXCHANGE choose the folders (default: under THAMVAN_HOME).
"""

import os
from pathlib import Path

from thamvan_lib.grading.config import course_config
from thamvan_lib.store import kit_home

c = get_config()  # noqa: F821 (nbgrader provides it)
c.merge(course_config(Path(os.environ.get("THAMVAN_COURSE") or kit_home() / "course"),
                      Path(os.environ.get("THAMVAN_EXCHANGE") or kit_home() / "exchange")))
