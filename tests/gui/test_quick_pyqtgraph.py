"""pyqtgraph imported the quick way (gui/quick_pyqtgraph.py): Qt's classes are made on use, not all at once, and
pyqtgraph works as before. Each check runs in a fresh interpreter (pyqtgraph is imported once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SETUP = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import PySide6.QtWidgets as Widgets
"""

DRAW = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
import numpy as np
widget = pyqtgraph.PlotWidget()
widget.resize(200, 150)
widget.plot([0.0, 1.0, 2.0], [0.0, 2.0, 1.0], pen="r")
picture = widget.grab().toImage()
red = sum(1 for x in range(picture.width()) for y in range(picture.height())
          if picture.pixelColor(x, y).red() > 200 and picture.pixelColor(x, y).green() < 80)
"""


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_quick_import_leaves_qt_classes_unmade_until_used_and_pyqtgraph_draws():
    found = _run(SETUP + """
from playground.gui.quick_pyqtgraph import import_pyqtgraph
pyqtgraph = import_pyqtgraph()
unmade = "QUndoView" not in vars(Widgets)  # a class the app does not use while opening
from pyqtgraph.Qt import QtCore, QtWidgets
same = QtCore.QPointF is __import__("PySide6.QtCore").QtCore.QPointF and QtWidgets.QUndoView is Widgets.QUndoView
listed = "QPointF" in dir(__import__("PySide6.QtCore").QtCore) and "QUndoView" in dir(QtWidgets)
""" + DRAW + """
print(json.dumps({"unmade": unmade, "same": same, "listed": listed, "red": red,
                  "mirror": QtWidgets is not Widgets}))
""")
    assert found["unmade"], "every Qt class was made during the import"
    assert found["same"] and found["mirror"]
    assert found["listed"], "PySide6's modules must list their names again after the import"
    assert found["red"] > 20, "pyqtgraph imported this way cannot draw a plot"


def test_the_plain_import_makes_every_class_so_the_check_above_means_something():
    found = _run(SETUP + """
import pyqtgraph
print(json.dumps({"unmade": "QUndoView" not in vars(Widgets)}))
""")
    assert not found["unmade"]


def test_a_pyqtgraph_that_refuses_the_mirrors_is_imported_the_plain_way():
    found = _run(SETUP + """
import types
from playground.gui import quick_pyqtgraph
quick_pyqtgraph._mirror = lambda name, source: types.ModuleType(name)  # mirrors that forward nothing
pyqtgraph = quick_pyqtgraph.import_pyqtgraph()
""" + DRAW + """
print(json.dumps({"red": red, "listed": "QPointF" in dir(__import__("PySide6.QtCore").QtCore)}))
""")
    assert found["red"] > 20 and found["listed"]
