"""Ready-made data sets. The spiral, circle, xor and gauss generators follow the TensorFlow Playground's
formulas (src/dataset.ts: domain [-6, 6]^2, the same noise scale), so both tools can be compared on the
same kind of data. Labels: the Playground's positive class (blue) is class 1, its negative (orange) class 0.
The line, parabola, wave and step presets are curve-fitting data: (x, y) samples of a function, from which the
network learns y from x.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .dataset import MAX_SEED, Dataset, DatasetError

MAX_POINTS = 100_000
TF_DOMAIN = (-6.0, 6.0, -6.0, 6.0)


@dataclass(frozen=True)
class PresetInfo:
    name: str
    title: str  # shown to the user
    description: str
    default_noise: float
    class_names: tuple[str, str] = ("A", "B")
    feature_names: tuple[str, str] = ("x1", "x2")
    domain: tuple[float, float, float, float] = TF_DOMAIN
    class_markers: tuple[str, str] | None = None
    task: str = "classify"
    default_points: int = 500


@dataclass(frozen=True)
class PresetSpec:
    """Everything needed to regenerate a preset data set exactly."""

    name: str = "rabbits-unicorns"
    points: int | None = None  # None: the preset's own default
    noise: float | None = None  # None: the preset's own default
    seed: int = 0
    test_ratio: float = 0.5

    def resolved_noise(self) -> float:
        return PRESETS[self.name].default_noise if self.noise is None else self.noise

    def resolved_points(self) -> int:
        return PRESETS[self.name].default_points if self.points is None else self.points

    @property
    def task(self) -> str:
        return PRESETS[self.name].task


def _rabbits_unicorns(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Rabbits are slow and small, unicorns fast and big; with noise the two clouds overlap.
    # Speed and size are positive, on a 0 to 10 scale: points are kept inside it.
    std = 0.6 + 3.0 * noise
    n_rabbits = n // 2
    rabbits = rng.normal([3.0, 3.2], std, size=(n_rabbits, 2))
    unicorns = rng.normal([6.8, 6.6], std, size=(n - n_rabbits, 2))
    labels = np.r_[np.zeros(n_rabbits), np.ones(n - n_rabbits)]
    return np.clip(np.vstack([rabbits, unicorns]), 0.1, 9.9), labels


def _interleaved_curves(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Two interleaved half circles ("moons"), scaled to the Playground's [-6, 6] plane.
    n_upper = n // 2
    t_upper = rng.uniform(0.0, np.pi, n_upper)
    t_lower = rng.uniform(0.0, np.pi, n - n_upper)
    upper = np.c_[np.cos(t_upper), np.sin(t_upper)]
    lower = np.c_[1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)]
    scale = 10.0 / 3.0  # the curves span x in [-5, 5], leaving room for noise inside [-6, 6]
    points = (np.vstack([upper, lower]) - [0.5, 0.25]) * scale
    points += rng.normal(0.0, scale * noise, size=points.shape)
    return points, np.r_[np.zeros(n_upper), np.ones(n - n_upper)]


def _two_curves(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Chris Olah's first example: two parallel waves, one above the other. They wind too much for a straight
    # line, yet a hidden layer of two tanh neurons pulls them apart (the hidden space shows how).
    n_upper = n // 2
    x = rng.uniform(-5.0, 5.0, n)
    wave = 2.5 * np.sin(0.6 * x)
    offset = np.where(np.arange(n) < n_upper, 1.2, -1.2)
    y = wave + offset + rng.normal(0.0, 1.5 * noise, n)
    return np.c_[x, y], np.r_[np.zeros(n_upper), np.ones(n - n_upper)]


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    arms, labels = [], []
    half = n // 2
    for label, count, delta in ((1, half, 0.0), (0, n - half, np.pi)):
        i = np.arange(count)
        r = 5.0 * i / count
        t = 1.75 * 2.0 * np.pi * i / count + delta
        x = r * np.sin(t) + rng.uniform(-1, 1, count) * noise
        y = r * np.cos(t) + rng.uniform(-1, 1, count) * noise
        arms.append(np.c_[x, y])
        labels.append(np.full(count, label))
    return np.vstack(arms), np.concatenate(labels)


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 5.0
    half = n // 2
    r = np.r_[rng.uniform(0, radius * 0.5, half), rng.uniform(radius * 0.7, radius, n - half)]
    angle = rng.uniform(0, 2 * np.pi, n)
    points = np.c_[r * np.sin(angle), r * np.cos(angle)]
    # As in the Playground, noise moves the point used for labelling, not the point drawn.
    jitter = rng.uniform(-radius, radius, size=(n, 2)) * noise
    inside = np.hypot(*(points + jitter).T) < radius * 0.5
    return points, inside.astype(np.int64)


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    points = rng.uniform(-5, 5, size=(n, 2))
    points += np.where(points > 0, 0.3, -0.3)
    jitter = rng.uniform(-5, 5, size=(n, 2)) * noise
    noisy = points + jitter
    return points, (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)


def _gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    variance = 0.5 + noise * (4.0 - 0.5) / 0.5  # the Playground maps noise [0, 0.5] to variance [0.5, 4]
    half = n // 2
    positive = rng.normal(2.0, np.sqrt(variance), size=(half, 2))
    negative = rng.normal(-2.0, np.sqrt(variance), size=(n - half, 2))
    return np.vstack([positive, negative]), np.r_[np.ones(half), np.zeros(n - half)]


# Curve fitting: (x, y) samples of a function on x in [-3, 3], y with Gaussian noise; the network learns y from x.
FIT_X = 3.0


def _fit_samples(function: Callable[[np.ndarray], np.ndarray], spread: float):
    def generate_samples(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        x = rng.uniform(-FIT_X, FIT_X, n)
        y = function(x) + rng.normal(0.0, spread * noise, n)
        return np.c_[x, y], np.zeros(n)
    return generate_samples


_GENERATORS: dict[str, Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]] = {
    "rabbits-unicorns": _rabbits_unicorns,
    "interleaved-curves": _interleaved_curves,
    "two-curves": _two_curves,
    "spiral": _spiral,
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "line": _fit_samples(lambda x: 2.0 * x + 1.0, 2.0),
    "parabola": _fit_samples(lambda x: 0.6 * x * x - 2.0, 2.0),
    "wave": _fit_samples(lambda x: 2.0 * np.sin(1.6 * x), 2.0),
    "step": _fit_samples(lambda x: np.where(x < 0.5, -1.5, 2.0), 2.0),
}

PRESETS: dict[str, PresetInfo] = {
    info.name: info
    for info in (
        PresetInfo("rabbits-unicorns", "Rabbits vs unicorns",
                   "Slow, small rabbits and fast, big unicorns: can a line tell them apart?", 0.15,
                   ("rabbit", "unicorn"), ("speed", "size"), (0.0, 10.0, 0.0, 10.0), ("rabbit", "unicorn")),
        PresetInfo("interleaved-curves", "Interleaved curves",
                   "Two curves hooked into each other: no straight line separates them.", 0.1,
                   ("upper curve", "lower curve")),
        PresetInfo("two-curves", "Two curves",
                   "Two waves side by side: no straight line separates them, one hidden layer of 2 tanh neurons "
                   "does (Olah's example).", 0.1, ("upper curve", "lower curve"), default_points=300),
        PresetInfo("spiral", "Spiral", "Two arms wound around each other: the hardest preset.", 0.0),
        PresetInfo("circle", "Circle", "One class inside a ring of the other.", 0.0),
        PresetInfo("xor", "XOR", "Opposite corners belong together: one neuron cannot do it.", 0.0),
        PresetInfo("gauss", "Two blobs", "Two Gaussian clouds: a single line is enough.", 0.0),
        PresetInfo("line", "A line: y = 2x + 1",
                   "Linear regression the deep learning way: no hidden layer finds a and b in y = a·x + b.",
                   0.1, ("samples",), ("x", "y"), (-FIT_X, FIT_X, -6.0, 8.0), task="fit", default_points=30),
        PresetInfo("parabola", "A parabola", "y = 0.6 x² − 2: a straight line cannot bend, a hidden layer can.",
                   0.1, ("samples",), ("x", "y"), (-FIT_X, FIT_X, -3.0, 4.5), task="fit", default_points=60),
        PresetInfo("wave", "A wave", "y = 2 sin(1.6 x): up, down and up again.", 0.1, ("samples",), ("x", "y"),
                   (-FIT_X, FIT_X, -3.5, 3.5), task="fit", default_points=100),
        PresetInfo("step", "A step", "y jumps from −1.5 to 2 at x = 0.5: sharp corners need many neurons.",
                   0.05, ("samples",), ("x", "y"), (-FIT_X, FIT_X, -3.0, 3.5), task="fit", default_points=100),
    )
}


def generate(spec: PresetSpec) -> Dataset:
    """The preset's data set, identical for identical specs."""
    if spec.name not in PRESETS:
        raise DatasetError(f"unknown preset '{spec.name}'; choose one of: {', '.join(PRESETS)}")
    n_points = spec.resolved_points()
    if not 2 <= n_points <= MAX_POINTS:
        raise DatasetError(f"the number of points must be between 2 and {MAX_POINTS:,}, not {n_points}")
    if not 0 <= spec.seed <= MAX_SEED:
        raise DatasetError(f"the seed must be between 0 and {MAX_SEED}, not {spec.seed}")
    noise = spec.resolved_noise()
    if not 0.0 <= noise <= 1.0 or not np.isfinite(noise):
        raise DatasetError(f"noise must be between 0 and 1, not {noise}")
    info = PRESETS[spec.name]
    rng = np.random.default_rng([spec.seed, 0])
    points, labels = _GENERATORS[spec.name](n_points, noise, rng)
    return Dataset.create(
        points.astype(np.float32), labels.astype(np.int64),
        test_ratio=spec.test_ratio, seed=spec.seed,
        class_names=info.class_names, feature_names=info.feature_names, domain=info.domain,
        class_markers=info.class_markers, task=info.task,
    )


def presets_for(task: str) -> list[PresetInfo]:
    return [info for info in PRESETS.values() if info.task == task]


def fresh_test_points(dataset: Dataset, spec: PresetSpec, draw: int) -> Dataset:
    """The same training points with a new test set drawn from the preset's own distribution ("new samples
    from the real world"); `draw` numbers the fresh draw, so each one differs and can be repeated."""
    n_test = int(dataset.is_test.sum()) or max(1, round(spec.test_ratio * spec.resolved_points()))
    world = generate(PresetSpec(spec.name, points=max(2, n_test * 2), noise=spec.resolved_noise(),
                                seed=(spec.seed + 7919 * (draw + 1)) % (MAX_SEED + 1), test_ratio=0.5))
    pick = np.random.default_rng([spec.seed, draw, 2]).choice(len(world), size=n_test, replace=False)
    train = ~dataset.is_test
    return Dataset(
        points=np.concatenate([dataset.points[train], world.points[pick]]),
        labels=np.concatenate([dataset.labels[train], world.labels[pick]]),
        is_test=np.r_[np.zeros(int(train.sum()), bool), np.ones(n_test, bool)],
        class_names=dataset.class_names, feature_names=dataset.feature_names,
        class_colours=dataset.class_colours, domain=dataset.domain, class_markers=dataset.class_markers,
        task=dataset.task,
    )
