"""Put on PYTHONPATH by build_linux.sh while it watches the app (every process of it: the training process starts a
fresh interpreter, which imports this too): appends to $PLAYGROUND_SOURCE_LOG each torch source file that is opened
(inspect and torch's config modules read their own source; imports read the cached bytecode, not the .py). The spec
keeps only the sources read (bundle_filters.unread_source)."""

import os
import sys

_LOG = os.environ.get("PLAYGROUND_SOURCE_LOG")

# Readers that do without a source: PySide6's __feature__ support reads every module imported after it, to see
# whether it uses PySide6, and takes a missing source as "no"; an import reads a .py only to compile it.
_OPTIONAL = {"_mod_uses_pyside", "get_code", "source_to_code"}

if _LOG:
    def _note_source(event: str, args: tuple) -> None:
        if event == "open" and args and isinstance(args[0], str) and args[0].endswith(".py"):
            path = args[0].replace("\\", "/")
            if "/site-packages/" in path and "/torch/" in path and not _optional_reader():
                with open(_LOG, "a", encoding="utf-8") as log:
                    log.write(path.split("/site-packages/", 1)[1] + "\n")

    def _optional_reader() -> bool:
        """Whether the nearest caller that asked for the source (below the module being run) can do without it."""
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_name != "<module>":
            if frame.f_code.co_name in _OPTIONAL:
                return True
            frame = frame.f_back
        return False

    sys.addaudithook(_note_source)
