"""The data set most edit tests start from."""

from __future__ import annotations

import pytest

from playground.core.dataset import Dataset

from .edit_helpers import IS_TEST, LABELS, POINTS, make


@pytest.fixture
def ds() -> Dataset:
    return make(POINTS, LABELS, IS_TEST, n_classes=3, feature_names=("width", "height"), domain=(-6, 6, -6, 6))
