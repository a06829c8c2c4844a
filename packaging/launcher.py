"""Entry point of the frozen app: the same ``ows-desktop`` command as the pip-installed one."""

import multiprocessing
import sys

from ows_desktop.cli.main import main

if __name__ == "__main__":
    # The GUI's sync runs in a spawned child process (sync/child.py): in a frozen app the child
    # re-runs this executable, and freeze_support() turns it into the child instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
