"""Snapshot assembly: one frame for the views from a Trainer, with each piece of work done once.

A snapshot needs the network's output at three sets of points: the data set's points (the metrics, on the training
and test points, and which points are misclassified), the boundary map's 200 x 200 grid (the class probabilities
and, when a neuron is focused, that neuron's map) and the diagram's small 28 x 28 grid (every neuron's map). Each
set goes through the network once per snapshot, every layer's output kept where a view needs it:
- the data's points once, for the train and test metrics and the misclassified points together;
- the big grid once, in cache-sized blocks, giving the probabilities and the focused neuron's map;
- the diagram's grid once, giving every neuron's map.
The results are exactly what the network gives at those points called directly (tests compare them).
Networks of linear layers and elementwise activations (all the learner can build) take grid_pass.py's passes,
without module calls and with the grid's features kept between snapshots; others the module-by-module pass here.

While training (`live`), a big data set through a big network (ten layers of 64: one pass of 100,000 points
costs about half a second) has its metrics and mistakes estimated on a fixed stratified sample (METRICS_SAMPLE
points or fewer, see LIVE_DATA_WORK), the same every frame (hidden_sample.py), and a big network's pictures are
coarser (LIVE_GRID_WORK); a paused snapshot measures every point and draws every picture in full again.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import torch
from torch import nn

from .contour import zero_crossings
from .grid_pass import GridPass, finite, parameter_values, plain
from .hidden_sample import HiddenPoints
from .hidden_space import GRID_CELLS, HiddenFrame, HiddenSpaceError
from .network import Step
from .push_arrows import snapshot_pushes
from .snapshot import Metrics, NetworkPicture, Snapshot

DEFAULT_GRID = 200
PICTURE_SIZE = 28  # the diagram's neuron maps, cells along each side
# The most multiply-adds one boundary grid may take (cells times the network's weights); beyond it the grid has
# fewer cells, at least MIN_GRID along each side. Networks up to several layers of 32 keep the full grid.
GRID_WORK, MIN_GRID = 250_000_000, 64
# The boundary grid (40,000 points) goes through the network in blocks of this many points: each layer's
# values then stay in the CPU's cache, which on a laptop CPU more than halves the time of the pass.
GRID_BLOCK = 16384
# While training, the metrics of a data set whose pass costs more than DATA_WORK multiply-adds (points times the
# network's weights) are estimated on METRICS_SAMPLE of its points: 100,000 points through eight layers of 8 (and
# every smaller case) stay exact; through ten layers of 64 the pass costs a tenth.
DATA_WORK, METRICS_SAMPLE = 64_000_000, 10_000
# ... on fewer for a network so big that METRICS_SAMPLE points would cost more than LIVE_DATA_WORK (at least
# LIVE_MIN_SAMPLE: ten layers of 64 about 1,080); the hidden space then carries that sample, its points' pass giving
# the metrics too.
LIVE_DATA_WORK, LIVE_MIN_SAMPLE = 40_000_000, 1000
# While training, each picture of a big network's frame has at most this many multiply-adds (its points times the
# network's weights), so frames keep coming at least 30 times a second: the plane's grid (at least LIVE_MIN_GRID
# cells along each side), the hidden space's carried grid (vertices and cells: at least LIVE_MIN_CELLS cells along
# each side) and the diagram's neuron maps (at least LIVE_MIN_PICTURE). A paused frame has every picture in full.
# Ten layers of 64: 32 x 32 cells on the plane, 16 x 16 in the hidden space, maps of 14 x 14; the TF Playground's
# networks (and 8,8 or six layers of 8) keep every picture as it is.
LIVE_GRID_WORK, LIVE_MIN_GRID = 40_000_000, 32
LIVE_HIDDEN_WORK, LIVE_MIN_CELLS = 20_000_000, 12
LIVE_PICTURE_WORK, LIVE_MIN_PICTURE = 8_000_000, 12
# Modules that act on each value alone (in evaluation mode), so on values laid out either way.
ELEMENTWISE = (nn.Tanh, nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.GELU, nn.Identity, nn.Dropout, Step)


def grid_axes(bounds: tuple[float, float, float, float], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres along x and y of a size x size grid covering bounds."""
    xmin, xmax, ymin, ymax = bounds
    xs = xmin + (np.arange(size) + 0.5) * (xmax - xmin) / size
    ys = ymin + (np.arange(size) + 0.5) * (ymax - ymin) / size
    return xs, ys


def grid_points(bounds: tuple[float, float, float, float], size: int) -> np.ndarray:
    """(size * size, 2) float32 cell centres, row by row (y outer, x inner)."""
    xs, ys = grid_axes(bounds, size)
    gx, gy = np.meshgrid(xs, ys)
    return np.c_[gx.ravel(), gy.ravel()].astype(np.float32)


def decision_boundary(probabilities: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Segments where the most probable class changes."""
    n_classes = probabilities.shape[2]
    if n_classes == 2:
        return zero_crossings(probabilities[:, :, 1] - 0.5, xs, ys)
    pieces = []
    for c in range(n_classes):
        others = np.delete(probabilities, c, axis=2).max(axis=2)
        pieces.append(zero_crossings(probabilities[:, :, c] - others, xs, ys))
    return np.concatenate(pieces)


def _image(values: torch.Tensor, size: int) -> np.ndarray:
    """(points, neurons) over a size x size grid -> (neurons, size, size) float32."""
    return np.ascontiguousarray(values.T.reshape(-1, size, size).to("cpu", torch.float32).numpy())


def _float64(values: torch.Tensor) -> np.ndarray:
    """A fresh float64 NumPy copy of a parameter's values (on the CPU without a torch call per array)."""
    view = parameter_values(values)
    if view is not None:
        return view.astype(np.float64)
    return values.detach().to("cpu", torch.float64).numpy().copy()


class SnapshotMaker:
    """Makes the trainer's snapshots and their parts; keeps the points it sends through the network (the grids,
    the data set's points as a tensor) while the plane shown and the data stay the same."""

    def __init__(self, trainer) -> None:
        self.trainer = trainer
        self._grids: dict[tuple, torch.Tensor] = {}
        # (the data set, its points on the device, the indices of its training rows, of its test rows)
        self._points: tuple[object, torch.Tensor, torch.Tensor, torch.Tensor] | None = None
        self._bounds: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)  # the data's, with _points
        self._numpy_rows: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.intp), np.zeros(0, np.intp))  # and these
        self.hidden_points = HiddenPoints()  # the points the hidden space carries (a sample of a big data set)
        self.metric_points = HiddenPoints(METRICS_SAMPLE)  # the points live metrics are estimated on (when they are)
        # (the sample's indices, its points on the device, its training and test rows (torch, NumPy), their y, labels)
        self._sample: tuple | None = None
        # A big case's exact metrics and mistakes (paused frames), with what they were measured from: a change while
        # paused that leaves the network and the data as they were (a pan, a hidden layer chosen) reuses them.
        self._exact: tuple | None = None
        self._plain_model: tuple[nn.Module, bool, bool] | None = None  # (the model, its mode, plain)
        self._work: tuple[nn.Module, int] | None = None  # (the model, its weights: multiply-adds per grid cell)
        self._fast_grid = GridPass()  # the grid pass without module calls, for plain networks (grid_pass.py)
        self.fast_grid = True  # False: always the module-by-module pass (tests compare the two)

    def forget(self) -> None:
        """Drop the kept points (the device or the data changed)."""
        self._grids.clear()
        self._fast_grid.forget()
        self._points = None
        self._sample = None
        self._exact = None

    def _plain(self) -> bool:
        """grid_pass.plain for the trainer's model, kept with the model and its mode (its modules stay)."""
        model = self.trainer.model
        kept = self._plain_model
        if kept is None or kept[0] is not model or kept[1] != model.training:
            kept = self._plain_model = (model, model.training, plain(model))
        return kept[2]

    # ----- points sent through ------------------------------------------------------------------
    def grid_tensor(self, bounds: tuple[float, float, float, float], size: int) -> torch.Tensor:
        key = (bounds, size, str(self.trainer.device))
        if key not in self._grids:
            if len(self._grids) > 4:  # a zoom or pan makes new ones: keep only the recent few
                self._grids.clear()
            self._grids[key] = torch.as_tensor(grid_points(bounds, size), device=self.trainer.device)
        return self._grids[key]

    def data_tensor(self) -> torch.Tensor:
        """The data set's points (train and test, in the data set's order) on the trainer's device."""
        return self._data()[1]

    def _data(self) -> tuple[object, torch.Tensor, torch.Tensor, torch.Tensor]:
        trainer = self.trainer
        if self._points is None or self._points[0] is not trainer.dataset or \
                self._points[1].device != torch.device(trainer.device):
            dataset, to = trainer.dataset, {"device": trainer.device}
            points = torch.as_tensor(np.array(dataset.points), dtype=torch.float32, **to)
            # The rows as indices, not masks: picking 100,000 rows by a mask costs several times more.
            is_test = np.array(dataset.is_test, dtype=bool)
            self._numpy_rows = (np.flatnonzero(~is_test), np.flatnonzero(is_test))
            train_rows = torch.as_tensor(self._numpy_rows[0], **to)
            test_rows = torch.as_tensor(self._numpy_rows[1], **to)
            self._points = (dataset, points, train_rows, test_rows)
            self._bounds = dataset.bounds()
        return self._points

    def data_bounds(self) -> tuple[float, float, float, float]:
        """The data set's bounds (Dataset.bounds), kept with its points: of 100,000 points they cost a few ms."""
        self._data()
        return self._bounds

    def grid_size(self, live: bool = False) -> int:
        """The boundary grid's cells along each side: the trainer's, or fewer for a network so big that the full
        grid would take most of the time between frames (ten layers of 64: 200 x 200 cells cost about 160 ms
        on one core, 78 x 78 about a sixth of that), never fewer than MIN_GRID; `live` (a frame while training):
        see LIVE_GRID_WORK."""
        full = min(self.trainer.grid_size, self._cells_within(GRID_WORK, MIN_GRID))
        return min(full, self._cells_within(LIVE_GRID_WORK, LIVE_MIN_GRID)) if live else full

    def hidden_cells(self, live: bool = False) -> int:
        """The hidden space's carried grid, cells along each side (see LIVE_HIDDEN_WORK): its vertices and its
        cells' centres, about twice as many points as cells, go through the network."""
        if not live:
            return GRID_CELLS
        return min(GRID_CELLS, self._cells_within(LIVE_HIDDEN_WORK // 2, LIVE_MIN_CELLS))

    def picture_size(self, live: bool = False) -> int:
        """The diagram's neuron maps, cells along each side (see LIVE_PICTURE_WORK)."""
        return min(PICTURE_SIZE, self._cells_within(LIVE_PICTURE_WORK, LIVE_MIN_PICTURE)) if live else PICTURE_SIZE

    def _cells_within(self, work: int, least: int) -> int:
        """Cells along each side of a square grid whose pass through the network costs at most `work`
        multiply-adds, and at least `least`."""
        return max(least, math.isqrt(int(work // max(1, self.work_per_point()))))

    def work_per_point(self) -> int:
        """The multiply-adds of one point's pass through the network (its weights)."""
        model = self.trainer.model
        if self._work is None or self._work[0] is not model:  # (the layers' shapes change only with a new model)
            self._work = (model, sum(layer.weight.numel() for layer in self.trainer.linear_layers()))
        return self._work[1]

    def estimates(self) -> bool:
        """Whether a snapshot taken while training estimates the metrics on a sample (a data set of more than
        METRICS_SAMPLE points whose pass would cost more than DATA_WORK multiply-adds)."""
        n = len(self.trainer.dataset)
        return n > METRICS_SAMPLE and n * self.work_per_point() > DATA_WORK

    def live_sample(self) -> int:
        """How many points live metrics of a big case are estimated on (see LIVE_DATA_WORK)."""
        return max(LIVE_MIN_SAMPLE, min(METRICS_SAMPLE, LIVE_DATA_WORK // max(1, self.work_per_point())))

    def _metric_points(self) -> tuple[np.ndarray | None, np.ndarray]:
        """The sample live metrics are estimated on: (its indices, its points), as HiddenPoints.of gives them."""
        self.metric_points.limit = self.live_sample()
        return self.metric_points.of(self.trainer.dataset)

    def sample_index(self) -> np.ndarray | None:
        """The indices (sorted) of the points live metrics are estimated on; None when they use every point."""
        return self._metric_points()[0] if self.estimates() else None

    # ----- the network's values -----------------------------------------------------------------
    @torch.no_grad()
    def layer_outputs(self, points: torch.Tensor,
                      keep: set[int] | None = None) -> tuple[list[torch.Tensor | None], torch.Tensor]:
        """What every layer outputs at these points (the input features, each hidden layer after its activation,
        then the output: the probability of class 1, or of each class; a fit's predicted y), and the output
        values in full (every class's probability; a fit's y), from one pass. `keep`: the indices of the layers
        whose outputs are wanted (None: all); the others are None in the list.

        The hidden layers are computed with the points along the rows, (neurons, points): a narrow layer's
        product is then one wide matrix product, several times faster than (points, neurons) times a small
        matrix. The values are the network's to float32 rounding."""
        trainer = self.trainer
        if trainer.model.training:  # (eval() walks every module: not once per block)
            trainer.model.eval()
        normalise, layers = trainer.model[0], trainer.model[1]
        modules = list(layers)
        x = modules[0](normalise(points))  # the input features
        outputs: list[torch.Tensor | None] = [x if keep is None or 0 in keep else None]
        if all(isinstance(m, (nn.Linear, *ELEMENTWISE)) for m in modules[1:]):
            x = self._across(modules[1:], x.T.contiguous(), outputs, keep).T
        else:
            for module in modules[1:]:
                x = module(x)
                if not isinstance(module, nn.Linear | nn.Dropout):
                    outputs.append(x if keep is None or len(outputs) in keep else None)
        if trainer.is_fit:
            outputs.append(x)  # the predicted y (on the network's scale)
            return outputs, x
        if trainer.spec.perceptron:
            outputs.pop()  # the step after the last layer is the output itself, added below
        probabilities = trainer.probabilities_of(x)
        outputs.append(probabilities[:, 1:] if probabilities.shape[1] == 2 else probabilities)
        return outputs, probabilities

    @staticmethod
    def _across(modules: list[nn.Module], x: torch.Tensor, outputs: list, keep: set[int] | None) -> torch.Tensor:
        """The layers after the features on x laid out (neurons, points); each activation's output (points,
        neurons) appended to `outputs` where kept. Returns the last layer's output, (outputs, points)."""
        for module in modules:
            if isinstance(module, nn.Linear):
                x = torch.addmm(module.bias[:, None], module.weight, x)
            elif not isinstance(module, nn.Dropout):  # (evaluation mode: dropout passes its input on)
                x = x.tanh_() if isinstance(module, nn.Tanh) else module(x)  # (x is the product's: its own)
                outputs.append(x.T if keep is None or len(outputs) in keep else None)
        return x

    @torch.no_grad()
    def grid_pass(self, bounds: tuple[float, float, float, float], focus: tuple[int, int] | None = None,
                  probabilities: bool = True, live: bool = False) -> tuple[np.ndarray | None, np.ndarray | None]:
        """One pass of the boundary grid: the (H, W, C) class probabilities (when asked for) and the focused
        neuron's (H, W) map (None when none is focused, or it is gone). `live`: see grid_size."""
        trainer = self.trainer
        size = self.grid_size(live)
        if trainer.model.training:  # (eval() walks every module: only when the mode changes)
            trainer.model.eval()
        if (focus is not None or probabilities) and self.fast_grid and self._plain():
            key = (bounds, size, str(trainer.device))
            return self._fast_grid.run(trainer, self.grid_tensor(bounds, size), key, size, focus, probabilities)
        kept_probabilities, kept_focus = [], []
        focus_exists = focus is not None
        if focus_exists or probabilities:
            for block in self.grid_tensor(bounds, size).split(GRID_BLOCK):
                outputs, values = self.layer_outputs(block, {focus[0]} if focus_exists else set())
                if probabilities:
                    kept_probabilities.append(values)
                if focus_exists:
                    layer, neuron = focus
                    focus_exists = 0 <= layer < len(outputs) and 0 <= neuron < outputs[layer].shape[1]
                    if focus_exists:
                        kept_focus.append(outputs[layer][:, neuron])
        grid = focus_map = None
        if probabilities:
            grid = torch.cat(kept_probabilities).reshape(size, size, -1).to("cpu", torch.float32).numpy()
            grid = finite(grid, 0.5).astype(np.float32, copy=True)
        if focus_exists:
            focus_map = np.ascontiguousarray(torch.cat(kept_focus).reshape(size, size).to("cpu", torch.float32)
                                             .numpy())
        return grid, focus_map

    @torch.no_grad()
    def point_values(self, points: torch.Tensor | None = None) -> torch.Tensor:
        """The network's raw outputs at the data set's points (or these), in evaluation mode (one pass)."""
        trainer = self.trainer
        if points is None:
            points = self.data_tensor()
        if trainer.model.training:  # eval() walks every module: only when the mode changes (after autograd's steps)
            trainer.model.eval()
        if self.fast_grid and self._plain():
            return self._fast_grid.logits(trainer, points)
        return trainer.model(points)

    # ----- the parts ------------------------------------------------------------------------------
    @torch.no_grad()
    def metrics(self, logits: torch.Tensor | None = None, predicted: torch.Tensor | None = None) -> Metrics:
        """Loss and accuracy (a fit: R²) on the training and the test points, from the data's logits (and the
        class predicted for each point, when already known: see predicted_classes)."""
        trainer = self.trainer
        if logits is None:
            logits = self.point_values() if len(trainer.dataset) else None
        _, _, train_rows, test_rows = self._data()
        correct = None
        if predicted is not None and not trainer.is_fit:  # (NumPy: a few hundred values, torch's calls cost more)
            correct = predicted.to("cpu").numpy() == trainer.dataset.labels
        train_loss, train_accuracy = self._loss_and_accuracy(logits, train_rows, trainer._y_train, correct,
                                                             self._numpy_rows[0])
        test_loss, test_accuracy = self._loss_and_accuracy(logits, test_rows, trainer._y_test, correct,
                                                           self._numpy_rows[1])
        diverged = trainer.diverged or (not math.isfinite(train_loss) and trainer.n_train > 0)
        return Metrics(trainer.step_count, trainer.epoch, train_loss, test_loss, train_accuracy, test_accuracy,
                       diverged)

    def _sampled(self) -> tuple:
        """The metrics' sample as the passes need it, kept while the data set and the device stay."""
        trainer = self.trainer
        index, points = self._metric_points()
        kept = self._sample
        if kept is None or kept[0] is not index or kept[1].device != torch.device(trainer.device):
            dataset, to = trainer.dataset, {"device": trainer.device}
            is_test = np.asarray(dataset.is_test, bool)[index]
            rows = (np.flatnonzero(~is_test), np.flatnonzero(is_test))
            if trainer.is_fit:  # (as the trainer's targets: each point's y; or its class)
                y, labels = np.asarray(points, np.float32)[:, 1], None
                dtype = torch.float32
            else:
                y = labels = np.asarray(dataset.labels)[index]
                dtype = torch.int64
            kept = self._sample = (index, torch.as_tensor(np.asarray(points), dtype=torch.float32, **to),
                                   tuple(torch.as_tensor(r, **to) for r in rows), rows,
                                   tuple(torch.as_tensor(y[r], dtype=dtype, **to) for r in rows), labels)
        return kept

    @torch.no_grad()
    def estimated_metrics(self, logits: torch.Tensor | None = None) -> tuple[Metrics, np.ndarray | None]:
        """The metrics estimated on the fixed sample (metric_points), and the misclassified points as far as the
        sample tells: (N,) True for the sample's mistakes, False elsewhere (None when fitting a curve). `logits`:
        the sample's, when a pass already gave them (the hidden space's)."""
        trainer = self.trainer
        index, points, (train_rows, test_rows), numpy_rows, (y_train, y_test), labels = self._sampled()
        if logits is None:
            logits = self.point_values(points)
        predicted = self.predicted_classes(logits)
        correct = None if predicted is None else predicted.to("cpu").numpy() == labels
        train_loss, train_accuracy = self._loss_and_accuracy(logits, train_rows, y_train, correct, numpy_rows[0])
        test_loss, test_accuracy = self._loss_and_accuracy(logits, test_rows, y_test, correct, numpy_rows[1])
        diverged = trainer.diverged or (not math.isfinite(train_loss) and trainer.n_train > 0)
        n = len(trainer.dataset)
        wrong = None
        if correct is not None:
            wrong = np.zeros(n, bool)
            wrong[index] = ~correct
        return Metrics(trainer.step_count, trainer.epoch, train_loss, test_loss, train_accuracy, test_accuracy,
                       diverged, sample_size=len(index), data_size=n), wrong

    @torch.no_grad()
    def _exact_metrics(self) -> tuple[Metrics, np.ndarray | None]:
        """The metrics and mistakes on every point, measured again only when the network's weights, the data or
        the settings changed since they last were (for a big case one pass costs about half a second)."""
        trainer = self.trainer
        state = torch.cat([t.detach().reshape(-1).to("cpu", torch.float64)
                           for t in trainer.model.state_dict().values()]).numpy()
        same = (trainer.dataset, trainer.model)
        equal = (str(trainer.device), trainer.settings, trainer.spec, trainer.step_count, trainer.epoch,
                 trainer.diverged)
        kept = self._exact
        if kept is not None and all(a is b for a, b in zip(kept[0], same, strict=True)) and kept[1] == equal and \
                np.array_equal(kept[2], state):
            return kept[3], None if kept[4] is None else kept[4].copy()
        logits = self.point_values()
        predicted = self.predicted_classes(logits)
        metrics, wrong = self.metrics(logits, predicted), self.misclassified(logits, predicted)
        self._exact = (same, equal, state, metrics, wrong)
        return metrics, None if wrong is None else wrong.copy()

    def _loss_and_accuracy(self, logits: torch.Tensor | None, rows: torch.Tensor, y: torch.Tensor,
                           correct: np.ndarray | None = None, numpy_rows: np.ndarray | None = None
                           ) -> tuple[float, float]:
        """The loss on these rows, and the share of them classified right (from `correct`, every point's, where
        given: as torch's float32 mean of the matches would give it, the count over the rows in float32)."""
        if len(y) == 0 or logits is None:
            return float("nan"), float("nan")
        trainer = self.trainer
        if correct is not None and not trainer.is_fit:
            loss = float(trainer.loss_of(logits[rows], y))
            return loss, float(np.float32(np.count_nonzero(correct[numpy_rows])) / np.float32(len(numpy_rows)))
        logits = logits[rows]
        loss = float(trainer.loss_of(logits, y))
        if trainer.is_fit:  # in place of accuracy, R²: the share of y's variation the curve explains
            target = trainer._scaled_target(y)
            total = float(((target - target.mean()) ** 2).sum())
            residual = float(((logits[:, 0] - target) ** 2).sum())
            return loss, 1.0 - residual / total if len(y) > 1 and total > 0 else float("nan")
        accuracy = float((trainer.probabilities_of(logits).argmax(dim=1) == y).float().mean())
        return loss, accuracy

    @torch.no_grad()
    def predicted_classes(self, logits: torch.Tensor) -> torch.Tensor | None:
        """The class the network gives each data point, from the data's logits (None when fitting a curve)."""
        trainer = self.trainer
        if trainer.is_fit:
            return None
        if logits.shape[1] == 1:  # two classes: class 1 where its probability p beats 1 - p, i.e. p > 1/2
            p1 = logits[:, 0] if trainer.spec.perceptron else torch.sigmoid(logits[:, 0])
            return (p1 > 0.5).long()
        return trainer.probabilities_of(logits).argmax(dim=1)

    @torch.no_grad()
    def misclassified(self, logits: torch.Tensor | None = None,
                      predicted: torch.Tensor | None = None) -> np.ndarray | None:
        """(N,) True for each data point the network puts in the wrong class (None when fitting a curve)."""
        trainer = self.trainer
        if trainer.is_fit or len(trainer.dataset) == 0:
            return None
        if predicted is None:
            predicted = self.predicted_classes(self.point_values() if logits is None else logits)
        return predicted.to("cpu").numpy() != trainer.dataset.labels

    @torch.no_grad()
    def network_picture(self, bounds: tuple[float, float, float, float], size: int = PICTURE_SIZE) -> NetworkPicture:
        """Every neuron's output over a coarse grid of the plane, and the weights, for the network diagram."""
        trainer = self.trainer
        if trainer.model.training:
            trainer.model.eval()
        if self.fast_grid and self._plain():  # (grid_pass.py: without module calls)
            maps = self._fast_grid.maps(trainer, self.grid_tensor(bounds, size), (bounds, size, str(trainer.device)),
                                        size)
        else:
            maps = tuple(_image(m, size) for m in self.layer_outputs(self.grid_tensor(bounds, size))[0])
        linear = trainer.linear_layers()
        weights, biases = [_float64(layer.weight) for layer in linear], [_float64(layer.bias) for layer in linear]
        data_units = trainer._raw_inputs()
        if data_units:
            weights[0], biases[0] = trainer._to_data_units(weights[0], biases[0])
        return NetworkPicture(
            maps=maps,
            weights=tuple(w.astype(np.float32) for w in weights), biases=tuple(b.astype(np.float32) for b in biases),
            feature_names=trainer.spec.features, activations=trainer.spec.activations, data_units=data_units,
            task=trainer.spec.task, bounds=tuple(float(v) for v in bounds),
        )

    def pushes(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """With the arrows on, where gradient descent pushes each point on the plane and in the hidden layer asked
        for (push_arrows.snapshot_pushes)."""
        return snapshot_pushes(self.trainer)

    def hidden_frame(self, morph: bool = False, pushes: np.ndarray | None = None,
                     live: bool = False) -> tuple[HiddenFrame | None, str]:
        """The chosen hidden layer's picture (None when none is asked for), or why there is none; with the
        morph's stages when the request or `morph` asks for them. `pushes`: the arrows in that layer's space.
        `live`: a frame while training (see hidden_cells; a big case's hidden space carries the live metrics'
        sample, and its pass leaves their logits in the tracker's point_outputs)."""
        trainer = self.trainer
        request = trainer.hidden_request
        trainer._hidden.point_outputs = None
        if request is None:
            return None, ""
        if morph and not request.morph:
            request = replace(request, morph=True)
        if trainer.model.training:
            trainer.model.eval()
        shared = live and self.estimates()
        index, points = self._metric_points() if shared else self.hidden_points.of(trainer.dataset)
        if pushes is not None and index is not None:
            pushes = pushes[index]
        try:
            plan = self._fast_grid.plan(trainer.model) if self.fast_grid and self._plain() else None
            frame = trainer._hidden.frame(trainer.model, trainer.spec.hidden, trainer.spec.activations,
                                          trainer.view_bounds or self.data_bounds(), points,
                                          request, trainer._output_values, pushes, plan, self.hidden_cells(live),
                                          point_outputs=shared)
        except HiddenSpaceError as error:
            return None, str(error)
        except np.linalg.LinAlgError:  # a cloud PCA cannot take apart: say so rather than stop training
            return None, "the layer's values cannot be drawn right now"
        if index is not None:  # (with the sample's own classes: its points are not the data set's)
            frame = replace(frame, point_index=index, data_size=len(trainer.dataset)).with_classes(
                trainer.dataset.labels, trainer.dataset.is_test, -1)
        return frame, ""

    # ----- the whole frame ----------------------------------------------------------------------
    def snapshot(self, steps_per_second: float = 0.0, morph: bool = False, live: bool = False) -> Snapshot:
        """One frame for the views. `morph`: include the hidden layer's morph stages even if the request
        leaves them out (when training is paused they cost nothing that matters, and the morph is ready).
        `live`: a frame while training: a big case's metrics may be estimated on a sample (see estimates), and a
        big network's pictures drawn coarser (see LIVE_GRID_WORK)."""
        self._fast_grid.hold(True)  # the weights stay as they are during the snapshot: one plan for every pass
        try:
            return self._snapshot(steps_per_second, morph, live)
        finally:
            self._fast_grid.hold(False)

    def snapshot_of(self, view, steps_per_second: float = 0.0, morph: bool = False, live: bool = False) -> Snapshot:
        """snapshot, of `view` (a frozen copy of the trainer: Trainer.frozen_snapshot) in place of the trainer."""
        trainer, self.trainer = self.trainer, view
        try:
            return self.snapshot(steps_per_second, morph, live)
        finally:
            self.trainer = trainer

    def _snapshot(self, steps_per_second: float, morph: bool, live: bool) -> Snapshot:
        trainer = self.trainer
        bounds = trainer.view_bounds or self.data_bounds()
        big = self.estimates()
        plane_arrows, hidden_pushes = self.pushes()
        hidden, hidden_note = self.hidden_frame(morph, hidden_pushes, live)
        if live and big:  # (from the hidden space's pass over the same sample, where it made one)
            metrics, wrong = self.estimated_metrics(trainer._hidden.point_outputs)
        elif big:
            metrics, wrong = self._exact_metrics()
        else:
            logits = self.point_values() if len(trainer.dataset) else None
            predicted = self.predicted_classes(logits) if logits is not None else None  # once, for both below
            metrics, wrong = self.metrics(logits, predicted), self.misclassified(logits, predicted)
        grid, focus_map = self.grid_pass(bounds, trainer.focus, probabilities=not trainer.is_fit, live=live)
        if trainer.is_fit:
            grid, segments = np.zeros((0, 0, 1), np.float32), np.zeros((0, 2, 2), np.float32)
            curve, line = trainer.fit_curve(bounds), trainer.fit_line()
        else:
            xs, ys = grid_axes(bounds, grid.shape[0])
            segments, curve, line = decision_boundary(grid, xs, ys), None, None
        landscape, landscape_note = trainer.landscape_frame(fine=morph)
        return Snapshot(
            landscape=landscape,
            landscape_note=landscape_note,
            hidden=hidden,
            hidden_note=hidden_note,
            misclassified=wrong,
            task=trainer.spec.task,
            fit_curve=curve,
            fit_line=line,
            plane_arrows=plane_arrows,
            focus=trainer.focus if focus_map is not None else None,
            focus_map=focus_map,
            metrics=metrics,
            device=trainer.device_text,
            steps_per_second=steps_per_second,
            probabilities=grid,
            bounds=bounds,
            boundary_segments=segments,
            generation=trainer.generation,
            message=trainer.divergence_message or trainer.notice,
            network=self.network_picture(bounds, self.picture_size(live)),
        )
