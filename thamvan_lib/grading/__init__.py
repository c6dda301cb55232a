"""The trainer's nbgrader workflow behind ``thamvan course …``: the course's configuration,
the kit's preprocessors, parallel autograding, the gradebook and its exports."""
