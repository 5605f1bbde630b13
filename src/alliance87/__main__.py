"""The ``alliance87`` console script.

``alliance87 risk ...`` runs the risk model's command line, which never touches Django
(with one OpenBLAS thread unless ``OPENBLAS_NUM_THREADS`` says otherwise); every other
sub-command is one of Django's management commands.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "risk":
        # the risk model's matrices have a few dozen columns: a second OpenBLAS thread
        # costs more than it gives, spinning between the many small products of IRLS
        # (docs/benchmarks.md, "the whole process"); set before NumPy loads OpenBLAS, and
        # a value the user set stays
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from alliance87.riskmodel.cli import main as risk_main

        return risk_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
