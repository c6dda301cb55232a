"""nbgrader in every Thamvan user pod (Zero to JupyterHub): one course, the exchange on the
shared ReadWriteMany volume, the hub name as student id."""

import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "thamvan"
c.Exchange.root = "/srv/nbgrader/exchange"
c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "*")
if os.environ.get("THAMVAN_ROLE") == "trainer":
    c.CourseDirectory.root = os.path.expanduser("~/course")
