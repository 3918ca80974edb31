"""Trainer: owns a torch model and its optimiser, trains it on a Dataset in steps, and produces Snapshots.

It runs on the device the settings choose ("auto": CUDA when available, else Apple MPS, else the CPU), except that
a step too small to pay for a GPU runs on the CPU (device_policy.py), decided again whenever the network, the data
or the batch size changes. A run is reproducible: the same data, network, settings and seed give the same
numbers. Nothing here is thread-safe; the worker calls it from one thread.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .dataset import Dataset
from .device_policy import Placement, place, step_work
from .devices import device_label, resolve_device, usable_device
from .divergence import CHECK_STEPS, WATCH_POINTS, DivergenceGuard
from .fast_step import FastStepper, FlatParameters, fast_path_allowed, make_optimizer
from .hidden_space import HiddenFrame, HiddenRequest, HiddenSpaceTracker
from .landscape_frames import LandscapeFrame, LandscapeRequest
from .loss_landscape import LandscapeTracker
from .network import NetworkSpec, Normalisation, build_module, class_probabilities, one_hot
from .notices import TYPED_WEIGHT_LIMIT, divergence_message, no_training_points_notice
from .shadow_model import ShadowModel
from .snapshot import Metrics, NetworkPicture, Snapshot
from .snapshot_maker import DEFAULT_GRID, GRID_BLOCK, SnapshotMaker, decision_boundary, grid_axes
from .trainer_weights import WeightsInAndOut
from .training_settings import (
    DEVICES,
    LOSSES,
    MAX_LEARNING_RATE,
    MAX_REG_RATE,
    MAX_TYPED_WEIGHT,
    OPTIMIZERS,
    REGULARIZATIONS,
    TrainingError,
    TrainingSettings,
)

__all__ = ["DEFAULT_GRID", "DEVICES", "GRID_BLOCK", "LOSSES", "MAX_LEARNING_RATE", "MAX_REG_RATE", "MAX_TYPED_WEIGHT",
           "OPTIMIZERS", "REGULARIZATIONS", "Trainer", "TrainingError", "TrainingSettings", "decision_boundary",
           "device_label", "grid_axes", "resolve_device"]

class Trainer(WeightsInAndOut):
    use_fast_path = True  # steps without autograd where the network allows it (fast_step.py); False: autograd's

    def __init__(self, dataset: Dataset, spec: NetworkSpec, settings: TrainingSettings,
                 grid_size: int = DEFAULT_GRID, *, follow_policy: bool = True) -> None:
        """`follow_policy`: False trains on the chosen device whatever the work (the device check measures both)."""
        # A device this computer lacks (a scenario made on another) falls back to the automatic choice, with a note.
        self.chosen_device, self.device_notice = usable_device(settings.device)
        self.follow_policy = follow_policy
        self.settings = settings
        self.grid_size = grid_size
        self.view_bounds: tuple[float, float, float, float] | None = None  # None: the data's plane
        self.focus: tuple[int, int] | None = None  # (layer, neuron) whose map is shown large, or None
        self.hidden_request: HiddenRequest | None = None  # the hidden layer to picture, or None
        self.arrows = False  # draw where gradient descent pushes each point (push_arrows.py)
        self._hidden = HiddenSpaceTracker()
        self.landscape_request: LandscapeRequest | None = None  # the loss landscape to draw, or None
        self._landscape = LandscapeTracker()  # it also records the optimiser's path while one is drawn
        self.generation = 0
        self._maker = SnapshotMaker(self)  # snapshots and their parts (snapshot_maker.py)
        self._shadow = ShadowModel()  # the copy of the model a snapshot made while training goes on reads
        self._guard = DivergenceGuard()
        self.spec = spec.for_data(dataset)
        self.placement = self._decide(dataset)
        self.device = self.placement.device  # where training really runs
        self._load_data(dataset)
        self.reset()

    # ----- set-up -------------------------------------------------------------------------------
    def _load_data(self, dataset: Dataset) -> None:
        self.dataset = dataset
        to = {"device": self.device}
        self._x_train = torch.as_tensor(np.array(dataset.train_points), dtype=torch.float32, **to)
        self._x_test = torch.as_tensor(np.array(dataset.test_points), dtype=torch.float32, **to)
        if dataset.is_fit:  # the target is each sample's y
            self._y_train = torch.as_tensor(np.array(dataset.train_points[:, 1]), dtype=torch.float32, **to)
            self._y_test = torch.as_tensor(np.array(dataset.test_points[:, 1]), dtype=torch.float32, **to)
        else:
            self._y_train = torch.as_tensor(np.array(dataset.train_labels), dtype=torch.int64, **to)
            self._y_test = torch.as_tensor(np.array(dataset.test_labels), dtype=torch.int64, **to)
        self._order: torch.Tensor | None = None  # the current epoch's shuffled training indices
        self._cursor = 0
        self._fast: FastStepper | None = None  # made at the next step, for these data
        n = len(self._y_train)  # the divergence watch measures the loss on a fixed sample of these
        self._watch_index = None if n <= WATCH_POINTS else \
            torch.randperm(n, generator=torch.Generator().manual_seed(0))[:WATCH_POINTS].to(self.device)
        self._guard.forget()

    def _normalisation(self) -> Normalisation:
        """Maps the shown plane to [-1, 1]^2 so any units train alike; fixed until the next reset."""
        xmin, xmax, ymin, ymax = self.dataset.bounds()
        centre = torch.tensor([(xmin + xmax) / 2, (ymin + ymax) / 2], dtype=torch.float32)
        scale = torch.tensor([(xmax - xmin) / 2, (ymax - ymin) / 2], dtype=torch.float32)
        return Normalisation(centre, scale)

    def reset(self) -> None:
        """Fresh weights drawn from the seed (the same every time), step 0, optimiser state cleared."""
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.settings.seed)
            layers = build_module(self.spec)
        self.model = nn.Sequential(self._normalisation(), layers).to(self.device)
        self._flat = FlatParameters(self.linear_layers())  # the parameters as views of one buffer (fast_step.py)
        self._fast = None
        self.fast_steps = 0  # steps of this run taken by the fast path (the rest by autograd's)
        self.optimizer = self._make_optimizer()
        self._shuffle = torch.Generator().manual_seed(self.settings.seed + 1)
        self._order, self._cursor = None, 0
        self.step_count = 0
        self.samples_seen = 0
        self.epochs_done = 0.0  # each step adds its batch's share of the training points at that moment
        self._clear_divergence()
        self._guard.forget()
        self._typed: tuple[int, int, int | None, str] | None = None  # a far-off typed weight, and its notice
        self.generation += 1
        self._hidden.forget()
        self._landscape.moved(self)

    def _make_optimizer(self) -> torch.optim.Optimizer:
        """A fresh optimiser of the chosen kind on the flat parameter that every layer's parameters are views of."""
        return make_optimizer(self.settings.optimizer, self._flat, self.settings.learning_rate)

    # ----- live changes -------------------------------------------------------------------------
    def set_settings(self, settings: TrainingSettings) -> None:
        """Apply new settings between steps. Learning rate, batch size and loss change without a reset.
        New settings end a divergence: the learner has changed something and may train on."""
        old, self.settings = self.settings, settings
        self._clear_divergence()
        if settings.loss != old.loss:
            self._guard.forget()  # the loss is measured on another scale now
        self.chosen_device, self.device_notice = usable_device(settings.device)
        self._place(keep_optimizer=settings.optimizer == old.optimizer)  # a new device, or a batch size
        if settings.optimizer != old.optimizer:
            self.optimizer = self._make_optimizer()
        else:
            for group in self.optimizer.param_groups:
                group["lr"] = settings.learning_rate
        if settings.seed != old.seed:
            self.reset()

    def set_dataset(self, dataset: Dataset) -> None:
        """New data between steps. The weights are kept unless the task, the number of classes or the plane's
        bounds changed (the input scaling follows the bounds, so old weights would mean something else)."""
        rebuild = dataset.n_classes != self.dataset.n_classes or dataset.bounds() != self.dataset.bounds() or \
            dataset.task != self.dataset.task
        self._load_data(dataset)
        self._maker.forget()
        self._clear_divergence()
        if rebuild:
            self.spec = self.spec.for_data(dataset)
            self.reset()
        self._place()  # more or fewer points: the steps' work changed

    def set_spec(self, spec: NetworkSpec) -> None:
        """A new architecture. The network is rebuilt from the seed, but layers whose shape did not change
        keep their trained weights (counting weight layers from the input), so adding a layer at the end
        or changing an activation does not throw away what was learned."""
        old = self.linear_layers()
        self.spec = spec.for_data(self.dataset)
        self._place(keep_optimizer=False)  # the new network is built where it will train
        self.reset()  # (which also ends a divergence and forgets the base loss)
        with torch.no_grad():
            for before, after in zip(old, self.linear_layers(), strict=False):
                if before.weight.shape != after.weight.shape:
                    break  # the layers after a changed one receive different inputs: keep none of them
                after.weight.copy_(before.weight)
                after.bias.copy_(before.bias)
        self._landscape.moved(self)  # from the weights kept

    # ----- where training runs (device_policy.py) ----------------------------------------------
    def _decide(self, dataset: Dataset) -> Placement:
        """Where this network, these data and this batch size train: the chosen device unless it is a GPU and
        one step is too small to pay for it."""
        if not self.follow_policy:
            return Placement(self.chosen_device, self.chosen_device)
        return place(self.chosen_device, step_work(self.spec, len(dataset.train_points), self.settings.batch_size))

    def _place(self, keep_optimizer: bool = True) -> None:
        """Decide again where to train, and move there if that changed."""
        self.placement = self._decide(self.dataset)
        if self.placement.device != self.device:
            self._move_to(self.placement.device, keep_optimizer)

    def _move_to(self, device: torch.device, keep_optimizer: bool = True) -> None:
        """Train on `device` from here on, going on where the run is: the weights, the optimiser's state (unless
        `keep_optimizer` is False: the optimiser is about to be replaced) and the epoch's shuffled order."""
        state = self.optimizer.state_dict() if keep_optimizer else None
        order, cursor = self._order, self._cursor
        self.device = device
        self.model.to(device)
        self._flat = FlatParameters(self.linear_layers())  # on the new device
        self._maker.forget()
        self._load_data(self.dataset)
        self.optimizer = self._make_optimizer()
        if state is not None:
            self.optimizer.load_state_dict(state)  # (its tensors follow the parameter to the device)
        if order is not None:
            self._order, self._cursor = order.to(device), cursor
        self._landscape.moved(self)

    @property
    def device_text(self) -> str:
        """Where training runs, for the readout: e.g. 'CPU', 'CUDA (NVIDIA H200)', or 'CPU (faster than the GPU
        at this size)' when the chosen GPU would be slower."""
        return self.placement.describe(device_label(self.device))

    def linear_layers(self) -> list[nn.Linear]:
        """The weight layers, from the input to the output."""
        return [m for m in self.model.modules() if isinstance(m, nn.Linear)]

    # ----- training -----------------------------------------------------------------------------
    @property
    def n_train(self) -> int:
        return len(self._y_train)

    @property
    def epoch(self) -> float:
        """Passes through the training data so far; edits to the data do not rescale the passes already made."""
        return self.epochs_done

    @property
    def batch_size(self) -> int:
        size = self.settings.batch_size
        return self.n_train if size == 0 else min(size, self.n_train)

    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.batch_size >= self.n_train:
            return self._x_train, self._y_train
        if self._order is None or self._cursor + self.batch_size > self.n_train:
            self._order = torch.randperm(self.n_train, generator=self._shuffle).to(self.device)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return self._x_train[idx], self._y_train[idx]

    def probabilities_of(self, logits: torch.Tensor) -> torch.Tensor:
        return class_probabilities(logits, self.spec.perceptron)

    @property
    def is_fit(self) -> bool:
        return self.spec.task == "fit"

    def _scaled_target(self, y: torch.Tensor) -> torch.Tensor:
        """Curve fitting: y on the scale the network works on (the plane's y range mapped to [-1, 1])."""
        normalise = self.model[0]
        return (y - normalise.centre[1]) / normalise.scale[1]

    def loss_of(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """The data loss (without regularisation). Curve fitting always uses the mean squared error, measured
        with the plane's y range scaled to [-1, 1] (so it reads the same whatever the units)."""
        if self.is_fit:
            return ((logits[:, 0] - self._scaled_target(labels)) ** 2).mean()
        if self.settings.loss == "cross-entropy":
            if self.spec.perceptron:  # outputs are 0 or 1: measure the probabilities they stand for
                p = self.probabilities_of(logits).clamp(1e-6, 1 - 1e-6)
                return F.nll_loss(p.log(), labels)
            if logits.shape[1] == 1:
                return F.binary_cross_entropy_with_logits(logits[:, 0], labels.to(logits.dtype))
            return F.cross_entropy(logits, labels)
        probabilities = self.probabilities_of(logits)
        target = one_hot(labels, probabilities.shape[1], probabilities.dtype)
        return 0.5 * ((probabilities - target) ** 2).sum(dim=1).mean()

    def penalty(self) -> torch.Tensor | float:
        """L1 or L2 regularisation of the weights (not the biases), times its rate."""
        rate, kind = self.settings.reg_rate, self.settings.regularization
        if kind == "none" or rate == 0:
            return 0.0
        weights = [layer.weight for layer in self.linear_layers()]
        if kind == "l1":
            return rate * sum(w.abs().sum() for w in weights)
        return rate * 0.5 * sum((w * w).sum() for w in weights)

    @property
    def steps_per_epoch(self) -> int:
        return max(1, math.ceil(self.n_train / self.batch_size)) if self.n_train else 1

    def step(self, count: int = 1) -> int:
        """Run up to `count` optimisation steps; returns how many ran (0 while diverged or without training
        points). Every CHECK_STEPS steps or so, never per step, the divergence guard measures the loss; when it
        blew up, the weights go back to the last good ones and `diverged` is set (see divergence.py)."""
        if self.diverged or self.n_train == 0 or count <= 0:
            return 0
        learns = not self.spec.perceptron  # a perceptron's step has no slope to follow: nothing can blow up
        guard = self._guard
        if learns and not guard.watching:
            # (the one flat parameter every layer's are views of: one tensor to copy at each check)
            guard.begin([self._flat.param.detach()], self._start_loss(), self._guess_loss())
        done = 0
        while done < count and not self.diverged:
            n = min(count - done, CHECK_STEPS) if learns else count - done
            finite = self._train(n, guard if learns else None)
            done += n
            # Between checks only a loss that is no longer a number (cheap: it is at hand) calls for one at once.
            if learns and (guard.due or not finite) and guard.check(self.batch_size):
                self._roll_back()
        if self._typed is not None:
            self._check_typed()
        return done

    def _train(self, count: int, guard: DivergenceGuard | None) -> bool:
        """`count` optimisation steps, each one's data loss handed to the guard; returns whether the last step's
        loss is a number. Plain networks take the fast path (fast_step.py: no autograd), others autograd's."""
        path = self._landscape.recorder if self._landscape.recording else None
        if self.use_fast_path and fast_path_allowed(self.spec):
            if self._fast is None:
                self._fast = FastStepper(self)
            finite = self._fast.run(self, count, guard, path)
            self.fast_steps += count
        else:
            finite = bool(torch.isfinite(self._autograd_steps(count, guard, path)).item())
        self.step_count += count
        self.epochs_done += count * self.batch_size / self.n_train
        return finite

    def _autograd_steps(self, count: int, guard: DivergenceGuard | None, path) -> torch.Tensor:
        self.model.train()
        flat = self._flat
        for i in range(count):
            x, y = self._next_batch()
            data_loss = self.loss_of(self.model(x), y)
            if guard is not None:
                guard.record(data_loss.detach())
            loss = data_loss + self.penalty()
            if loss.requires_grad:  # not so for a perceptron (unless a penalty shrinks its weights)
                flat.clear_grads()
                loss.backward()
                flat.gather_grads()  # into the one flat gradient the optimiser reads
                self.optimizer.step()
                if path is not None:  # the optimiser's real parameters after this step, for the landscape
                    path.record(self.step_count + i + 1)
            self.samples_seen += len(y)
        return loss.detach()

    @torch.no_grad()
    def _start_loss(self) -> float:
        """The data loss of the weights now, on the watch sample. With dropout the steps' losses are measured with
        it on, so the larger of the two (the dropout's draw taken aside, leaving torch's random state alone)."""
        x, y = self._x_train, self._y_train
        if self._watch_index is not None:
            x, y = x[self._watch_index], y[self._watch_index]
        self.model.eval()
        loss = float(self.loss_of(self.model(x), y))
        if any(p > 0 for p in self.spec.dropouts):
            devices = [self.device] if self.device.type != "cpu" else []
            with torch.random.fork_rng(devices=devices, device_type=self.device.type):
                self.model.train()
                loss = max(loss, float(self.loss_of(self.model(x), y)))
        return loss

    def _guess_loss(self) -> float:
        """The loss of a blind guess: every class alike, or (a curve) the mean of y."""
        if self.is_fit:
            target = self._scaled_target(self._y_train)
            return float(((target - target.mean()) ** 2).mean())
        n = self.spec.n_classes
        return math.log(n) if self.settings.loss == "cross-entropy" else 0.5 * (n - 1) / n

    def _roll_back(self) -> None:
        peak = self._guard.peak
        self._guard.restore()
        self.optimizer = self._make_optimizer()
        self._landscape.moved(self)
        self.diverged = True
        self.model.eval()
        with torch.no_grad():  # the training loss as the metrics will show it
            before = float(self.loss_of(self.model(self._x_train), self._y_train)) if self.n_train else float("nan")
        self.divergence_losses = (before, peak)
        self.divergence_message = divergence_message(before, peak, self.settings.learning_rate)

    def _clear_divergence(self) -> None:
        self.diverged = False
        self.divergence_message = ""
        self.divergence_losses: tuple[float, float] | None = None  # (the loss gone back to, the highest seen)

    def clear_divergence(self) -> None:
        """After a divergence: train on from the restored weights (the learner pressed Play again)."""
        self._clear_divergence()

    @property
    def notice(self) -> str:
        """A note for the learner about something that makes no sense for learning ('' when all is well)."""
        if self.n_train == 0:
            return no_training_points_notice(len(self.dataset))
        return self._typed[3] if self._typed is not None else self.device_notice

    def _check_typed(self) -> None:
        """The typed weight's notice goes once the weight is back within reach (typed again, or trained)."""
        layer, target, source, _ = self._typed
        linear = self.linear_layers()[layer]
        value = (linear.bias[target] if source is None else linear.weight[target, source]).detach()
        if not abs(float(value)) > TYPED_WEIGHT_LIMIT:
            self._typed = None

    # ----- reading out --------------------------------------------------------------------------
    # The snapshot and its parts are made by the snapshot maker (snapshot_maker.py), each pass of the network
    # done once per snapshot; these are its parts one by one, for the callers that want only one.
    def metrics(self) -> Metrics:
        return self._maker.metrics()

    def probability_grid(self) -> tuple[np.ndarray, tuple[float, float, float, float]]:
        """(H, W, C) class probabilities at the cell centres of the part of the plane shown, in one pass."""
        bounds = self.view_bounds or self.dataset.bounds()
        return self._maker.grid_pass(bounds)[0], bounds

    @torch.no_grad()
    def fit_curve(self, bounds: tuple[float, float, float, float], samples: int = 400) -> np.ndarray:
        """Curve fitting: (samples, 2) points (x, predicted y) across the x range shown."""
        xs = np.linspace(bounds[0], bounds[1], samples)
        normalise = self.model[0]
        centre, scale = float(normalise.centre[1]), float(normalise.scale[1])
        inputs = torch.as_tensor(np.c_[xs, np.full(samples, centre)], dtype=torch.float32, device=self.device)
        self.model.eval()
        predicted = self.model(inputs)[:, 0].to("cpu", torch.float64).numpy() * scale + centre
        return np.c_[xs, np.nan_to_num(predicted, nan=centre, posinf=1e30, neginf=-1e30)].astype(np.float32)

    def fit_line(self) -> tuple[float, float] | None:
        """Curve fitting with one neuron on x alone: its a and b in y = a·x + b, in the data's units (None
        otherwise, or while the weights are not finite numbers)."""
        if not self.is_fit or self.spec.hidden or self.spec.features != ("x1",):
            return None
        layer = self.linear_layers()[0]
        w = layer.weight.detach().to("cpu", torch.float64).numpy()
        b = layer.bias.detach().to("cpu", torch.float64).numpy()
        w_data, b_data = self._to_data_units(w, b)
        if not (np.isfinite(w_data).all() and np.isfinite(b_data).all()):
            return None  # never a line with "nan" in it
        return float(w_data[0, 0]), float(b_data[0])

    def snapshot(self, steps_per_second: float = 0.0, morph: bool = False, live: bool = False) -> Snapshot:
        """One frame for the views. `morph`: include the hidden layer's morph stages even if the request
        leaves them out (when training is paused they cost nothing that matters, and the morph is ready).
        `live`: a frame while training: a big data set through a big network has its metrics and mistakes
        estimated on a fixed sample (SnapshotMaker.estimates), otherwise measured on every point; a big network's
        pictures are drawn coarser (SnapshotMaker.grid_size, hidden_cells, picture_size)."""
        return self._maker.snapshot(steps_per_second, morph, live)

    def frozen_snapshot(self, steps_per_second: float = 0.0, morph: bool = False,
                        live: bool = False) -> Callable[[], Snapshot]:
        """The snapshot of this moment, made when the call returned is called: in another thread while this
        trainer trains on, if need be (the training process overlaps its frames with steps that way). What the
        snapshot reads is frozen now: the weights, copied into a shadow model (shadow_model.py), and the counts and
        messages, on a shallow copy of the trainer. Until the call returns, nothing but `step` may be called on
        this trainer (the snapshot maker is in use), and not with the loss landscape drawn (its path is recorded
        as the steps go)."""
        view = copy.copy(self)
        view.model = self._shadow.copy_of(self.model)
        maker = self._maker

        def make() -> Snapshot:
            return maker.snapshot_of(view, steps_per_second, morph, live)
        return make

    @property
    def overlaps_frames(self) -> bool:
        """Whether a snapshot may be made (frozen_snapshot) while steps run: the fast steps (which leave Python's
        lock to the snapshot) and no loss landscape drawn."""
        return self.use_fast_path and fast_path_allowed(self.spec) and self.landscape_request is None

    @property
    def estimates_metrics(self) -> bool:
        """Whether frames taken while training estimate the metrics on a sample (see snapshot)."""
        return self._maker.estimates()

    def hidden_frame(self, morph: bool = False) -> tuple[HiddenFrame | None, str]:
        """The chosen hidden layer's picture (None when none is asked for), or why there is none."""
        return self._maker.hidden_frame(morph, self._maker.pushes()[1])

    def landscape_frame(self, fine: bool = True) -> tuple[LandscapeFrame | None, str]:
        """The loss landscape asked for (None when none is), or why there is none (see loss_landscape.py). `fine`:
        training is paused, so a slice's grid may be finer."""
        return self._landscape.frame(self, self.landscape_request, fine)

    @property
    def landscape_pending(self) -> bool:
        """The landscape has work left (a finer slice, a comparison of optimisers): take another snapshot soon."""
        return self._landscape.pending

    def _output_values(self, logits: torch.Tensor) -> torch.Tensor:
        """Class probabilities, or (curve fitting) the predicted y on the network's scale."""
        return logits if self.is_fit else self.probabilities_of(logits)

    def misclassified(self) -> np.ndarray | None:
        """(N,) True for each data point the network puts in the wrong class (None when fitting a curve)."""
        return self._maker.misclassified()

    def network_picture(self, bounds: tuple[float, float, float, float], size: int = 28) -> NetworkPicture:
        """Every neuron's output over a coarse grid of the plane, and the weights, for the network diagram."""
        return self._maker.network_picture(bounds, size)

    def _layer_outputs(self, points: torch.Tensor) -> list[torch.Tensor]:
        """What every layer outputs at these points (see SnapshotMaker.layer_outputs)."""
        return self._maker.layer_outputs(points)[0]

    def neuron_map(self, layer: int, neuron: int) -> np.ndarray | None:
        """One neuron's output over the plane shown, at the boundary map's resolution (None if it is gone)."""
        return self._maker.grid_pass(self.view_bounds or self.dataset.bounds(), (layer, neuron),
                                     probabilities=False)[1]

    # The network sees the plane scaled to [-1, 1]: u = (x - centre) / scale. When its inputs are the raw
    # coordinates, the first layer's weights are shown and typed in the data's own units instead, so that
    # "speed weight 1, size weight 1, bias -10" draws the line speed + size = 10. When a curve-fitting network
    # is one neuron, its output is y itself: its weight and bias are then the a and b of y = a·x + b.
    def with_settings(self, **changes: object) -> TrainingSettings:
        return replace(self.settings, **changes)

