import sys

from ows_desktop.cli import main

sys.exit(main())
