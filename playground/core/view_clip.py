"""The hidden picture's decision line and plane, clipped to its view: where the picture's coordinates hold all a
two-class output depends on, its decision boundary is straight (a line; in 3D a plane), and these give its part
inside the view exactly."""

from __future__ import annotations

import math

import numpy as np


def line_in_view(a: float, b: float, c: float, view: tuple[float, ...]) -> np.ndarray:
    """The line a·x + b·y + c = 0 clipped to the view (xmin, xmax, ymin, ymax): (1, 2, 2) float32 (its two ends),
    or (0, 2, 2) where it misses the view, only touches a corner, or is no line (a = b = 0, or not finite)."""
    xmin, xmax, ymin, ymax = (float(v) for v in view[:4])
    ends = []
    if b != 0:  # where it crosses the left and right sides
        ends += [(x, -(a * x + c) / b) for x in (xmin, xmax)]
    if a != 0:  # the bottom and top
        ends += [(-(b * y + c) / a, y) for y in (ymin, ymax)]
    inside = [e for e in ends if xmin <= e[0] <= xmax and ymin <= e[1] <= ymax]
    # The two ends furthest apart (a corner is met twice). (Plain floats: a handful of points.)
    gap, pair = max(((math.hypot(p[0] - q[0], p[1] - q[1]), (p, q)) for i, p in enumerate(inside)
                     for q in inside[i + 1:]), default=(0.0, None), key=lambda found: found[0])
    if pair is None or not gap > 0:
        return np.zeros((0, 2, 2), np.float32)
    return np.array([pair], np.float32)


def plane_in_box(normal: np.ndarray, offset: float, box: tuple[float, ...]) -> np.ndarray | None:
    """The plane normal·c + offset = 0 clipped to the box (xmin, xmax, ymin, ymax, zmin, zmax): its corners in
    order around it, (K, 3) with 3 <= K <= 6, or None where it misses the box."""
    norm = np.linalg.norm(normal)
    if norm < 1e-12:
        return None
    normal, offset = normal / norm, offset / norm
    lo, hi = np.array(box[0::2]), np.array(box[1::2])
    corners = np.array([[(hi if (i >> axis) & 1 else lo)[axis] for axis in range(3)] for i in range(8)])
    level = corners @ normal + offset
    found = []
    for i in range(8):
        for axis in range(3):
            j = i | (1 << axis)
            if j == i:
                continue
            a, b = level[i], level[j]
            if a == 0 and b == 0:
                found.extend([corners[i], corners[j]])
            elif (a <= 0 <= b) or (b <= 0 <= a):
                t = a / (a - b)
                found.append(corners[i] + t * (corners[j] - corners[i]))
    if len(found) < 3:
        return None
    points = np.unique(np.round(np.array(found), 12), axis=0)
    if len(points) < 3:
        return None
    centre = points.mean(axis=0)
    u = np.cross(normal, [1.0, 0.0, 0.0] if abs(normal[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(normal, u)
    angles = np.arctan2((points - centre) @ v, (points - centre) @ u)
    return points[np.argsort(angles)]
