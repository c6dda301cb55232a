"""nbgrader's collect, with the owner of a submission deciding whose it is.

On a workshop hub every person has a system account (``jupyter-hv-an``) and nbgrader knows
them by their hub name (``hv-an``). A submission folder carries a name in its own file
name, which anybody can write; its owner is set by the system. nbgrader's ``check_owner``
only warns when the two differ; here the submission is filed under its owner, so a trainee
who hands in a folder named after a classmate hands it in as themselves.
"""

from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import Unicode


class OwnerCheckedCollect(ExchangeCollect):
    account_prefix = Unicode("jupyter-", config=True,
                             help="Prefix of the system accounts of the class (account = prefix + student id)")

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        try:
            owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
        except KeyError:
            owner = ""
        claimed = record["username"]
        actual = owner[len(self.account_prefix):] if owner.startswith(self.account_prefix) else None
        if actual and actual != claimed:
            self.log.warning("%s names %s but was handed in by %s: filed under %s",
                             record["filename"], claimed, actual, actual)
            record["username"] = actual
        return record
