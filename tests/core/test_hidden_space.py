"""Hidden space: the plane carried through the network, with hand-set weights and during training."""

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.hidden_space import GRID_CELLS, HiddenRequest, HiddenSpaceError
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

CPU = TrainingSettings(device="cpu")



def trainer_for(preset: str, hidden: tuple[int, ...], activation: str = "tanh", points: int = 200) -> Trainer:
    return Trainer(generate(PresetSpec(preset, points=points)), NetworkSpec(hidden, activation), CPU)


def set_layer(trainer: Trainer, k: int, weight, bias) -> None:
    with torch.no_grad():
        layer = trainer.linear_layers()[k]
        layer.weight.copy_(torch.as_tensor(weight, dtype=torch.float32))
        layer.bias.copy_(torch.as_tensor(bias, dtype=torch.float32))


def frame(trainer: Trainer, request: HiddenRequest):
    trainer.hidden_request = request
    result, note = trainer.hidden_frame()
    assert note == ""
    return result


def input_grid() -> np.ndarray:
    """The carried grid before the network touches it: the plane scaled to [-1, 1]^2."""
    axis = np.linspace(-1, 1, GRID_CELLS + 1)
    gx, gy = np.meshgrid(axis, axis)
    return np.stack([gx, gy], axis=2)


def test_an_identity_layer_reproduces_the_input_grid_exactly():
    trainer = trainer_for("xor", (2,), "linear")
    set_layer(trainer, 0, np.eye(2), [0.0, 0.0])
    for stage in ("affine", "activation"):
        f = frame(trainer, HiddenRequest(1, stage, morph=True))
        np.testing.assert_allclose(f.grid, input_grid(), atol=1e-6)
        np.testing.assert_allclose(f.stage_positions[0][: f.n_vertices], input_grid().reshape(-1, 2), atol=1e-6)
        assert f.axis_titles == ("neuron 1", "neuron 2") and f.exact
    # the data points are carried along the same way
    bounds = trainer.dataset.bounds()
    centre = np.array([(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2])
    half = np.array([(bounds[1] - bounds[0]) / 2, (bounds[3] - bounds[2]) / 2])
    np.testing.assert_allclose(f.points, (trainer.dataset.points - centre) / half, atol=1e-5)


def test_a_tanh_layers_grid_lies_inside_the_unit_square():
    trainer = trainer_for("spiral", (2,), "tanh")
    set_layer(trainer, 0, [[9.0, -4.0], [3.0, 7.0]], [0.5, -2.0])  # large weights: saturated corners
    f = frame(trainer, HiddenRequest(1, "activation"))
    assert np.abs(f.grid).max() <= 1.0 and np.abs(f.points).max() <= 1.0
    assert np.abs(f.grid).max() > 0.99  # really pushed against the walls
    assert f.view == pytest.approx((-1.16, 1.16, -1.16, 1.16))  # fixed axes for a bounded activation
    affine = frame(trainer, HiddenRequest(1, "affine"))
    assert np.abs(affine.grid).max() > 5  # before the activation it is a plain affine map


def test_stages_follow_olahs_decomposition():
    trainer = trainer_for("xor", (3, 2))
    f = frame(trainer, HiddenRequest(2, "activation", morph=True))
    assert f.stage_names == ("input plane", "layer 1: W·x", "layer 1: + b", "layer 1: tanh",
                             "layer 2: W·x", "layer 2: + b", "layer 2: tanh")
    assert len(f.stage_positions) == len(f.stage_views) == len(f.stage_names)
    last = f.stage_positions[-1]
    np.testing.assert_allclose(last[: f.n_vertices], f.grid.reshape(-1, 2), atol=1e-6)
    np.testing.assert_allclose(last[f.n_vertices:], f.points, atol=1e-6)
    affine = frame(trainer, HiddenRequest(2, "affine", morph=True))
    assert affine.stage_names[-1] == "layer 2: + b"


def test_without_the_morph_a_frame_holds_its_own_stage_only():
    trainer = trainer_for("xor", (3, 2))
    full = frame(trainer, HiddenRequest(2, "activation", morph=True))
    lean = frame(trainer, HiddenRequest(2, "activation"))
    assert lean.stage_names == ("layer 2: tanh",) and len(lean.stage_positions) == len(lean.stage_views) == 1
    np.testing.assert_allclose(lean.grid, full.grid, atol=1e-6)
    np.testing.assert_allclose(lean.stage_positions[0], full.stage_positions[-1], atol=1e-6)
    # asked for by the caller (the training loop does so while paused), the stages come back
    assert len(trainer.hidden_frame(morph=True)[0].stage_names) == len(full.stage_names)


def side_of_line(segments: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which side of the (straight) decision line each point lies on: +1 or -1."""
    ends = segments.reshape(-1, 2)
    a, b = ends[np.argmin(ends[:, 0] + ends[:, 1])], ends[np.argmax(ends[:, 0] + ends[:, 1])]
    if np.allclose(a, b):
        a, b = ends[np.argmin(ends[:, 1])], ends[np.argmax(ends[:, 1])]
    cross = (b[0] - a[0]) * (points[:, 1] - a[1]) - (b[1] - a[1]) * (points[:, 0] - a[0])
    return np.sign(cross), np.hypot(*(b - a))


@pytest.mark.parametrize(("hidden", "axes"), [((2,), "as it is"), ((8,), "toward the output")])
def test_the_decision_line_in_hidden_space_agrees_with_the_boundary_view(hidden, axes):
    trainer = trainer_for("interleaved-curves", hidden, points=300)
    trainer.step(800)
    f = frame(trainer, HiddenRequest(1, "activation"))
    assert f.exact and f.decision_segments is not None and len(f.decision_segments)
    if axes == "toward the output":
        assert f.axis_titles[0] == "toward the output"
        xs = f.decision_segments[:, :, 0]
        assert xs.max() - xs.min() < 1e-3 * (f.view[1] - f.view[0])  # a vertical line
    # What the boundary view shows for every data point: the class its probability map gives there.
    logits = trainer.model(torch.as_tensor(np.array(trainer.dataset.points)))
    predicted = trainer.probabilities_of(logits).argmax(1).numpy()
    side, _ = side_of_line(f.decision_segments, f.points)
    clear = side != 0
    for cls in (0, 1):
        sides = set(side[clear & (predicted == cls)].tolist())
        assert len(sides) == 1, f"class {cls} points lie on both sides of the line"
    assert set(side[clear & (predicted == 0)]) != set(side[clear & (predicted == 1)])


def test_two_tanh_neurons_pull_the_two_curves_apart_until_a_line_separates_them():
    """Olah's first example: no straight line separates the curves in the plane; in the hidden space of two tanh
    neurons, after training, the output's straight line has every point of each curve on its own side."""
    flat = trainer_for("two-curves", (), points=300)
    flat.step(3000)
    assert flat.metrics().train_accuracy < 0.93
    trainer = trainer_for("two-curves", (2,), points=300)
    trainer.step(3000)
    assert trainer.metrics().train_accuracy == 1.0 and trainer.metrics().test_accuracy == 1.0
    f = frame(trainer, HiddenRequest(1, "activation"))
    side, _ = side_of_line(f.decision_segments, f.points)
    labels = trainer.dataset.labels
    assert len(set(side[labels == 0].tolist())) == 1 and len(set(side[labels == 1].tolist())) == 1
    assert set(side[labels == 0].tolist()) != set(side[labels == 1].tolist())


def test_pca_orientation_stays_steady_while_training():
    trainer = Trainer(generate(PresetSpec("spiral", points=300)), NetworkSpec((8, 8)), CPU)
    trainer.hidden_request = HiddenRequest(1, "activation")  # feeds a hidden layer: plain PCA
    previous = None
    for _ in range(40):
        trainer.step(5)
        f, _ = trainer.hidden_frame()
        assert f.axis_titles == ("PC 1", "PC 2")
        if previous is not None:
            for axis in range(2):  # no flips: each axis keeps pointing the same way
                correlation = np.corrcoef(previous.points[:, axis], f.points[:, axis])[0, 1]
                assert correlation > 0.9
            # and the view eases instead of jumping
            assert np.abs(np.subtract(f.view, previous.view)).max() < 0.3 * (previous.view[1] - previous.view[0])
        previous = f


def test_two_neurons_chosen_as_axes():
    trainer = trainer_for("xor", (5,))
    f = frame(trainer, HiddenRequest(1, "activation", neurons=(3, 1)))
    assert f.axis_titles == ("neuron 4", "neuron 2") and not f.exact and f.decision_segments is None
    layer = trainer.linear_layers()[0]
    u = torch.as_tensor(input_grid().reshape(-1, 2), dtype=torch.float32)
    expected = torch.tanh(u @ layer.weight.T + layer.bias)[:, [3, 1]].detach().numpy()
    np.testing.assert_allclose(f.grid.reshape(-1, 2), expected, atol=1e-5)


def test_choices_that_do_not_fit_the_network_are_explained():
    trainer = trainer_for("xor", ())
    trainer.hidden_request = HiddenRequest(1)
    frame_, note = trainer.hidden_frame()
    assert frame_ is None and "no hidden layer" in note
    assert trainer.snapshot().hidden_note == note
    trainer = trainer_for("xor", (4,))
    trainer.hidden_request = HiddenRequest(2)
    assert "1 hidden layer" in trainer.hidden_frame()[1]
    with pytest.raises(HiddenSpaceError):
        HiddenRequest(1, "after")


def test_snapshots_carry_the_frame_and_the_mistakes():
    trainer = trainer_for("xor", (4,))
    trainer.hidden_request = HiddenRequest(1)
    snapshot = trainer.snapshot()
    assert snapshot.hidden is not None and len(snapshot.hidden.points) == len(trainer.dataset)
    assert snapshot.misclassified.shape == (len(trainer.dataset),)
    trainer.hidden_request = None
    assert trainer.snapshot().hidden is None


def test_a_diverged_network_gets_a_note_not_a_crash():
    trainer = Trainer(generate(PresetSpec("gauss", points=200)), NetworkSpec((8, 8, 8, 8), "linear"),
                      TrainingSettings("sgd", 10.0, device="cpu"))
    trainer.hidden_request = HiddenRequest(4)
    while not trainer.diverged:
        trainer.step(1)
    assert trainer.snapshot().hidden is not None  # the weights went back to good ones: drawn as ever
    with torch.no_grad():  # weights that are no longer numbers (the Trainer never keeps them: forced here)
        trainer.linear_layers()[1].weight.fill_(float("nan"))
    snapshot = trainer.snapshot()
    assert snapshot.hidden is None and "diverged" in snapshot.hidden_note


# ----- 3D -------------------------------------------------------------------------------------------------
def test_a_three_neuron_identity_like_layer_in_3d_is_the_input_grid_lifted_by_the_third_neuron():
    trainer = trainer_for("xor", (3,), "linear")
    set_layer(trainer, 0, [[1.0, 0.0], [0.0, 1.0], [0.5, -0.25]], [0.0, 0.0, 0.1])
    grid = input_grid()
    for stage in ("affine", "activation"):
        f = frame(trainer, HiddenRequest(1, stage, dims=3))
        assert f.dims == 3 and f.grid.shape == (GRID_CELLS + 1, GRID_CELLS + 1, 3) and f.points.shape[1] == 3
        assert f.axis_titles == ("neuron 1", "neuron 2", "neuron 3") and f.exact
        np.testing.assert_allclose(f.grid[..., :2], grid, atol=1e-6)
        np.testing.assert_allclose(f.grid[..., 2], 0.5 * grid[..., 0] - 0.25 * grid[..., 1] + 0.1, atol=1e-6)
        assert len(f.view) == 6
        sides = np.subtract(f.view[1::2], f.view[0::2])
        assert np.allclose(sides, sides[0])  # a cube: no axis stretched
        assert f.decision_segments is None and f.regions is None
    # three chosen neurons, in another order
    f = frame(trainer, HiddenRequest(1, "affine", neurons=(2, 0, 1), dims=3))
    assert f.axis_titles == ("neuron 3", "neuron 1", "neuron 2")
    np.testing.assert_allclose(f.grid[..., 1], grid[..., 0], atol=1e-6)


def test_the_3d_morph_starts_flat_and_ends_at_the_frame():
    trainer = trainer_for("xor", (4, 5))
    f = frame(trainer, HiddenRequest(2, "activation", morph=True, dims=3))
    assert f.stage_names[0] == "input plane" and len(f.stage_positions) == len(f.stage_views) == len(f.stage_names)
    start = f.stage_positions[0]
    np.testing.assert_allclose(start[: f.n_vertices, :2], input_grid().reshape(-1, 2), atol=1e-6)
    assert np.all(start[:, 2] == 0)  # the input plane lies flat
    assert np.ptp(f.stage_positions[3][:, 2]) > 1e-3  # layer 1's tanh has lifted it into 3D
    np.testing.assert_allclose(f.stage_positions[-1][: f.n_vertices], f.grid.reshape(-1, 3), atol=1e-6)
    np.testing.assert_allclose(f.stage_positions[-1][f.n_vertices:], f.points, atol=1e-6)
    assert all(len(view) == 6 for view in f.stage_views)


def test_3d_pca_orientation_stays_steady_while_training():
    trainer = Trainer(generate(PresetSpec("spiral", points=300)), NetworkSpec((8, 8)), CPU)
    trainer.hidden_request = HiddenRequest(1, "activation", dims=3)  # feeds a hidden layer: plain PCA
    previous = None
    for _ in range(40):
        trainer.step(5)
        f, _ = trainer.hidden_frame()
        assert f.axis_titles == ("PC 1", "PC 2", "PC 3") and not f.exact and f.decision_plane is None
        if previous is not None:
            for axis in range(3):  # no flips and no swaps: each axis keeps pointing the same way
                correlation = np.corrcoef(previous.points[:, axis], f.points[:, axis])[0, 1]
                assert correlation > 0.9, (axis, correlation)
            side = previous.view[1] - previous.view[0]
            assert np.abs(np.subtract(f.view, previous.view)).max() < 0.3 * side  # the cube eases
        previous = f


def side_of_plane(polygon: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which side of the plane through the polygon each point lies on: +1, -1 (0 on it)."""
    p = polygon.astype(np.float64)
    normal = max((np.cross(p[i] - p[0], p[j] - p[0]) for i in range(1, len(p)) for j in range(i + 1, len(p))),
                 key=np.linalg.norm)
    return np.sign((points - p[0]) @ normal)


@pytest.mark.parametrize(("hidden", "title"), [((3,), "neuron 1"), ((8,), "toward the output")])
def test_the_decision_plane_agrees_with_the_networks_classification(hidden, title):
    trainer = trainer_for("interleaved-curves", hidden, points=300)
    trainer.step(800)
    f = frame(trainer, HiddenRequest(1, "activation", dims=3))
    assert f.exact and f.axis_titles[0] == title
    plane = f.decision_plane
    assert plane is not None and plane.shape[1] == 3 and 3 <= len(plane) <= 6
    lo, hi = np.array(f.view[0::2]), np.array(f.view[1::2])
    assert np.all(plane >= lo - 1e-5) and np.all(plane <= hi + 1e-5)  # clipped to the cube
    logits = trainer.model(torch.as_tensor(np.array(trainer.dataset.points)))
    predicted = trainer.probabilities_of(logits).argmax(1).numpy()
    side = side_of_plane(plane, f.points.astype(np.float64))
    clear = side != 0
    assert clear.mean() > 0.95
    assert set(side[clear & (predicted == 0)].tolist()) == {-side[clear & (predicted == 1)][0]}
    assert len(set(side[clear & (predicted == 1)].tolist())) == 1
    # three chosen neurons of a wider layer do not hold all the output depends on: no plane
    if hidden == (8,):
        assert frame(trainer, HiddenRequest(1, "activation", (0, 1, 2), dims=3)).decision_plane is None


def test_3d_choices_that_do_not_fit_are_explained():
    trainer = trainer_for("xor", (2,))
    trainer.hidden_request = HiddenRequest(1, dims=3)
    frame_, note = trainer.hidden_frame()
    assert frame_ is None and "3 neurons or more" in note and "has 2" in note
    with pytest.raises(HiddenSpaceError, match="3 neurons"):
        HiddenRequest(1, neurons=(0, 1), dims=3)
    with pytest.raises(HiddenSpaceError, match="2 neurons"):
        HiddenRequest(1, neurons=(0, 1, 2))
    with pytest.raises(HiddenSpaceError, match="2 or 3"):
        HiddenRequest(1, dims=4)
    trainer = trainer_for("xor", (4,))
    trainer.hidden_request = HiddenRequest(1, neurons=(0, 1, 7), dims=3)
    assert "4 neurons" in trainer.hidden_frame()[1]


def test_pca_of_many_points_is_the_pca_of_all_of_them():
    """With many points PCA is fitted to an even sample of them: the axes must still be the whole cloud's (a
    sample of the first points only would see one class of a preset generated class by class)."""
    rng = np.random.default_rng(0)
    n = 15_000  # per class, one class after the other: a sample of the first points would see one cloud only
    cloud = rng.normal(size=(n, 2)) * (0.3, 2.0)  # tall and thin: alone, its widest spread is up
    points = np.concatenate([cloud + np.array([-3.0, 0.0]), cloud + np.array([3.0, 0.0])])  # together: across
    dataset = Dataset.create(points.astype(np.float32), np.repeat([0, 1], n))
    trainer = Trainer(dataset, NetworkSpec((6, 4), "tanh"), CPU)
    shown = frame(trainer, HiddenRequest(1))  # a layer that does not feed the output: plain PCA axes
    layers = trainer.model[1]
    with torch.no_grad():
        h = layers[:3](trainer.model[0](torch.as_tensor(np.array(trainer.dataset.points)))).double().numpy()
    # The picture's map h -> (h - centre)·Bᵀ, recovered from the points drawn (a sample of them: 30,000 points).
    assert shown.point_index is not None
    design = np.c_[h[shown.point_index], np.ones(len(shown.point_index))]
    solution, *_ = np.linalg.lstsq(design, shown.points.astype(np.float64), rcond=None)
    drawn = np.linalg.qr(solution[:6])[0]  # an orthonormal basis of the plane drawn, in the layer's space
    centred = h - h.mean(axis=0)
    whole = np.linalg.svd(centred, full_matrices=False)[2][:2].T  # the whole cloud's top two directions
    # The two planes coincide: the cosines of the principal angles between them are 1.
    cosines = np.linalg.svd(drawn.T @ whole, compute_uv=False)
    assert cosines.min() > 0.999


def test_a_cloud_that_jumps_clear_of_the_view_is_shown_at_once():
    """The view eases toward the data's range, but a small cloud (a collapsed layer early in training) that jumps
    to a place the view does not reach at all is not left out of sight while the view creeps after it."""
    trainer = trainer_for("xor", (2,), "relu")
    request = HiddenRequest(1, "affine")

    def cloud_at(x: float, y: float):
        set_layer(trainer, 0, [[1e-3, 0.0], [0.0, 1e-3]], [x, y])  # every point within about 0.002 of (x, y)
        return frame(trainer, request)

    def centre(f) -> float:
        return (f.view[0] + f.view[1]) / 2

    first = cloud_at(0.3, 0.2)
    width = first.view[1] - first.view[0]
    eased = cloud_at(0.3 + 0.5 * width, 0.2)  # half a view across: still overlapping
    assert centre(first) < centre(eased) < eased.points[:, 0].mean() - 0.25 * width  # part of the way, not snapped
    jumped = cloud_at(5.0, -4.0)  # far from the view: shown at once
    xmin, xmax, ymin, ymax = jumped.view
    assert xmin <= jumped.points[:, 0].min() and jumped.points[:, 0].max() <= xmax
    assert ymin <= jumped.points[:, 1].min() and jumped.points[:, 1].max() <= ymax


def test_the_view_holds_still_while_the_cloud_moves_inside_it_and_follows_when_it_outgrows_it():
    """Axes that hold still show the cloud's own motion (and cost the window no new layout each frame); the view
    moves only when the cloud outgrows it or shrinks to a small part of it, then settles again."""
    trainer = trainer_for("xor", (2,), "relu")
    request = HiddenRequest(1, "affine")

    def cloud(scale: float, shift: float = 0.0):
        set_layer(trainer, 0, [[scale, 0.0], [0.0, scale]], [shift, 0.0])
        return frame(trainer, request)

    def inside(f) -> bool:
        xmin, xmax, ymin, ymax = f.view
        xs, ys = f.points[:, 0], f.points[:, 1]
        return xmin <= xs.min() and xs.max() <= xmax and ymin <= ys.min() and ys.max() <= ymax

    first = cloud(1.0)
    assert inside(first)
    side = first.view[1] - first.view[0]
    for scale, shift in ((1.03, 0.0), (0.97, 0.02 * side), (1.05, -0.02 * side)):  # small moves: the same view
        assert cloud(scale, shift).view == first.view
    grown = [cloud(3.0) for _ in range(60)]
    assert grown[0].view != first.view  # it moves ...
    steps = np.abs(np.diff([f.view for f in grown], axis=0)).max(axis=1)
    assert steps.max() < 0.3 * (grown[-1].view[1] - grown[-1].view[0])  # ... easing, not jumping ...
    assert inside(grown[-1]) and grown[-1].view == grown[-2].view  # ... and settles around the cloud
    shrunk = [cloud(0.5) for _ in range(60)]  # a quarter of the side: the view closes in
    assert shrunk[-1].view[1] - shrunk[-1].view[0] < 0.5 * (grown[-1].view[1] - grown[-1].view[0])
    assert inside(shrunk[-1]) and shrunk[-1].view == shrunk[-2].view
