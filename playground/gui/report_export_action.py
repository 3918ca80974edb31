"""File > Export report: one self-contained web page about the run, for a learner to hand in (the page itself is
written by core/run_report.py). The pictures are the window's own views as the learner sees them, painted again
at twice their size so they stay sharp when printed; the curves come from the loss chart's history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from .. import __version__
from ..core.files import write_file
from ..core.run_report import ReportPicture, RunReport, report_html
from ..core.scenario import scenario_text
from .image_export import exportable_views, overlays_of, png_bytes, suggested_name
from .view_images import MAX_SIDE, render_widget, scaled_size

REPORT_FILTER = "Web pages (*.html);;All files (*)"
PICTURE_SCALE = 2  # pictures with twice the pixels they are shown with: sharp in print
# CSS pixels: a view smaller than this in the window (a small screen) is shown this wide, a larger one (a large
# screen) this narrow, so that two pictures fit side by side on the page.
MIN_SHOWN_WIDTH, MAX_SHOWN_WIDTH = 440, 560
CAPTIONS = {
    "plane": "each part of the plane is coloured by the class the network gives it, and the line is where its "
             "answer changes; the points are the data (test points outlined in black).",
    "plane-fit": "the curve the network draws through the points (test points outlined in black).",
    "hidden": "the points as a hidden layer sees them: where that layer has moved them, and how it bent the plane's "
              "grid on the way.",
    "landscape": "the loss for each value of two of the neuron's parameters (darker is lower, the + its lowest "
                 "point), the path the optimiser took to where the network is now, and the way its next step goes.",
    "diagram": "each neuron's output over the plane, and the weights between them as lines: blue positive, "
               "orange negative, thicker the larger.",
}
TITLES = {"plane": "The plane", "hidden": "The hidden space", "landscape": "The loss landscape",
          "diagram": "The network"}


def report_pictures(window) -> tuple[ReportPicture, ...]:
    """The plane, the hidden space (for a network of one neuron: its loss landscape) and the network diagram as the
    window shows them now; a picture that cannot be made says why."""
    fit = window.session.dataset.is_fit
    one_neuron = not window.session.network.hidden
    pictures = []
    for view in exportable_views(window):
        if view.key not in TITLES or view.key == ("hidden" if one_neuron else "landscape"):
            continue
        caption = CAPTIONS["plane-fit" if fit and view.key == "plane" else view.key]
        if not view.available:
            pictures.append(ReportPicture(TITLES[view.key], caption, None,
                                          note=f"Not in this report: {view.reason}."))
            continue
        shown = min(max(view.widget.width(), MIN_SHOWN_WIDTH), MAX_SHOWN_WIDTH)
        scale = max(1.0, PICTURE_SCALE * shown / view.widget.width())  # painted again larger: text stays sharp
        size = scaled_size(view.widget, scale)
        if max(size.width(), size.height()) > MAX_SIDE:
            scale = 1.0
        image = render_widget(view.widget, scale, overlays_of(window, view))
        pictures.append(ReportPicture(TITLES[view.key], caption, png_bytes(image), width=shown))
    return tuple(pictures)


def make_report(window) -> RunReport:
    """The report of the window's run as it is now."""
    scenario = window.document.scenario()  # with the trained weights and the loss chart's history, when trained
    snapshot = window.latest_snapshot
    return RunReport(name=window.document.name, scenario=scenario, dataset=window.session.dataset,
                     metrics=snapshot.metrics if snapshot is not None else None,
                     pictures=report_pictures(window), made_at=datetime.now(), version=__version__,
                     device=snapshot.device if snapshot is not None else "", scenario_text=scenario_text(scenario))


def export_window_report(window, path: str | None = None) -> bool:
    """Ask where (unless `path` is given) and write the report; True when it was written. A file that cannot be
    written gets a message in plain words."""
    if not path:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = suggested_name(window, "report", "html")
        suggested = str(Path(documents) / name) if documents and Path(documents).is_dir() else name
        path = window.questions.save_path("Export report", suggested, REPORT_FILTER)
        if not path:
            return False
        if not path.lower().endswith((".html", ".htm")):
            path += ".html"
    html = report_html(make_report(window))
    problem = write_file(Path(path), html.encode("utf-8"), "report")
    if problem:
        window.questions.warn("Cannot export the report", problem)
        return False
    window.statusBar().showMessage(f"Exported the report to {Path(path).name}: open it in a web browser", 8000)
    return True
