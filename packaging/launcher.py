"""Entry point of the frozen app: the same ``ows-desktop`` command as the pip-installed one."""

import sys

from ows_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
