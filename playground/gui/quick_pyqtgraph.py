"""pyqtgraph imported without making every Qt class up front: about 0.2 s less before the first window.

PySide6 makes its classes lazily, on first use. pyqtgraph.Qt keeps mirrors of QtCore, QtGui and QtWidgets (empty
modules of its own) and, on import, copies every name of PySide6's modules into them (`_copy_attrs`: for each
name in dir(module), getattr). That makes about 1,500 classes with their enums at once, most never used.

Here the mirrors are made first, as modules that look up what they lack in PySide6's module when it is asked for
(PEP 562's module __getattr__), and during the import PySide6's modules list no names, so the copy copies nothing.
pyqtgraph then sees every Qt name through its mirrors as before (the same objects), and its own additions to the
mirrors stay in the mirrors. Should pyqtgraph do this differently in a later version, the import falls back to
the plain one.
"""

from __future__ import annotations

import importlib
import sys
import types

QT_MODULES = ("QtCore", "QtGui", "QtWidgets")


def import_pyqtgraph() -> types.ModuleType:
    """pyqtgraph, imported with forwarding mirrors (or as it is, when it is imported already)."""
    if "pyqtgraph" in sys.modules:
        return sys.modules["pyqtgraph"]
    sources = [importlib.import_module(f"PySide6.{name}") for name in QT_MODULES]
    hidden: list[tuple[types.ModuleType, object]] = []
    try:
        for name, source in zip(QT_MODULES, sources, strict=True):
            sys.modules[f"pyqtgraph.Qt.{name}"] = _mirror(f"pyqtgraph.Qt.{name}", source)
            hidden.append((source, source.__dict__.get("__dir__")))
            source.__dict__["__dir__"] = list  # dir(module) is [] while pyqtgraph copies
        try:
            import pyqtgraph
        finally:
            for source, before in hidden:
                if before is None:
                    source.__dict__.pop("__dir__", None)
                else:
                    source.__dict__["__dir__"] = before
    except Exception:  # (a pyqtgraph that works otherwise: import it the plain way)
        for name in [n for n in sys.modules if n == "pyqtgraph" or n.startswith("pyqtgraph.")]:
            del sys.modules[name]
        import pyqtgraph
    return pyqtgraph


def _mirror(name: str, source: types.ModuleType) -> types.ModuleType:
    """A module that answers with `source`'s attribute for every name it does not hold itself."""
    mirror = types.ModuleType(name, f"pyqtgraph's mirror of {source.__name__}, looking names up there on use")
    mirror.__path__ = []  # a package, like pyqtgraph's own (empty) mirror

    def look_up(attribute: str):
        return getattr(source, attribute)

    def names() -> list[str]:
        return sorted(set(dir(source)) | set(mirror.__dict__))

    mirror.__getattr__ = look_up
    mirror.__dir__ = names
    return mirror
