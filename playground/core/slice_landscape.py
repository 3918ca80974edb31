"""The loss landscape of any network, as a slice (issue 16 part 2), made into LandscapeFrames in the training
process (loss_slice.py computes the slice itself).

- The slice is taken once, when first asked for (through the weights then), and held while training, so the
  picture does not swim; a new one is taken when the learner asks (`take`), the network changes or it is reset.
  When optimisers are compared, the slice is the one through their shared start that holds their paths best.
- Its surface is computed a block of cells at a time between training steps: a little per snapshot while
  training (a coarse grid), more while paused (a finer one), so that the window keeps its frame rate. The last
  finished grid stays shown meanwhile. With many training points the loss is measured on a fixed sample of them.
- The path is the recorded weights' nearest points in the slice (their shadow on it), the current point the
  weights now, the arrow minus the gradient (in all the weights) as it falls on the slice.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from .landscape_frames import SLICE_TITLES, LandscapeFrame, LandscapeRequest, RacePath
from .landscape_surface import cell_centres, grid_minimum, surface_picture
from .loss_slice import (
    SlicePlane,
    flat_parameters,
    objective_at,
    plane_through,
    random_plane,
    training_sample,
)

SLICE_POINTS = 2048  # the loss on a slice is measured on at most this many training points (a fixed sample)
COARSE = 21  # the first grid, to show something at once
BUSY_SIZES, BUSY_SECONDS = (21, 41), 0.4  # while training: the grid's size range, and its whole cost at most
FINE_SIZES, FINE_SECONDS = (41, 81), 2.0  # paused
BUSY_BUDGET, PAUSED_BUDGET = 0.02, 0.25  # seconds of surface work per snapshot
TRAJECTORY_POINTS = 20  # a slice along the path needs this many recorded weights
RECENT = 400  # ... and is fitted to the most recent of them
INNER = 0.05  # the current point must stay this share of the range away from its edges, else it is redrawn
RACE_TITLES = ("paths' direction 1", "paths' direction 2")  # the compared paths' two main directions
WAITING = "Working out the loss on the slice…"


class SurfaceJob:
    """The objective over a grid of slice coordinates, computed a block of cells at a time."""

    def __init__(self, bounds: tuple[float, float, float, float], size: int) -> None:
        self.bounds, self.size = bounds, size
        self.xs, self.ys = cell_centres(bounds, size)
        gx, gy = np.meshgrid(self.xs, self.ys)
        self._cells = np.c_[gx.ravel(), gy.ravel()]
        self.values = np.empty(size * size)
        self.done = 0

    @property
    def finished(self) -> bool:
        return self.done == len(self._cells)

    def advance(self, trainer, plane: SlicePlane, data, budget: float, per_cell: float) -> float:
        """Compute cells for about `budget` seconds (one block at least); returns the measured cost of a cell."""
        started = time.perf_counter()
        while not self.finished:
            left = budget - (time.perf_counter() - started)
            if left <= 0 and self.done:
                break
            block = int(np.clip(left / per_cell, 16, 1024)) if per_cell > 0 else 64
            block = min(block, len(self._cells) - self.done)
            t0 = time.perf_counter()
            cells = self._cells[self.done:self.done + block]
            self.values[self.done:self.done + block] = objective_at(trainer, plane, cells, data)
            self.done += block
            cost = (time.perf_counter() - t0) / block
            per_cell = cost if per_cell <= 0 else 0.5 * per_cell + 0.5 * cost
            if time.perf_counter() - started >= budget:
                break
        return per_cell

    def picture(self) -> dict:
        loss = self.values.reshape(self.size, self.size)
        finite = np.isfinite(loss)
        loss = np.where(finite, loss, loss[finite].max() if finite.any() else 0.0)
        minimum, minimum_loss = grid_minimum(loss, self.xs, self.ys)
        return {"bounds": self.bounds, "size": self.size, "minimum": minimum, "minimum_loss": minimum_loss,
                **surface_picture(loss, self.xs, self.ys)}


class SliceTracker:
    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self._plane: SlicePlane | None = None
        self._plane_key: tuple | None = None
        self._race_plane: tuple[object, SlicePlane | None] | None = None  # (the runs, their slice)
        self._sample: tuple[object, tuple] | None = None
        self._surface_key: tuple | None = None
        self._job: SurfaceJob | None = None
        self._shown: dict | None = None
        self._per_cell = 0.0
        self._id = 0

    @property
    def pending(self) -> bool:
        """A grid is still being computed (the training process should come back to it soon)."""
        return self._job is not None

    # ----- the slice ----------------------------------------------------------------------------
    def _data(self, trainer):
        if self._sample is None or self._sample[0] is not trainer.dataset:
            self._sample = (trainer.dataset, training_sample(trainer, SLICE_POINTS))
        return self._sample[1]

    def _chosen_plane(self, trainer, request: LandscapeRequest, path: np.ndarray) -> SlicePlane | str:
        key = (request.kind, request.take, trainer.generation, trainer.spec)
        if self._plane is None or key != self._plane_key:
            if request.kind == "trajectory":
                if len(path) < TRAJECTORY_POINTS:
                    return "Train a few steps first: a slice along the path needs a path to follow."
                names, shapes, _ = flat_parameters(trainer.model)
                try:
                    plane = plane_through(path[-1], path[-RECENT:], names, shapes, kind="trajectory")
                except ValueError:
                    return "The weights have hardly moved yet: train a little more, or use random directions."
            else:
                plane = random_plane(trainer.model, seed=request.take)
            self._plane, self._plane_key = plane, key
        return self._plane

    def _plane_of_race(self, trainer, runs) -> SlicePlane | None:
        """The slice through the comparison's start holding the optimisers' paths best (None if they hardly
        moved), kept while those runs are shown."""
        if self._race_plane is None or self._race_plane[0] is not runs:
            weights = np.vstack([run.weights[np.isfinite(run.weights).all(axis=1)] for run in runs.values()])
            start = next(iter(runs.values())).weights[0]
            names, shapes, _ = flat_parameters(trainer.model)
            try:
                plane = plane_through(start, weights, names, shapes)
            except ValueError:
                plane = None
            self._race_plane = (runs, plane)
        return self._race_plane[1]

    # ----- the frame ----------------------------------------------------------------------------
    def frame(self, trainer, request: LandscapeRequest, path_weights: np.ndarray, path_steps: np.ndarray,
              runs, fine: bool) -> tuple[LandscapeFrame | None, str]:
        """The slice's frame now: `path_weights` (K, P) the recorded weights at `path_steps`, `runs` a finished
        comparison (or None), `fine` when training is paused (a finer grid, more work per snapshot)."""
        _, _, theta = flat_parameters(trainer.model)
        if not np.isfinite(theta).all():
            return None, "The weights are not ordinary numbers right now, so the landscape cannot be drawn."
        plane = self._plane_of_race(trainer, runs) if runs else None
        titles = RACE_TITLES
        if plane is None:
            plane = self._chosen_plane(trainer, request, path_weights)
            titles = SLICE_TITLES.get(request.kind, SLICE_TITLES["random"])
            if isinstance(plane, str):
                return None, plane
        data = self._data(trainer)
        basis = np.stack([plane.d1, plane.d2], axis=1)
        (current,), (distance,) = plane.coordinates(theta)
        path = plane.coordinates(path_weights)[0] if len(path_weights) else np.zeros((0, 2))
        if len(path) == 0 or path_steps[-1] != trainer.step_count:
            path, path_steps = np.vstack([path, current]), np.r_[path_steps, trainer.step_count]
        race = tuple(RacePath(name, np.ascontiguousarray(plane.coordinates(run.weights)[0], np.float32),
                              run.objective, run.diverged) for name, run in (runs or {}).items())
        # The range holds the weights now and their path (or the compared paths, as far as they go downhill).
        keep_in = [current[None]] + ([r.path[np.isfinite(r.objective) & (r.objective <= 1.5 * r.objective[0] + 1e-9)]
                                      for r in race] if race else [path])
        self._advance_surface(trainer, plane, data, np.vstack(keep_in), fine)
        shown = self._shown
        if shown is None:
            return None, WAITING
        gradient = self._gradient(trainer, data)
        descent = np.linalg.lstsq(basis, -gradient, rcond=None)[0]
        scale = float(np.linalg.norm(plane.d1)) or 1.0
        settings = trainer.settings
        return LandscapeFrame(
            names=("α", "β"), titles=titles, plane=(0, 1), bounds=shown["bounds"], loss=shown["loss"],
            shade=shown["shade"], contours=shown["contours"], contour_levels=shown["levels"],
            path=np.ascontiguousarray(path, np.float32), path_steps=np.ascontiguousarray(path_steps, np.int64),
            current=(float(current[0]), float(current[1])), current_loss=self._objective_now(trainer, data),
            descent=(float(descent[0]), float(descent[1])), learning_rate=float(settings.learning_rate),
            minimum=shown["minimum"], minimum_loss=shown["minimum_loss"], surface_id=shown["id"],
            regularised=settings.regularization != "none" and settings.reg_rate > 0, task=trainer.spec.task,
            kind=request.kind, off_slice=float(distance) / scale, complete=self._job is None, race=race), ""

    def _advance_surface(self, trainer, plane: SlicePlane, data, keep_in: np.ndarray, fine: bool) -> None:
        """Keep (or start) computing the grid the picture needs: over a range holding `keep_in` (the current point,
        the compared paths), coarse first, then as fine as the time allows."""
        settings = trainer.settings
        key = (plane, trainer.dataset, (trainer.spec, settings.loss, settings.regularization, settings.reg_rate))
        old = self._surface_key
        if old is None or old[0] is not plane or old[1] is not trainer.dataset or old[2] != key[2]:
            self._surface_key, self._shown, self._job = key, None, None
        job, shown = self._job, self._shown
        target = job.bounds if job is not None else shown["bounds"] if shown is not None else None
        if target is None or not _inside(keep_in, target):
            # A new range, with room to spare when the point has walked out of the last one (not again soon).
            target = _range_holding(keep_in, plane.kind, 1.3 if target is None else 2.0)
        sizes, seconds = (FINE_SIZES, FINE_SECONDS) if fine else (BUSY_SIZES, BUSY_SECONDS)
        size = COARSE if self._per_cell <= 0 else int(np.clip(np.sqrt(seconds / self._per_cell), *sizes))
        if job is not None and job.bounds != target:
            job = None  # the range moved on: what it computed is of no use
        if job is None:
            if shown is None or shown["bounds"] != target:
                job = SurfaceJob(target, COARSE if shown is None else min(size, max(COARSE, shown["size"])))
            elif shown["size"] < size:
                job = SurfaceJob(target, size)
        self._job = job
        if job is None:
            return
        self._per_cell = job.advance(trainer, plane, data, PAUSED_BUDGET if fine else BUSY_BUDGET, self._per_cell)
        if job.finished:
            self._id += 1
            self._shown = {**job.picture(), "id": self._id}
            size = int(np.clip(np.sqrt(seconds / self._per_cell), *sizes))
            self._job = SurfaceJob(target, size) if job.size < size else None  # finer next, when time allows

    @staticmethod
    def _objective_now(trainer, data) -> float:
        model = trainer.model
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                return float(trainer.loss_of(model(data[0]), data[1]) + trainer.penalty())
        finally:
            model.train(was_training)

    @staticmethod
    def _gradient(trainer, data) -> np.ndarray:
        """Autograd's gradient of the objective (on the slice's points, penalty included) in all the weights."""
        model = trainer.model
        parameters = list(model.parameters())
        was_training = model.training
        model.eval()
        try:
            with torch.enable_grad():
                loss = trainer.loss_of(model(data[0]), data[1]) + trainer.penalty()
                grads = torch.autograd.grad(loss, parameters, allow_unused=True) if loss.requires_grad else \
                    [None] * len(parameters)
        finally:
            model.train(was_training)
        return np.concatenate([(torch.zeros_like(p) if g is None else g).detach().to("cpu", torch.float64)
                               .reshape(-1).numpy() for g, p in zip(grads, parameters, strict=True)])


def _inside(points: np.ndarray, bounds: tuple[float, float, float, float]) -> bool:
    xmin, xmax, ymin, ymax = bounds
    mx, my = INNER * (xmax - xmin), INNER * (ymax - ymin)
    return bool(((points[:, 0] >= xmin + mx) & (points[:, 0] <= xmax - mx)
                 & (points[:, 1] >= ymin + my) & (points[:, 1] <= ymax - my)).all())


def _range_holding(points: np.ndarray, kind: str, room: float) -> tuple[float, float, float, float]:
    """A square range (in slice units) holding `points` and the slice's centre, `room` times as wide as they need:
    at least [-1, 1] for random directions (a change of each neuron's weights by their own size)."""
    points = np.vstack([points, np.zeros((1, 2))])
    lo, hi = points.min(axis=0), points.max(axis=0)
    centre = (lo + hi) / 2
    half = max(float((hi - lo).max()) / 2 * room, 1.0 if kind == "random" else 0.25)
    return (float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half))
