"""Starting Qt: the GUI itself, and rendering a view to a PNG without a display."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from .core.assets import ASSETS
from .core.scenario import Scenario


def _ensure_platform(headless: bool) -> None:
    """Use Qt's offscreen platform when asked to, or when there is no display to open a window on."""
    no_display = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                           or os.environ.get("WAYLAND_DISPLAY"))
    if headless or no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _application():
    from .gui import theme

    app = _bare_application()
    theme.apply(app)
    return app


def _bare_application():
    """The QApplication, named and with its icon, before anything slow is imported (no theme yet)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Neural Network Playground")
    app.setOrganizationName("Neural Network Playground")
    app.setDesktopFileName("neural-playground")  # Wayland matches the window to the menu entry (and its icon)
    icon = ASSETS / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_window(scenario: Scenario, settings=None):
    """Qt, and the app's window on `scenario`, shown: (the application, the window). The training process is
    started first, so that torch loads while Qt loads and the window is built, and the start-up card shows as
    soon as Qt is loaded (gui/splash.py). The window comes in two stages: the top bar, the controls, the numbers
    and the diagram are painted first, with the views' places kept (no pyqtgraph yet); the views (pyqtgraph) are
    made just after that paint, from the event loop (MainWindow.build_views; PLAYGROUND_FIRST_STAGE_ONLY=1 leaves
    them out, for pictures of the first stage). `settings`: where the window's size and place are kept between
    runs (None: sized to the screen, nothing kept)."""
    from .training_launch import start_spare

    start_spare()
    app = _bare_application()
    from .gui.splash import show_splash

    splash = show_splash(ASSETS / "icon.png")
    from PySide6.QtCore import QTimer

    from .gui import theme
    from .gui.main_window import MainWindow
    from .gui.session import Session

    theme.apply(app, plots=False)  # (pyqtgraph's options: with the views)
    window = MainWindow(Session(scenario), settings=settings, progressive=True)
    _note_first_paint(window)
    window.show()
    window.repaint()  # the first stage painted now, before pyqtgraph loads
    app.processEvents()
    splash.close()  # the window is up
    if os.environ.get("PLAYGROUND_FIRST_STAGE_ONLY") != "1":
        QTimer.singleShot(0, window.build_views)
    return app, window


def freeze_garbage() -> None:
    """Leave what exists now (the modules, the window) out of Python's full garbage collections: each had to walk
    every object, about 50 ms in the training process, a frame that came late every minute or so."""
    import gc

    gc.freeze()


window_painted_at: float | None = None  # time.time() of the window's first paint (the bench's cold start reads it)
window_painted_cpu: float | None = None  # this process's CPU seconds by then


def _note_first_paint(window) -> None:
    """Set window_painted_at when `window` is first painted."""
    import time

    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            global window_painted_at, window_painted_cpu
            if event.type() == QEvent.Type.Paint and window_painted_at is None:
                window_painted_at, window_painted_cpu = time.time(), time.process_time()
                watched.removeEventFilter(self)
            return False

    window.first_paint_filter = FirstPaint(window)
    window.installEventFilter(window.first_paint_filter)


def run_gui(scenario: Scenario, lesson: int | None = None, lesson_file: str | None = None) -> int:
    """The app's window on `scenario`, or on lesson number `lesson`, or on a lesson file a teacher handed out
    (`lesson_file`, kept among the learner's own lessons); a lesson opens after any autosaved work is offered
    back."""
    _ensure_platform(headless=False)
    import signal

    from PySide6.QtCore import QTimer

    from .gui.window_settings import open_settings

    _log_uncaught_errors()
    app, window = open_window(scenario, open_settings())  # where the window was last time
    # Once the window is whole (its views come just after its first paint):
    window.when_built(freeze_garbage)
    window.when_built(window.offer_restore)  # work left by a window that closed unexpectedly
    if lesson is not None:
        window.when_built(lambda: window.lessons.open_lesson(lesson))
    if lesson_file is not None:
        window.when_built(lambda: window.open_scenario(lesson_file))  # File > Open knows lesson files
    opener = handle_file_open_events(app, window) if sys.platform == "darwin" else None  # noqa: F841 - kept alive
    # Ctrl+C or a polite kill closes the window properly (stopping training, keeping the autosave for the next
    # start) instead of dying mid-frame. Python runs signal handlers only when it gets control, hence the timer.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: window.close_without_asking())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)
    return app.exec()


def _log_uncaught_errors() -> None:
    """A windowed app has no console: errors Python did not catch also go to the log file."""
    import logging

    log = logging.getLogger("playground.window")
    previous = sys.excepthook

    def hook(kind, value, traceback) -> None:
        log.error("uncaught error", exc_info=(kind, value, traceback))
        previous(kind, value, traceback)

    sys.excepthook = hook


def handle_file_open_events(app, window):
    """macOS hands a double-clicked scenario file to the app as a QFileOpenEvent, not on the command line:
    open it in `window` as File → Open would. Returns the event filter (keep a reference to it)."""
    from PySide6.QtCore import QEvent, QObject

    class FileOpenFilter(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.FileOpen and event.file():
                window.open_scenario(event.file())
                return True
            return super().eventFilter(watched, event)

    handler = FileOpenFilter(app)
    app.installEventFilter(handler)
    return handler


def render_view(kind: str, scenario: Scenario | None, dataset, snapshot, path: Path, size=None, request=None,
                history=()) -> None:
    """Paint one view ("boundary", "hidden", "landscape" or "window") showing one snapshot, offscreen, and save it as
    a PNG; the same painting `playground record` makes its frames with (gui/view_frames.py)."""
    _ensure_platform(headless=True)
    _application()
    from .gui.view_frames import OffscreenView, in_event_loop

    def job() -> bool:
        view = OffscreenView(kind, scenario, dataset, size, request, history)
        try:
            return view.render(snapshot).save(str(path), "PNG")
        finally:
            view.close()

    if not in_event_loop(job):  # ending through the event loop also avoids a crash at exit
        raise OSError(f"could not write {path}")


def render_boundary_png(dataset, snapshot, path: Path, size: int = 800) -> None:
    """Paint the real boundary view for one snapshot and save it as a PNG (no display needed)."""
    render_view("boundary", None, dataset, snapshot, path, size)


def render_hidden_png(dataset, snapshot, path: Path, size: int = 800) -> None:
    """Paint the hidden-space view of one snapshot (it must carry a hidden frame) and save it as a PNG."""
    render_view("hidden", None, dataset, snapshot, path, size)


def render_landscape_png(snapshot, path: Path, size: int = 800) -> None:
    """Paint the loss landscape view of one snapshot (it must carry a landscape) and save it as a PNG."""
    render_view("landscape", None, None, snapshot, path, size)


def render_window_png(scenario: Scenario, snapshot, request, path: Path, history=(),
                      size: tuple[int, int] = (1700, 1000)) -> None:
    """Paint the whole window showing one snapshot (trained headless) and save it as a PNG. `history`: the
    metrics along the way, for the loss chart."""
    render_view("window", scenario, None, snapshot, path, size, request, history)


def _rss_mb(pid: int | None) -> float | None:
    """A process's resident memory in MB (Linux; None elsewhere or when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, TypeError):
        return None
    return None


BENCH_WINDOW = (1600, 1000)  # room for every view: the plane, the hidden space, the diagram and the chart
CLICK_EVERY = 1.0  # seconds between the bench's clicks on the network diagram


class _ClickTimer:
    """While the bench trains: every CLICK_EVERY seconds, a mouse click on the diagram's first input neuron (it
    shows that neuron large on the plane, or back), posted from a thread as the system posts a real click, so
    the time counted includes waiting for the window to get to it; each click timed from its posting to the end
    of the diagram's repaint after the window has handled it."""

    def __init__(self, diagram) -> None:
        import threading

        self._diagram = diagram
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench clicks", daemon=True)
        self._posted: float | None = None  # when the click waiting for its repaint was posted
        self._handled = False  # the diagram has had that click
        self._where = None  # the first input neuron's centre, as last painted (read in the GUI thread)
        self.latencies_ms: list[float] = []
        diagram.painted.connect(self._on_painted)
        diagram.installEventFilter(self._filter())

    def _filter(self):
        from PySide6.QtCore import QEvent, QObject

        timer = self

        class Pressed(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.MouseButtonPress and timer._posted is not None:
                    timer._handled = True
                return False

        self._pressed = Pressed(self._diagram)
        return self._pressed

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import time

        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        while not self._stop.wait(CLICK_EVERY):
            where = self._where
            if self._posted is not None or where is None:
                continue  # the last click is still on its way (or nothing to click yet)
            left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
            self._handled, self._posted = False, time.perf_counter()
            for kind, held in ((QEvent.Type.MouseButtonPress, left), (QEvent.Type.MouseButtonRelease, none)):
                QApplication.postEvent(self._diagram, QMouseEvent(kind, QPointF(where), QPointF(where), left, held,
                                                                  Qt.KeyboardModifier.NoModifier))

    def _on_painted(self) -> None:
        import time

        boxes = self._diagram.node_boxes()
        self._where = boxes[0][0].center() if boxes and boxes[0] else None
        if self._posted is not None and self._handled:
            self.latencies_ms.append(1000 * (time.perf_counter() - self._posted))
            self._posted = None

    def summary(self) -> dict:
        done = sorted(self.latencies_ms)
        return {"clicks": len(done), "click_ms_p50": round(done[len(done) // 2], 1) if done else None,
                "click_ms_max": round(done[-1], 1) if done else None}


def bench_gui(scenario: Scenario, seconds: float, host_check: bool = True) -> dict:
    """Train in the real window (offscreen) for `seconds`; the live steps/s and frames painted per second, the
    window process's CPU time per frame (what it could keep up with: 1000 / that frames per second), how long a
    click on the network diagram takes to show (_ClickTimer), the memory of both processes when training starts
    and ends, the cores that the window, the training steps and the frames each used (Linux: bench_host.py), and
    (with `host_check`; the suite checks once around all its runs) how busy the computer was."""
    _ensure_platform(headless=True)
    import time
    from dataclasses import replace

    from PySide6.QtCore import QTimer

    from .bench_host import CoreWatch, host_check_ms
    from .gui.main_window import MainWindow
    from .gui.session import Session

    host_before = host_check_ms() if host_check else None  # (before the window: nothing else of the bench runs)
    app = _application()
    window = MainWindow(Session(replace(scenario, speed=None)))  # measured at full speed
    window.resize(*BENCH_WINDOW)
    window.show()
    window.when_built(freeze_garbage)  # (as run_gui)
    frames = []  # the step of every frame shown
    window.snapshot_shown.connect(lambda snapshot: frames.append(snapshot.metrics.step))
    painted = []
    view_paint = window.boundary_view.show_snapshot

    def counting_paint(snapshot) -> None:
        painted.append(time.perf_counter())
        view_paint(snapshot)

    window.boundary_view.show_snapshot = counting_paint
    clicks = _ClickTimer(window.network_diagram)
    result: dict = {}

    def start() -> None:
        if not frames:  # the worker is still starting (importing torch's optimisers takes a moment)
            QTimer.singleShot(50, start)
            return
        result["start"] = time.perf_counter()
        result["cpu0"] = time.process_time()
        result["step0"] = frames[-1] if frames else 0
        result["frame0"] = window.worker.frames_received
        result["memory_start"] = (_rss_mb(os.getpid()), _rss_mb(window.worker.pid))
        result["watch"] = CoreWatch(os.getpid(), window.worker.pid)
        result["watch"].start()
        window.play()
        clicks.start()
        QTimer.singleShot(round(seconds * 1000), finish)

    def finish() -> None:
        elapsed = time.perf_counter() - result["start"]
        cpu = time.process_time() - result["cpu0"]  # the window's process: every frame's handling and painting
        result["cores"] = result.pop("watch").cores()
        clicks.stop()
        result.update(clicks.summary())
        result["memory_end"] = (_rss_mb(os.getpid()), _rss_mb(window.worker.pid))
        shown = [t for t in painted if t >= result["start"]]
        intervals = sorted(1000 * (b - a) for a, b in itertools.pairwise(shown))
        if intervals:
            result.update(frame_interval_ms_p50=round(intervals[len(intervals) // 2], 1),
                          frame_interval_ms_p99=round(intervals[min(len(intervals) - 1,
                                                                    round(0.99 * (len(intervals) - 1)))], 1))
        result["hidden_shown"] = window.views.second_shown
        result["device"] = window.latest_snapshot.device if window.latest_snapshot is not None else None
        if shown:
            result["window_cpu_ms_per_frame"] = round(1000 * cpu / len(shown), 1)
        result.update(steps_per_second=round(((frames[-1] if frames else 0) - result["step0"]) / elapsed, 1),
                      frames_per_second=round(len(shown) / elapsed, 1),
                      snapshots_per_second=round((window.worker.frames_received - result["frame0"]) / elapsed, 1))
        window.close()
        app.quit()

    QTimer.singleShot(200, start)
    app.exec()
    host_checks = [host_before, host_check_ms()] if host_check else None  # (and after: the load comes and goes)
    return {"mode": "gui", "network": scenario.network.describe(), "points": len(window.session.dataset),
            "steps_per_second": result.get("steps_per_second"), "frames_per_second": result.get("frames_per_second"),
            "snapshots_per_second": result.get("snapshots_per_second"),
            "frame_interval_ms_p50": result.get("frame_interval_ms_p50"),
            "frame_interval_ms_p99": result.get("frame_interval_ms_p99"),
            "hidden_shown": result.get("hidden_shown"), "device": result.get("device"),
            "clicks": result.get("clicks"), "click_ms_p50": result.get("click_ms_p50"),
            "click_ms_max": result.get("click_ms_max"),
            "window_cpu_ms_per_frame": result.get("window_cpu_ms_per_frame"), "cores": result.get("cores"),
            "host_check_ms": host_checks,
            "window_mb": [result.get("memory_start", (None,))[0], result.get("memory_end", (None,))[0]],
            "training_mb": [result.get("memory_start", (None, None))[1], result.get("memory_end", (None, None))[1]]}
