import sys

from ows_desktop.cli.main import main

sys.exit(main())
