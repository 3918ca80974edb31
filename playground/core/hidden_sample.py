"""Which data points the hidden-space picture carries when the data set is big.

Carrying 100,000 points through the network and to the window every frame costs more than the rest of a frame
together, and a picture of that many points shows no more than one of a few thousand. So a big data set is drawn
from a fixed sample of at most HIDDEN_SAMPLE points:
- stratified: each class's training points and its test points keep their shares (each one present at all
  keeps at least one point);
- fixed: the choice depends only on the points themselves (their coordinates and classes), not on the frame,
  so the same points are drawn frame after frame and the picture does not flicker; a point drawn or erased
  elsewhere leaves the others' choice as it was (within each group the points with the lowest hash of their
  coordinates are taken, a seeded random choice that does not depend on the points' order);
- spread as the data is: a random choice follows the data's own density.
The plane uses every point. While training, a big data set through a big network also has its metrics and
mistakes measured on a fixed sample of this kind (snapshot_maker.py: METRICS_SAMPLE points, fewer for a network
so big that they would cost too much; then the hidden space carries that sample, from the same pass).
"""

from __future__ import annotations

import numpy as np

HIDDEN_SAMPLE = 5000  # the most points the hidden space carries


def hidden_sample(points: np.ndarray, labels: np.ndarray, is_test: np.ndarray,
                  limit: int = HIDDEN_SAMPLE) -> np.ndarray | None:
    """The indices (sorted, int32) of the points the hidden space carries, or None when it carries them all."""
    n = len(labels)
    if n <= limit:
        return None
    groups = np.asarray(labels, np.int64) * 2 + np.asarray(is_test, bool)
    counts = np.unique(groups, return_counts=True)[1]
    take = _shares(counts, limit)
    order = np.lexsort((_coordinate_hash(points), groups))  # by group, then by hash within each
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    chosen = np.concatenate([order[start:start + k] for start, k in zip(starts, take, strict=True)])
    return np.sort(chosen).astype(np.int32)


class HiddenPoints:
    """The hidden space's points for a data set (or another sample of at most `limit` points), kept while the
    data set stays (a new one is a new object)."""

    def __init__(self, limit: int = HIDDEN_SAMPLE) -> None:
        self.limit = limit
        self._kept: tuple[object, np.ndarray | None, np.ndarray, int] | None = None  # (data set, index, points, limit)

    def of(self, dataset) -> tuple[np.ndarray | None, np.ndarray]:
        """(None, every point) or, for a big data set, (the sample's indices, those points): the same arrays
        while the data set and the limit are the same, so what is computed from them can be kept too."""
        kept = self._kept
        if kept is None or kept[0] is not dataset or kept[3] != self.limit:
            index = hidden_sample(dataset.points, dataset.labels, dataset.is_test, self.limit)
            points = dataset.points if index is None else np.ascontiguousarray(np.asarray(dataset.points)[index])
            kept = self._kept = (dataset, index, points, self.limit)
        return kept[1], kept[2]


def _shares(counts: np.ndarray, limit: int) -> np.ndarray:
    """How many points to take from each group: in proportion to its size, `limit` in all (largest remainders
    rounded up), and at least one from each group."""
    exact = counts * (limit / counts.sum())
    take = np.floor(exact).astype(np.int64)
    short = limit - int(take.sum())
    if short > 0:
        take[np.argsort(-(exact - take), kind="stable")[:short]] += 1
    empty = take == 0
    take[empty] = 1
    for _ in range(int(empty.sum())):  # the ones added back taken from the largest groups
        take[int(np.argmax(take))] -= 1
    return np.minimum(take, counts)


def _coordinate_hash(points: np.ndarray) -> np.ndarray:
    """A well-mixed 64-bit hash of each point's float32 coordinates (splitmix64's finaliser)."""
    bits = np.ascontiguousarray(np.asarray(points, np.float32).reshape(-1, 2)).view(np.uint32).astype(np.uint64)
    h = (bits[:, 0] << np.uint64(32)) | bits[:, 1]
    h = h + np.uint64(0x9E3779B97F4A7C15)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))
