"""Put on PYTHONPATH by build_linux.sh while it watches the app (every process of it: the training process starts a
fresh interpreter, which imports this too): appends to $PLAYGROUND_SOURCE_LOG each torch source file that is opened
(inspect and torch's config modules read their own source; imports read the cached bytecode, not the .py). The spec
keeps only the sources read (bundle_filters.unread_source)."""

import os
import sys

_LOG = os.environ.get("PLAYGROUND_SOURCE_LOG")

if _LOG:
    def _note_source(event: str, args: tuple) -> None:
        if event == "open" and args and isinstance(args[0], str) and args[0].endswith(".py"):
            path = args[0].replace("\\", "/")
            if "/site-packages/" in path and "/torch/" in path:
                with open(_LOG, "a", encoding="utf-8") as log:
                    log.write(path.split("/site-packages/", 1)[1] + "\n")

    sys.addaudithook(_note_source)
