"""The loss landscape of a one-neuron network, computed in the training process (see landscape_frames.py for the
frame the window draws).

- The surface: the optimiser's objective (the training points' loss, plus the L1/L2 penalty when there is one)
  for every cell of a grid over two of the neuron's parameters, in the data's units, the others held: one batched
  tensor product for all cells, no loop over them. It is recomputed when the data, the loss, the penalty or the
  plane change, when the current point leaves it, or (classifier) when the held parameter has moved; not per frame.
- The path: the optimiser's real parameters after each step, copied by `PathRecorder` inside the Trainer's step
  loop (thinned to every 2nd, 4th... step when long), starting again wherever the weights are set from outside.
- The descent arrow: minus autograd's gradient of the same objective in the network's own parameters, carried into
  the data's units: exactly where a plain gradient-descent step (learning rate 1) goes from the current point.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import torch
import torch.nn.functional as F

from .landscape_frames import (
    KINDS,
    SLICE_KINDS,
    LandscapeFrame,
    LandscapeRequest,
    RacePath,
    parameter_names,
    parameter_title,
    why_no_landscape,
)
from .landscape_race import RaceTracker
from .landscape_surface import cell_centres, grid_minimum, surface_picture
from .slice_landscape import SliceTracker

PATH_CAPACITY = 2048  # points kept; beyond, every other one is dropped and the stride doubles
CELLS_PER_BLOCK = 2_000_000  # points x cells evaluated at once (memory)
GRID_WORK = 2_400_000  # points x cells for one surface: the grid is coarser (down to 32 x 32) for many points
EXACT_WORK = 600_000  # up to this many points x cells the surface is computed in float64, beyond in float32
HELD_REFRESH_SECONDS = 0.15  # while the held parameter moves (training), the surface follows at most this often
HELD_REFRESH_SHARE = 0.1  # ... and takes at most about this share of the training process's time
BUSY_RACE_SECONDS, PAUSED_RACE_SECONDS = 0.02, 0.25  # a comparison's work per snapshot, training or paused
INNER = 0.1  # the current point must stay this share of the range away from the edges, else the range is redrawn


class PathRecorder:
    """The weights it follows (one neuron's weights then bias, or all of a network's, flattened, in the network's
    units) after each optimisation step."""

    def __init__(self, capacity: int = PATH_CAPACITY) -> None:
        self.capacity = capacity
        self._sources: list[torch.Tensor] = []
        self._buffer: torch.Tensor | None = None
        self._steps = np.zeros(capacity, np.int64)
        self._count = 0
        self._stride = 1
        self._since = 0

    def follows(self, sources: list[torch.Tensor]) -> bool:
        """Whether it records these very tensors."""
        return len(sources) == len(self._sources) and all(a is b for a, b in zip(sources, self._sources, strict=True))

    def restart(self, sources: list[torch.Tensor], step: int) -> None:
        """The weights were set from outside (reset, typed, clicked, loaded, rolled back), or other weights are to
        be followed: a new path from here."""
        self._sources = list(sources)
        self._count, self._stride, self._since = 0, 1, 0
        self._append(step)

    def record(self, step: int) -> None:
        """After the optimiser's step number `step` (called from the Trainer's step loop)."""
        self._since += 1
        if self._since >= self._stride:
            self._since = 0
            self._append(step)

    def _append(self, step: int) -> None:
        sources = self._sources
        width = sum(t.numel() for t in sources)
        device = sources[0].device
        buffer = self._buffer
        if buffer is None or buffer.shape[1] != width or buffer.device != device:
            buffer = self._buffer = torch.empty((self.capacity, width), dtype=torch.float32, device=device)
            self._steps = np.zeros(self.capacity, np.int64)
            self._count = 0
        if self._count == self.capacity:  # keep every other point (the first included), record half as often
            kept = buffer[0::2].clone()
            buffer[:len(kept)] = kept
            self._steps[:len(kept)] = self._steps[0::2]
            self._count, self._stride = len(kept), self._stride * 2
        row, start = buffer[self._count], 0
        with torch.no_grad():
            for tensor in sources:
                row[start:start + tensor.numel()] = tensor.detach().reshape(-1)
                start += tensor.numel()
        self._steps[self._count] = step
        self._count += 1

    def clear(self) -> None:
        self._count, self._stride, self._since = 0, 1, 0

    def __len__(self) -> int:
        return self._count

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """(K, P) float64 parameters in the network's units and (K,) steps, fresh copies."""
        if self._buffer is None or not self._count:
            return np.zeros((0, 0)), np.zeros(0, np.int64)
        values = self._buffer[:self._count].to("cpu", torch.float64).numpy().copy()
        return values, self._steps[:self._count].copy()


def candidate_losses(logits: torch.Tensor, target: torch.Tensor, task: str, loss: str,
                     perceptron: bool) -> torch.Tensor:
    """The data loss of each candidate: `logits` (N, K), one column per candidate's output on the N training points,
    `target` (N,) (the scaled y of a curve, or the class 0/1); the Trainer's `loss_of` for each column."""
    if task == "fit":
        return ((logits - target[:, None]) ** 2).mean(dim=0)
    y = target[:, None].to(logits.dtype)
    if perceptron:  # outputs 0 or 1: the probability of class 1 is the output itself
        p1 = (logits > 0).to(logits.dtype)
        if loss == "cross-entropy":
            p1 = p1.clamp(1e-6, 1 - 1e-6)  # as the Trainer clamps both classes' probabilities
            return -(y * p1.log() + (1 - y) * (1 - p1).log()).mean(dim=0)
        return ((p1 - y) ** 2).mean(dim=0)  # 0.5 * ((p0 - t0)² + (p1 - t1)²) with two classes
    if loss == "cross-entropy":
        return F.binary_cross_entropy_with_logits(logits, y.expand_as(logits), reduction="none").mean(dim=0)
    return ((torch.sigmoid(logits) - y) ** 2).mean(dim=0)


class LandscapeTracker:
    """Keeps the path and the surface for one Trainer, and makes its LandscapeFrames."""

    def __init__(self) -> None:
        self.recorder = PathRecorder()
        self.recording = False  # a landscape is asked for and can be drawn: the step loop records the path
        self._surface: dict | None = None
        self._surface_id = 0
        self._cpu_data: tuple[object, torch.Tensor, torch.Tensor] | None = None
        self._slice = SliceTracker()
        self._race = RaceTracker()
        self._kind = "weights"

    @property
    def pending(self) -> bool:
        """Work on the picture is left (a finer slice, a comparison): the training process should come back soon."""
        return self.recording and (self._slice.pending or self._race.busy)

    # ----- the path -----------------------------------------------------------------------------
    def _sources(self, trainer) -> list[torch.Tensor]:
        """What the path records: the neuron's weight and bias, or every parameter for a slice."""
        if self._kind in SLICE_KINDS:
            return list(trainer.model.parameters())
        layer = trainer.linear_layers()[0]
        return [layer.weight, layer.bias]

    def moved(self, trainer) -> None:
        """The trainer's weights were set from outside the optimiser: the path starts again there."""
        if self.recording:
            self.recorder.restart(self._sources(trainer), trainer.step_count)

    def stop(self) -> None:
        self.recording = False
        self.recorder.clear()
        self._surface = None
        self._slice.forget()
        self._race.forget()

    # ----- the frame ----------------------------------------------------------------------------
    def frame(self, trainer, request: LandscapeRequest | None, fine: bool = True) -> tuple[LandscapeFrame | None, str]:
        """The landscape for the trainer's network now (None and why not, when it cannot be drawn). `fine`: training
        is paused, so a slice may take more time for a finer grid (and a comparison for its runs)."""
        if request is None:
            self.stop()
            return None, ""
        kind = request.kind if request.kind in KINDS else "weights"
        note = why_no_landscape(trainer.spec) if kind == "weights" else ""
        if note:
            self.stop()
            return None, note
        if kind != self._kind:
            self.stop()
            self._kind = kind
        sources = self._sources(trainer)
        if not self.recording or not len(self.recorder) or not self.recorder.follows(sources):
            self.recording = True
            self.recorder.restart(sources, trainer.step_count)
        self._race.update(trainer, request, PAUSED_RACE_SECONDS if fine else BUSY_RACE_SECONDS)
        if kind in SLICE_KINDS:
            path, steps = self.recorder.points()
            frame, note = self._slice.frame(trainer, request, path, steps, self._race.runs, fine)
        else:
            frame, note = self._exact_frame(trainer, request)
        if frame is not None and (self._race.note or self._race.busy):
            frame = replace(frame, race_note=self._race.note or
                            f"Comparing the optimisers… {100 * self._race.progress:.0f}%")
        return frame, note

    def _exact_frame(self, trainer, request: LandscapeRequest) -> tuple[LandscapeFrame | None, str]:
        names = parameter_names(trainer.spec)
        plane = request.plane
        if len(set(plane)) != 2 or not all(0 <= i < len(names) for i in plane):
            plane = (0, 1)
        layer = trainer.linear_layers()[0]
        theta = np.r_[layer.weight.detach().to("cpu", torch.float64).numpy().ravel(),
                      layer.bias.detach().to("cpu", torch.float64).numpy()]
        if not np.isfinite(theta).all():
            return None, "The weights are not ordinary numbers right now, so the landscape cannot be drawn."
        phi = self._to_data(trainer, theta[None])[0]
        path, steps = self.recorder.points()
        if len(path) == 0 or steps[-1] != trainer.step_count or not np.allclose(path[-1], theta, rtol=0, atol=1e-7):
            path, steps = np.vstack([path.reshape(-1, len(theta)), theta]), np.r_[steps, trainer.step_count]
        path_data = self._to_data(trainer, path)[:, plane]
        race = tuple(RacePath(name, np.ascontiguousarray(self._to_data(trainer, run.weights)[:, plane], np.float32),
                              run.objective, run.diverged) for name, run in (self._race.runs or {}).items())
        # The range holds the compared paths too, as far as they go downhill (a run blowing up is left to leave it).
        keep_in = [r.path[np.isfinite(r.objective) & (r.objective <= 1.5 * r.objective[0] + 1e-9)] for r in race]
        surface = self._surface_for(trainer, plane, phi, path_data[0],
                                    np.vstack(keep_in) if keep_in else np.zeros((0, 2)))
        gradient = self._gradient(trainer)
        descent = self._to_data(trainer, (theta - gradient)[None])[0] - phi
        held = None
        if len(names) == 3:
            other = ({0, 1, 2} - set(plane)).pop()
            held = (names[other], float(phi[other]))
        current_loss = float(self._losses(trainer, theta[None])[0])
        titles = tuple(self._title(trainer, names, i) for i in plane)
        return LandscapeFrame(
            names=(names[plane[0]], names[plane[1]]), titles=titles, plane=plane, bounds=surface["bounds"],
            loss=surface["loss"], shade=surface["shade"], contours=surface["contours"],
            contour_levels=surface["levels"], path=np.ascontiguousarray(path_data, np.float32),
            path_steps=np.ascontiguousarray(steps, np.int64), current=(float(phi[plane[0]]), float(phi[plane[1]])),
            current_loss=current_loss, descent=(float(descent[plane[0]]), float(descent[plane[1]])),
            learning_rate=float(trainer.settings.learning_rate), minimum=surface["minimum"],
            minimum_loss=surface["minimum_loss"], held=held, surface_id=surface["id"],
            regularised=trainer.settings.regularization != "none" and trainer.settings.reg_rate > 0,
            task=trainer.spec.task, race=race), ""

    @staticmethod
    def _title(trainer, names: tuple[str, ...], index: int) -> str:
        feature = ""
        if index < len(trainer.spec.features):
            column = 0 if trainer.spec.features[index] == "x1" else 1
            feature = trainer.dataset.feature_names[column]
        return parameter_title(names[index], trainer.spec.task, feature)

    # ----- units --------------------------------------------------------------------------------
    @staticmethod
    def _to_data(trainer, theta: np.ndarray) -> np.ndarray:
        """(M, P) parameters in the network's units -> the data's units (the diagram's weights, a and b)."""
        w, b = trainer._to_data_units(theta[:, :-1], theta[:, -1])
        return np.c_[w, b]

    @staticmethod
    def _from_data(trainer, phi: np.ndarray) -> np.ndarray:
        w, b = trainer._from_data_units(phi[:, :-1], phi[:, -1])
        return np.c_[w, b]

    # ----- the loss -----------------------------------------------------------------------------
    def _training_data(self, trainer) -> tuple[torch.Tensor, torch.Tensor]:
        """The training points' features (N, P-1) as the neuron sees them, and the targets, in float64 on the CPU."""
        if self._cpu_data is None or self._cpu_data[0] is not trainer.dataset:
            normalise, features = trainer.model[0], trainer.model[1][0]
            x = trainer._x_train.to("cpu", torch.float64)
            centre, scale = normalise.centre.to("cpu", torch.float64), normalise.scale.to("cpu", torch.float64)
            with torch.no_grad():
                inputs = features((x - centre) / scale)
            y = trainer._y_train.to("cpu")
            target = (y.to(torch.float64) - centre[1]) / scale[1] if trainer.is_fit else y
            self._cpu_data = (trainer.dataset, inputs, target)
        return self._cpu_data[1], self._cpu_data[2]

    def _losses(self, trainer, theta: np.ndarray) -> np.ndarray:
        """The optimiser's objective for each row of (K, P) parameters in the network's units."""
        inputs, target = self._training_data(trainer)
        if len(target) == 0:
            return np.full(len(theta), np.nan)
        settings, spec = trainer.settings, trainer.spec
        dtype = torch.float64 if len(target) * len(theta) <= EXACT_WORK else torch.float32
        inputs = inputs.to(dtype)
        target = target.to(dtype) if trainer.is_fit else target
        params = torch.as_tensor(theta, dtype=dtype)
        block = max(1, CELLS_PER_BLOCK // max(1, len(target)))
        losses = []
        with torch.no_grad():
            for part in params.split(block):
                logits = inputs @ part[:, :-1].T + part[:, -1]
                losses.append(candidate_losses(logits, target, spec.task, settings.loss, spec.perceptron))
            total = torch.cat(losses)
            weights = params[:, :-1]
            if settings.regularization == "l1" and settings.reg_rate > 0:
                total = total + settings.reg_rate * weights.abs().sum(dim=1)
            elif settings.regularization == "l2" and settings.reg_rate > 0:
                total = total + settings.reg_rate * 0.5 * (weights * weights).sum(dim=1)
        return total.to(torch.float64).numpy()

    @staticmethod
    def _gradient(trainer) -> np.ndarray:
        """Autograd's gradient of the objective (all training points, penalty included) at the weights now."""
        layer = trainer.linear_layers()[0]
        trainer.model.eval()
        with torch.enable_grad():
            loss = trainer.loss_of(trainer.model(trainer._x_train), trainer._y_train) + trainer.penalty()
            if not loss.requires_grad:  # a perceptron's step: no slope anywhere
                return np.zeros(layer.weight.numel() + layer.bias.numel())
            dw, db = torch.autograd.grad(loss, [layer.weight, layer.bias], allow_unused=True)
        parts = [torch.zeros_like(p) if g is None else g for g, p in ((dw, layer.weight), (db, layer.bias))]
        return np.r_[parts[0].detach().to("cpu", torch.float64).numpy().ravel(),
                     parts[1].detach().to("cpu", torch.float64).numpy()]

    def least_squares(self, trainer) -> np.ndarray | None:
        """A line fit's exact best (a, b) (without a penalty: with one, the grid's own lowest point)."""
        points = trainer.dataset.train_points.astype(np.float64)
        if not trainer.is_fit or len(points) < 2 or np.ptp(points[:, 0]) == 0:
            return None
        design = np.c_[points[:, 0], np.ones(len(points))]
        return np.linalg.lstsq(design, points[:, 1], rcond=None)[0]

    # ----- the surface --------------------------------------------------------------------------
    def _surface_for(self, trainer, plane: tuple[int, int], phi: np.ndarray, start: np.ndarray,
                     extra: np.ndarray) -> dict:
        """The surface over a range holding the current point (and `extra` (M, 2) points, the compared paths),
        computed again only when needed."""
        settings = trainer.settings
        key = (trainer.spec, settings.loss, settings.regularization, settings.reg_rate, plane)
        surface = self._surface
        now = time.perf_counter()
        if surface is not None and surface["dataset"] is trainer.dataset and surface["key"] == key:
            xmin, xmax, ymin, ymax = surface["bounds"]
            points = np.vstack([phi[list(plane)][None], extra])
            mx, my = INNER * (xmax - xmin), INNER * (ymax - ymin)
            inside = bool(((points[:, 0] >= xmin + mx) & (points[:, 0] <= xmax - mx)
                           & (points[:, 1] >= ymin + my) & (points[:, 1] <= ymax - my)).all())
            held_same = np.allclose(surface["phi"][surface["held"]], phi[surface["held"]], rtol=1e-4, atol=1e-6)
            wait = max(HELD_REFRESH_SECONDS, surface["cost"] / HELD_REFRESH_SHARE)
            if inside and (held_same or now - surface["time"] < wait):
                return surface
            if inside:  # only the held parameter moved: the same range, the loss again
                self._surface = self._compute(trainer, plane, phi, surface["bounds"], key, now)
                return self._surface
        self._surface = self._compute(trainer, plane, phi, self._range(trainer, plane, phi, start, extra), key, now)
        return self._surface

    def _range(self, trainer, plane: tuple[int, int], phi: np.ndarray, start: np.ndarray, extra: np.ndarray) -> tuple:
        """A range holding the current point, the path's start and the best point (a line fit's least squares; for
        a classifier, zero weights), with a margin, as wide in the network's own units along both axes (so a
        gradient step looks as it is: across the contour lines when the data is centred)."""
        theta = self._from_data(trainer, phi[None])[0]
        units = np.empty(2)
        for k, i in enumerate(plane):
            nudged = theta.copy()
            nudged[i] += 1.0
            units[k] = abs(self._to_data(trainer, nudged[None])[0][i] - phi[i]) or 1.0
        best = self.least_squares(trainer)
        anchor = best[list(plane)] if best is not None else np.zeros(2)
        points = np.vstack([phi[list(plane)], start, anchor, extra]) / units
        lo, hi = points.min(axis=0), points.max(axis=0)
        half = max(float((hi - lo).max()) / 2, 1e-3)
        half = half + max(0.6, 0.3 * half)
        centre = (lo + hi) / 2
        xs = (centre[0] - half) * units[0], (centre[0] + half) * units[0]
        ys = (centre[1] - half) * units[1], (centre[1] + half) * units[1]
        return (float(xs[0]), float(xs[1]), float(ys[0]), float(ys[1]))

    def _compute(self, trainer, plane: tuple[int, int], phi: np.ndarray, bounds: tuple, key: tuple,
                 now: float) -> dict:
        n = len(trainer.dataset.train_points)
        size = int(np.clip(np.sqrt(GRID_WORK / max(n, 1)), 32, 96))
        xs, ys = cell_centres(bounds, size)
        gx, gy = np.meshgrid(xs, ys)
        cells = np.repeat(phi[None], size * size, axis=0)
        cells[:, plane[0]], cells[:, plane[1]] = gx.ravel(), gy.ravel()
        loss = self._losses(trainer, self._from_data(trainer, cells)).reshape(size, size)
        loss = np.where(np.isfinite(loss), loss, np.nanmax(np.where(np.isfinite(loss), loss, -np.inf)))
        low = float(loss.min())
        minimum, minimum_loss = None, float("nan")
        best = self.least_squares(trainer) if settings_plain(trainer) else None
        if best is not None:
            minimum = (float(best[plane[0]]), float(best[plane[1]]))
            full = phi.copy()
            full[list(plane)] = minimum
            minimum_loss = float(self._losses(trainer, self._from_data(trainer, full[None]))[0])
            low = min(low, minimum_loss)
        else:
            minimum, minimum_loss = grid_minimum(loss, xs, ys)
        self._surface_id += 1
        others = [i for i in range(len(phi)) if i not in plane]
        return {"key": key, "dataset": trainer.dataset, "cost": time.perf_counter() - now,
                "bounds": tuple(float(v) for v in bounds), "time": now, "phi": phi.copy(),
                "held": others, "id": self._surface_id, **surface_picture(loss, xs, ys, low),
                "minimum": minimum, "minimum_loss": minimum_loss}


def settings_plain(trainer) -> bool:
    """Whether the objective is the plain squared error of a line (no penalty): then its lowest point is known
    exactly, by least squares."""
    settings = trainer.settings
    return trainer.is_fit and (settings.regularization == "none" or settings.reg_rate == 0)
