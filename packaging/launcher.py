"""The frozen app's entry script (PyInstaller runs a script, not a package's __main__ module)."""

import sys

from playground.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
