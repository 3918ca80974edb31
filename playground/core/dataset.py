"""The point cloud: float32 (N, 2) points, integer labels, class names and colours, and a train/test split.

A Dataset is an immutable value: edits produce a new Dataset, so one can be handed to the training thread
without copying or locking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The TensorFlow Playground's orange and blue, then a colour-blind safe continuation (Okabe-Ito).
MAX_SEED = 2**32 - 1
DEFAULT_TEST_SHARE = 0.5  # half the points kept aside for testing, as in the presets
MAX_TEST_SHARE = 0.9  # the most the Data panel offers; at least one point in ten is trained on
CLASS_COLOURS = ("#f59322", "#0877bd", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#e6c229", "#555555")
MAX_CLASSES = len(CLASS_COLOURS)
# Marker shapes, so classes can be told apart without colour; the GUI draws each name.
TASKS = ("classify", "fit")  # classify: labelled points; fit: (x, y) samples, the network learns y from x
FIT_COLOUR = "#0877bd"
MARKERS = ("circle", "square", "triangle", "diamond", "star", "pentagon", "hexagon", "cross", "rabbit", "unicorn")


class DatasetError(ValueError):
    """Data that cannot be used: the message is meant for the user."""


def _frozen_copy(values, dtype) -> np.ndarray:
    """A private, read-only, C-contiguous copy: nobody else holds a view that could change it."""
    with np.errstate(over="ignore", invalid="ignore"):
        array = np.array(values, dtype=dtype, copy=True, order="C")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Dataset:
    """Labelled 2D points with a fixed train/test split."""

    points: np.ndarray  # float32 (N, 2), in the data's own units
    labels: np.ndarray  # int64 (N,), values in [0, n_classes)
    is_test: np.ndarray  # bool (N,)
    class_names: tuple[str, ...] = ("class 0", "class 1")
    feature_names: tuple[str, str] = ("x1", "x2")
    class_colours: tuple[str, ...] = field(default=CLASS_COLOURS[:2])
    domain: tuple[float, float, float, float] | None = None  # the plane shown, (xmin, xmax, ymin, ymax)
    class_markers: tuple[str, ...] | None = None  # a shape name from MARKERS per class; None: one each, in order
    task: str = "classify"  # "fit": the points are (x, y) samples of a curve, all of the one class 0

    def __post_init__(self) -> None:
        points = _frozen_copy(self.points, np.float32)
        labels = _frozen_copy(self.labels, np.int64)
        is_test = _frozen_copy(self.is_test, bool)
        if points.ndim != 2 or points.shape[1] != 2:
            raise DatasetError(f"points must have shape (N, 2), not {points.shape}")
        n = len(points)
        if labels.shape != (n,) or is_test.shape != (n,):
            raise DatasetError("points, labels and the train/test flags must have the same length")
        if not np.all(np.isfinite(points)):
            raise DatasetError("every point needs finite coordinates (no NaN or infinity)")
        n_classes = len(self.class_names)
        if self.task not in TASKS:
            raise DatasetError(f"unknown task '{self.task}'; choose one of: {', '.join(TASKS)}")
        if self.task == "fit" and n_classes != 1:
            raise DatasetError("curve-fitting data has one kind of point (samples of y at x), not classes")
        if self.task == "classify" and not 2 <= n_classes <= MAX_CLASSES:
            raise DatasetError(f"a data set needs 2 to {MAX_CLASSES} classes, not {n_classes}")
        if len(self.class_colours) != n_classes:
            raise DatasetError("each class needs exactly one colour")
        markers = tuple(self.class_markers) if self.class_markers is not None else default_markers(n_classes)
        if len(markers) != n_classes:
            raise DatasetError("each class needs exactly one marker shape")
        unknown = [m for m in markers if m not in MARKERS]
        if unknown:
            raise DatasetError(f"unknown marker shape '{unknown[0]}'; choose one of: {', '.join(MARKERS)}")
        object.__setattr__(self, "class_markers", markers)
        if n and (labels.min() < 0 or labels.max() >= n_classes):
            raise DatasetError(f"labels must lie between 0 and {n_classes - 1}")
        if self.domain is not None:
            xmin, xmax, ymin, ymax = (float(v) for v in self.domain)
            if not (np.isfinite([xmin, xmax, ymin, ymax]).all() and xmin < xmax and ymin < ymax):
                raise DatasetError(f"the plane's bounds must be finite with min < max, not {self.domain}")
            object.__setattr__(self, "domain", (xmin, xmax, ymin, ymax))
        if len(self.feature_names) != 2:
            raise DatasetError("a data set has exactly two features")
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "is_test", is_test)
        object.__setattr__(self, "class_names", tuple(self.class_names))
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        object.__setattr__(self, "class_colours", tuple(self.class_colours))

    @classmethod
    def create(
        cls,
        points: np.ndarray,
        labels: np.ndarray,
        *,
        test_ratio: float = 0.5,
        seed: int = 0,
        class_names: tuple[str, ...] | None = None,
        feature_names: tuple[str, str] = ("x1", "x2"),
        domain: tuple[float, float, float, float] | None = None,
        class_markers: tuple[str, ...] | None = None,
        task: str = "classify",
    ) -> Dataset:
        """Make a data set from points and labels, drawing a stratified-free random split from `seed`."""
        labels = np.asarray(labels, dtype=np.int64)
        if task == "fit":
            class_names = class_names or ("samples",)
            colours = (FIT_COLOUR,)
        elif class_names is None:
            n_classes = max(2, int(labels.max()) + 1 if len(labels) else 2)
            class_names = tuple(f"class {i}" for i in range(n_classes))
        if task != "fit":
            colours = CLASS_COLOURS[: len(class_names)]
        return cls(
            points=points,
            labels=labels,
            is_test=split_mask(len(labels), test_ratio, seed),
            class_names=class_names,
            feature_names=feature_names,
            class_colours=colours,
            domain=domain,
            class_markers=class_markers,
            task=task,
        )

    @classmethod
    def fit_samples(cls, points: np.ndarray, *, test_ratio: float = 0.5, seed: int = 0,
                    feature_names: tuple[str, str] = ("x", "y"),
                    domain: tuple[float, float, float, float] | None = None) -> Dataset:
        """Curve-fitting data: (x, y) samples; the network learns to predict y from x."""
        points = np.asarray(points, dtype=np.float32).reshape(-1, 2)
        return cls.create(points, np.zeros(len(points), np.int64), test_ratio=test_ratio, seed=seed,
                          feature_names=feature_names, domain=domain, task="fit")

    @property
    def is_fit(self) -> bool:
        return self.task == "fit"

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def train_points(self) -> np.ndarray:
        return self.points[~self.is_test]

    @property
    def train_labels(self) -> np.ndarray:
        return self.labels[~self.is_test]

    @property
    def test_points(self) -> np.ndarray:
        return self.points[self.is_test]

    @property
    def test_labels(self) -> np.ndarray:
        return self.labels[self.is_test]

    def with_split(self, test_ratio: float, seed: int) -> Dataset:
        """The same points with a new train/test split."""
        return Dataset(
            self.points, self.labels, split_mask(len(self), test_ratio, seed),
            self.class_names, self.feature_names, self.class_colours, self.domain, self.class_markers, self.task,
        )

    def bounds(self, margin: float = 0.1) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax) of the plane to show.

        The domain when every point lies inside it; otherwise the domain grown, keeping its proportions,
        to hold every point with a `margin` of the data's range. Without a domain, the data's range."""
        if len(self) == 0:
            return self.domain or (-6.0, 6.0, -6.0, 6.0)
        lo = self.points.min(axis=0).astype(np.float64)
        hi = self.points.max(axis=0).astype(np.float64)
        if self.domain is not None:
            d_lo = np.array([self.domain[0], self.domain[2]])
            d_hi = np.array([self.domain[1], self.domain[3]])
            if (lo >= d_lo).all() and (hi <= d_hi).all():
                return self.domain
            centre, half = (d_lo + d_hi) / 2, (d_hi - d_lo) / 2
            need = np.maximum(np.abs(lo - centre), np.abs(hi - centre)) + margin * (hi - lo)
            grow = float(np.max(need / half))
            lo, hi = centre - half * grow, centre + half * grow
        else:
            span = np.maximum(hi - lo, 1e-6 * np.maximum(1.0, np.abs(hi)))
            lo, hi = lo - margin * span, hi + margin * span
        return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def default_markers(n_classes: int) -> tuple[str, ...]:
    """One distinct plain shape per class, in order (the animal shapes are chosen, never given by default)."""
    plain = MARKERS[:8]
    return tuple(plain[i % len(plain)] for i in range(n_classes))


def share_of_test_points(dataset: Dataset, chosen: float | None = None, default: float = DEFAULT_TEST_SHARE) -> float:
    """The share of points kept aside as test points, for points added to this data or a new split of it.

    `chosen` when the learner chose one (a preset's test share); else the share this data has; for data without
    a point, `default` (half, as the presets have, unless the caller remembers a better one). Always a share
    that split_mask takes: between 0 and MAX_TEST_SHARE (data of test points only would leave nothing to
    train on)."""
    if chosen is not None:
        share = float(chosen)
    elif len(dataset):
        share = float(dataset.is_test.mean())
    else:
        share = float(default)
    if not np.isfinite(share):
        share = DEFAULT_TEST_SHARE
    return min(max(share, 0.0), MAX_TEST_SHARE)


def split_mask(n: int, test_ratio: float, seed: int) -> np.ndarray:
    """A boolean mask choosing round(n * test_ratio) test points at random, reproducibly from `seed`."""
    if not 0.0 <= test_ratio < 1.0:
        raise DatasetError(f"the test share must be at least 0 and below 1, not {test_ratio}")
    if not 0 <= seed <= MAX_SEED:
        raise DatasetError(f"the seed must be between 0 and {MAX_SEED}, not {seed}")
    n_test = max(0, min(round(n * test_ratio), n - 1))  # always keep a point to train on
    mask = np.zeros(n, dtype=bool)
    order = np.random.default_rng([seed, 1]).permutation(n)
    mask[order[:n_test]] = True
    return mask
