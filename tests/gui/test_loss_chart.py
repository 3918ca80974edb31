"""The loss chart: what its curves show, its bounded history on long runs, new runs, gaps for missing test
metrics and the log scale, driven with real clicks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.loss_history import history_from_rows
from playground.core.snapshot import Metrics, Snapshot
from playground.gui.chart_axes import ROUND_ENDS, round_end
from playground.gui.loss_chart import LOG_FLOOR, LossChart

NAN = float("nan")
_PROBABILITIES = np.zeros((2, 2, 2), np.float32)
_SEGMENTS = np.zeros((0, 2, 2), np.float32)


def snapshot(step: int, train_loss: float = 0.5, test_loss: float = 0.6, train_accuracy: float = 0.8,
             test_accuracy: float = 0.7, generation: int = 0) -> Snapshot:
    metrics = Metrics(step=step, train_loss=train_loss, test_loss=test_loss, train_accuracy=train_accuracy,
                      test_accuracy=test_accuracy)
    return Snapshot(metrics, "cpu", 0.0, _PROBABILITIES, (0.0, 1.0, 0.0, 1.0), _SEGMENTS, generation=generation)


@pytest.fixture
def chart(qtbot):
    chart = LossChart()
    qtbot.addWidget(chart)
    chart.resize(420, 300)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def steps_shown(chart: LossChart) -> list[float]:
    x, _ = chart.train_loss_curve.getData()
    return [] if x is None else x.tolist()


def wait_drawn(qtbot, chart: LossChart, steps: list[float]) -> None:
    """The chart redraws on the next pass of the event loop: wait until every curve shows these steps."""
    curves = (chart.train_loss_curve, chart.test_loss_curve, chart.train_accuracy_curve, chart.test_accuracy_curve)

    def drawn() -> bool:
        return all(([] if c.getData()[0] is None else c.getData()[0].tolist()) == steps for c in curves)

    qtbot.waitUntil(drawn, timeout=5000)


def test_points_accumulate_and_the_curves_show_them(qtbot, chart):
    items_before = (chart.loss_plot.listDataItems(), chart.accuracy_plot.listDataItems())
    rows = [(0, 0.9, 1.0, 0.5, 0.4), (10, 0.6, 0.7, 0.7, 0.6), (25, 0.3, 0.45, 0.9, 0.85)]
    for step, train_loss, test_loss, train_accuracy, test_accuracy in rows:
        chart.add_snapshot(snapshot(step, train_loss, test_loss, train_accuracy, test_accuracy))
    assert chart.history_length == 3
    wait_drawn(qtbot, chart, [0, 10, 25])

    columns = np.array(rows, dtype=np.float64).T
    for curve, expected in ((chart.train_loss_curve, columns[1]), (chart.test_loss_curve, columns[2]),
                            (chart.train_accuracy_curve, 100 * columns[3]),
                            (chart.test_accuracy_curve, 100 * columns[4])):
        np.testing.assert_allclose(curve.getData()[1], expected)
    # The step axis runs exactly over the run, shared by both plots; accuracy keeps its fixed 0-100 % range.
    assert chart.loss_plot.viewRange()[0] == pytest.approx([0, 25])
    assert chart.accuracy_plot.viewRange()[0] == pytest.approx([0, 25])
    low, high = chart.accuracy_plot.viewRange()[1]
    assert -10 < low <= 0 and 100 <= high < 110
    # Drawing only fed the items created at start: none was added or replaced.
    assert (chart.loss_plot.listDataItems(), chart.accuracy_plot.listDataItems()) == items_before
    assert len(items_before[0]) == len(items_before[1]) == 2


def test_a_burst_of_snapshots_redraws_once(qtbot, chart):
    redraws = []
    chart.train_loss_curve.sigPlotChanged.connect(lambda item: redraws.append(item))
    for step in range(50):
        chart.add_snapshot(snapshot(step))
    assert redraws == []  # nothing drawn yet: add_snapshot only stores
    wait_drawn(qtbot, chart, list(range(50)))
    assert len(redraws) == 1


def test_frames_soon_after_a_redraw_wait_for_the_next_one(qtbot, chart, monkeypatch):
    """While training, the curves are redrawn at most every REFRESH_SECONDS (a clock of the test's own): a frame
    right after a redraw is drawn when that time is up, not at once, and nothing is lost meanwhile."""
    from playground.gui import loss_chart, pace_timer

    now = [100.0]
    monkeypatch.setattr(pace_timer.time, "monotonic", lambda: now[0])
    chart.add_snapshot(snapshot(0))
    wait_drawn(qtbot, chart, [0])  # the first after a quiet spell: at once
    now[0] += 0.01
    chart.add_snapshot(snapshot(1))
    chart.add_snapshot(snapshot(2))
    timer = chart._refresh_timer
    assert timer.isActive() and abs(timer.interval() - 1000 * (loss_chart.REFRESH_SECONDS - 0.01)) <= 1
    wait_drawn(qtbot, chart, [0, 1, 2])
    now[0] += 1.0  # long after: at once again
    chart.add_snapshot(snapshot(3))
    assert chart._refresh_timer.interval() == 0


def _loss(step: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.asarray(step) / 1000.0)


def _accuracy(step: np.ndarray) -> np.ndarray:
    return (np.asarray(step) % 97) / 97.0


@pytest.mark.parametrize("increments", ["one by one", "irregular jumps"])
def test_the_history_stays_bounded_and_shows_the_whole_run(qtbot, chart, increments):
    if increments == "one by one":
        steps = np.arange(100_000)
    else:  # snapshots at display rate: a varying number of steps between two frames, millions in all
        steps = np.cumsum(np.random.default_rng(7).integers(1, 400, size=20_000)) - 1
    losses, accuracies = _loss(steps), _accuracy(steps)
    longest = 0
    for step, loss, accuracy in zip(steps.tolist(), losses.tolist(), accuracies.tolist(), strict=True):
        chart.add_snapshot(snapshot(step, loss, 2 * loss, accuracy, accuracy / 2))
        longest = max(longest, chart.history_length)
    assert longest == LossChart.MAX_POINTS  # it filled up, and never grew past the bound

    qtbot.waitUntil(lambda: steps_shown(chart)[-1:] == [steps[-1]], timeout=5000)
    history = chart.history()
    x = np.array(history.steps, dtype=float)
    assert len(x) == chart.history_length <= LossChart.MAX_POINTS
    assert x[0] == steps[0] and x[-1] == steps[-1]  # from the first step to the newest
    assert np.all(np.diff(x) > 0)
    # The newest frames are all there; the older ones are thinned evenly, so the early drop stays visible.
    np.testing.assert_array_equal(x[-200:], steps[-200:])
    assert np.diff(x).max() < 0.01 * (steps[-1] - steps[0])
    # Every value stayed with its own step through the thinning.
    np.testing.assert_allclose(history.train_loss, _loss(x))
    np.testing.assert_allclose(history.test_loss, 2 * _loss(x))
    np.testing.assert_allclose(history.train_accuracy, _accuracy(x))
    np.testing.assert_allclose(history.test_accuracy, _accuracy(x) / 2)
    # Drawn: in each pixel column, where each curve enters and leaves it and its extremes (curve_columns.py), at
    # most four points a column, each a point of the history: the same line for the eye, a fraction of the work.
    columns = int(chart.loss_plot.getViewBox().width())
    for curve, f in ((chart.train_loss_curve, _loss), (chart.test_loss_curve, lambda s: 2 * _loss(s)),
                     (chart.train_accuracy_curve, lambda s: 100 * _accuracy(s)),
                     (chart.test_accuracy_curve, lambda s: 50 * _accuracy(s))):
        drawn_x, drawn_y = curve.getData()
        assert len(drawn_x) <= 4 * columns < len(x) and set(drawn_x.tolist()) <= set(x.tolist())
        assert drawn_x[0] == steps[0] and drawn_x[-1] == steps[-1]
        np.testing.assert_allclose(drawn_y, f(drawn_x))
        assert drawn_y.max() == pytest.approx(f(x).max()) and drawn_y.min() == pytest.approx(f(x).min())
    low, high = chart.loss_plot.viewRange()[0]
    assert low == pytest.approx(steps[0]) and high >= steps[-1]  # the whole run, from its first step
    assert steps[-1] - steps[0] >= 0.75 * (high - low)  # the newest step in the last quarter of the axis


def _is_round(value: float) -> bool:
    mantissa = value / 10.0 ** math.floor(math.log10(value))
    return any(math.isclose(mantissa, end) for end in (*ROUND_ENDS, 10.0))


def test_round_ends_hold_the_value_and_waste_at_most_a_quarter():
    for value in [*np.geomspace(1e-7, 1e9, 3001).tolist(), 1.0, 10.0, 25.0, 700.0, 0.7, 8.0]:
        end = round_end(value)
        assert value <= end < value * 4 / 3 + 1e-9 * value
        assert _is_round(end)
    assert [round_end(v) for v in (25.0, 700.0, 0.7, 10.0, 10.5)] == pytest.approx([25.0, 800.0, 0.8, 10.0, 12.5])


def test_the_axes_move_in_steps_not_every_frame(qtbot, chart):
    # A frame a step apart for a thousand frames: the curves follow every frame, the axes' ranges a few times
    # per tenfold of steps (each change makes pyqtgraph lay out the axis's ticks and labels again).
    changes = {"x": 0, "y": 0}
    box = chart.loss_plot.getViewBox()
    box.sigXRangeChanged.connect(lambda *_: changes.__setitem__("x", changes["x"] + 1))
    box.sigYRangeChanged.connect(lambda *_: changes.__setitem__("y", changes["y"] + 1))
    losses = 0.7 * np.exp(-np.arange(1000) / 300.0) + 0.05
    for step, loss in enumerate(losses.tolist()):
        chart.add_snapshot(snapshot(step, train_loss=loss, test_loss=loss * 1.1))
        chart.refresh()
        assert steps_shown(chart)[-1] == step  # every frame drawn
        low, high = chart.loss_plot.viewRange()[0]
        assert low == 0 and high >= step and (step >= 0.75 * high or high == 10)  # the run fills the axis
        y_low, y_high = chart.loss_plot.viewRange()[1]
        assert y_low == 0 and 1.1 * losses[:step + 1].max() <= y_high  # every loss drawn is inside
    assert changes["x"] <= 25  # from 10 to 1,000 steps: ten round ends per tenfold at most
    assert changes["y"] <= 3


def test_a_new_generation_or_a_step_going_back_starts_a_new_history(qtbot, chart):
    for step in range(5):
        chart.add_snapshot(snapshot(step, generation=0))
    assert chart.history_length == 5
    chart.add_snapshot(snapshot(5, train_loss=0.25, generation=1))  # reset, and the first frame is already at 5
    assert chart.history_length == 1
    wait_drawn(qtbot, chart, [5])
    assert chart.train_loss_curve.getData()[1].tolist() == [0.25]

    chart.add_snapshot(snapshot(6, generation=1))
    chart.add_snapshot(snapshot(7, generation=1))
    chart.add_snapshot(snapshot(3, train_loss=0.125, generation=1))  # same generation, but back in time
    assert chart.history_length == 1
    wait_drawn(qtbot, chart, [3])
    assert chart.train_loss_curve.getData()[1].tolist() == [0.125]
    assert chart.loss_plot.viewRange()[0][0] == pytest.approx(3)


def test_a_repeated_step_adds_and_replaces_nothing(qtbot, chart):
    chart.add_snapshot(snapshot(0, train_loss=0.9))
    chart.add_snapshot(snapshot(10, train_loss=0.5))
    chart.add_snapshot(snapshot(10, train_loss=0.1))  # the same frame again, while paused
    assert chart.history_length == 2
    wait_drawn(qtbot, chart, [0, 10])
    assert chart.train_loss_curve.getData()[1].tolist() == [0.9, 0.5]


def test_the_exact_figures_of_a_paused_frame_replace_the_estimate_at_that_step(qtbot, chart):
    """While training a big case the figures are estimated on a sample; where training paused, the frame that
    measured every point takes the estimate's place (and a later estimate at that step does not undo it)."""
    sampled = {"sample_size": 10_000, "data_size": 100_000}
    chart.add_metrics(0, Metrics(step=0, train_loss=0.9, test_loss=1.0, train_accuracy=0.5, test_accuracy=0.4))
    chart.add_metrics(0, Metrics(step=10, train_loss=0.5, test_loss=0.6, train_accuracy=0.8, test_accuracy=0.7,
                                 **sampled))
    chart.add_metrics(0, Metrics(step=10, train_loss=0.52, test_loss=0.61, train_accuracy=0.79, test_accuracy=0.69))
    chart.add_metrics(0, Metrics(step=10, train_loss=0.1, test_loss=0.1, train_accuracy=0.1, test_accuracy=0.1,
                                 **sampled))
    assert chart.history_length == 2
    wait_drawn(qtbot, chart, [0, 10])
    assert chart.train_loss_curve.getData()[1].tolist() == [0.9, 0.52]
    assert chart.history().test_accuracy == (0.4, 0.69)
    assert chart.history().train_loss == (0.9, 0.52)


def test_clear_empties_the_chart_and_the_next_frame_starts_afresh(qtbot, chart):
    for step in range(3):
        chart.add_snapshot(snapshot(step))
    wait_drawn(qtbot, chart, [0, 1, 2])
    chart.clear()
    assert chart.history_length == 0
    wait_drawn(qtbot, chart, [])
    chart.add_snapshot(snapshot(2))  # the step last seen before clearing is a new point now
    assert chart.history_length == 1
    wait_drawn(qtbot, chart, [2])


@pytest.mark.filterwarnings("error")
def test_missing_test_metrics_leave_gaps(qtbot, chart):
    # No test points yet for the first frames, and none again at step 4.
    test_losses = [NAN, NAN, NAN, 0.5, NAN, 0.4]
    for step, test_loss in enumerate(test_losses[:3]):
        chart.add_snapshot(snapshot(step, test_loss=test_loss, test_accuracy=test_loss))
    wait_drawn(qtbot, chart, [0, 1, 2])
    chart.grab()  # paints a test curve with nothing to draw
    for step, test_loss in enumerate(test_losses[3:], start=3):
        chart.add_snapshot(snapshot(step, test_loss=test_loss, test_accuracy=test_loss))
    wait_drawn(qtbot, chart, [0, 1, 2, 3, 4, 5])
    chart.grab()

    gaps = np.isnan(test_losses)
    assert np.isnan(chart.test_loss_curve.getData()[1]).tolist() == gaps.tolist()
    assert np.isnan(chart.test_accuracy_curve.getData()[1]).tolist() == gaps.tolist()
    assert np.isfinite(chart.train_loss_curve.getData()[1]).all()
    assert chart.test_loss_curve.opts["connect"] == "finite"  # a gap in the line, not a jump across it
    assert np.isfinite(chart.loss_plot.viewRange()).all()


def test_log_scale_checkbox_switches_the_loss_axis_even_with_zero_losses(qtbot, chart):
    losses = [0.7, 0.2, 0.0, 1e-3, -1e-9, NAN, math.inf, 0.05]  # zero, negative, missing and diverged values
    for step, loss in enumerate(losses):
        chart.add_snapshot(snapshot(step * 100, train_loss=loss, test_loss=loss))
    steps = [100.0 * i for i in range(len(losses))]
    wait_drawn(qtbot, chart, steps)
    axis = chart.loss_plot.getAxis("left")
    assert not axis.logMode
    steps_axis = chart.loss_plot.viewRange()[0]
    assert steps_axis[0] == 0 and steps_axis[1] >= 700

    qtbot.mouseClick(chart.log_scale_checkbox, Qt.MouseButton.LeftButton)
    assert chart.log_scale_checkbox.isChecked()
    assert axis.logMode
    assert not chart.accuracy_plot.getAxis("left").logMode
    _, shown = chart.train_loss_curve.getData()  # in log mode, the curve holds log10 of what it draws
    expected = np.log10([0.7, 0.2, LOG_FLOOR, 1e-3, LOG_FLOOR, NAN, NAN, 0.05])
    np.testing.assert_allclose(shown, expected)
    low, high = chart.loss_plot.viewRange()[1]
    assert math.isfinite(low) and math.isfinite(high)
    assert low <= math.log10(LOG_FLOOR) and high >= math.log10(0.7)
    assert chart.loss_plot.viewRange()[0] == pytest.approx(steps_axis)  # the step axis is unchanged
    chart.grab()

    # Labels stay short on the log scale: whole decades when there are six of them on a short plot.
    values = axis.tickValues(-6.0, 0.0, 100)[0][1]
    assert axis.tickStrings(values, 1.0, 1.0) == ["10⁻⁶", "10⁻⁴", "0.01", "1"]

    qtbot.mouseClick(chart.log_scale_checkbox, Qt.MouseButton.LeftButton)
    assert not chart.log_scale_checkbox.isChecked()
    assert not axis.logMode
    _, shown = chart.train_loss_curve.getData()
    np.testing.assert_allclose(shown, [0.7, 0.2, LOG_FLOOR, 1e-3, LOG_FLOOR, NAN, NAN, 0.05])
    low, high = chart.loss_plot.viewRange()[1]
    assert low <= 0.0 and 0.7 <= high < 1.0
    chart.grab()


def test_a_short_stretch_late_in_a_run_gets_whole_readable_step_ticks(qtbot, chart):
    chart.resize(380, 200)
    chart.show()
    chart.add_snapshot(snapshot(3000))
    chart.refresh()
    assert chart.loss_plot.viewRange()[0] == pytest.approx([3000, 3010])  # not a span of a single step
    axis = chart.accuracy_plot.getAxis("bottom")  # the step axis, under both plots
    levels = axis.tickValues(3000, 3010, 300)
    assert levels and all(spacing >= 1 for spacing, _ in levels)
    spacing, values = levels[-1]
    labels = axis.tickStrings(values, 1.0, spacing)
    assert all("." not in label for label in labels) and "3,001" in labels
    assert axis.tickStrings([2500.0, 5000.0], 1.0, 2500.0) == ["2.5k", "5k"]  # long runs stay short


def test_an_opened_history_carries_on_with_the_loaded_weights_run_only(qtbot, chart):
    """A trained scenario's history (steps 0 to 40) joins the run of the weights loaded at step 40; the run of
    the network being rebuilt first (step 0) does not take it, and what the chart then gives back for a file
    is the history and the frames after it."""
    history = history_from_rows(([0, 20, 40], [0.9, 0.5, 0.3], [1.0, 0.6, 0.4], [0.5, 0.8, 0.9],
                                 [0.4, 0.7, NAN]))
    chart.add_snapshot(snapshot(7, generation=1))  # the work before the file was opened
    chart.go_on_from(history, 40)
    chart.add_snapshot(snapshot(0, generation=2))  # the rebuilt network, before the weights arrive
    assert chart.history_length == 1
    chart.add_snapshot(snapshot(40, 0.3, 0.4, 0.9, 0.75, generation=3))  # the loaded weights' first frame
    chart.add_snapshot(snapshot(41, 0.29, 0.39, 0.9, 0.76, generation=3))
    wait_drawn(qtbot, chart, [0, 20, 40, 41])
    kept = chart.history()
    assert kept.steps == (0, 20, 40, 41)
    assert kept.train_loss == (0.9, 0.5, 0.3, 0.29)  # the file's value at step 40 gives way to the frame's own
    assert kept.test_accuracy[:2] == (0.4, 0.7) and kept.test_accuracy[2:] == (0.75, 0.76)
    chart.add_snapshot(snapshot(0, generation=4))  # Reset: a new run starts its own history
    assert chart.history().steps == (0,)


def test_a_history_that_never_meets_its_weights_is_dropped(qtbot, chart):
    history = history_from_rows(([0, 20], [0.9, 0.5], [1.0, 0.6], [0.5, 0.8], [0.4, 0.7]))
    chart.go_on_from(history, 20)
    for generation in range(1, 5):  # runs from step 0 only (the weights never loaded): the history is not theirs
        chart.add_snapshot(snapshot(0, generation=generation))
    chart.add_snapshot(snapshot(25, generation=5))
    assert chart.history().steps == (25,)


def test_a_wider_chart_draws_its_curves_again_for_its_new_width(qtbot, chart):
    """The curves are drawn as each pixel column's samples (curve_columns.py): a chart made wider, paused, draws
    them again for its new columns."""
    chart.resize(300, 300)
    steps = np.arange(0, 300_000, 200)
    for step in steps.tolist():
        chart.add_snapshot(snapshot(step, *(0.5 + 0.4 * np.sin(step / 3000.0),) * 2))
    qtbot.waitUntil(lambda: not chart._refresh_pending, timeout=5000)  # (drawn, and nothing more to draw)
    narrow = int(chart.loss_plot.getViewBox().width())
    assert len(chart.train_loss_curve.getData()[0]) <= 4 * narrow < chart.history_length
    chart.resize(900, 300)
    qtbot.waitUntil(lambda: len(chart.train_loss_curve.getData()[0]) > 4 * narrow, timeout=5000)
    wide = int(chart.loss_plot.getViewBox().width())
    assert len(chart.train_loss_curve.getData()[0]) <= 4 * wide


def test_the_legend_draws_each_curves_stroke_at_the_zoom_and_in_the_palette(qtbot):
    """The legend's two strokes are drawn in the curves' own colours (dark grey and blue; black and Okabe and Ito's
    blue in high contrast) and grow with the zoom, as the curves' pens do."""
    from playground.gui.display import HIGH_CONTRAST, Display

    chart = LossChart()
    qtbot.addWidget(chart)
    display = Display()
    chart.set_display(display)

    def strokes() -> list[tuple[int, np.ndarray]]:
        """Each stroke's height in pixels and the colour (RGB) at its middle, as drawn."""
        found = []
        for sample in chart.legend._samples:
            image = sample.pixmap().toImage()
            middle = image.pixelColor(image.width() // 2, image.height() // 2)
            found.append((image.height(), np.array(middle.getRgb()[:3])))
        return found

    def pens() -> list[np.ndarray]:
        return [np.array(curve.opts["pen"].color().getRgb()[:3]) for curve in (chart.train_loss_curve,
                                                                                chart.test_loss_curve)]

    def near(drawn: list, wanted: list) -> bool:  # (within the antialiasing's rounding)
        return all(np.abs(a - b).max() <= 2 for a, b in zip(drawn, wanted, strict=True))

    plain = strokes()
    assert near([colour for _, colour in plain], pens())
    display.set_zoom(1.5)
    zoomed = strokes()
    assert all(big > small for (big, _), (small, _) in zip(zoomed, plain, strict=True))
    display.set_palette(HIGH_CONTRAST)
    contrast = [colour for _, colour in strokes()]
    assert near(contrast, pens()) and near(pens(), [np.array((0, 0, 0)), np.array((0, 0x72, 0xB2))])
    assert not near(contrast, [colour for _, colour in plain])
