"""The hidden picture without the morph goes through grid_pass.py's fused layers (the snapshot's plan): the layer's
values, the grid's cells' outputs and the decision line are what the network's own modules give, at every layer
and stage, for every activation, several classes and curve fitting."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core import grid_pass
from playground.core.hidden_frames import HiddenRequest
from playground.core.hidden_space import HiddenSpaceTracker
from playground.core.network import NetworkSpec
from playground.core.network_spec import ACTIVATION_NAMES
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

from .test_snapshot_maker import three_classes

SETTINGS = TrainingSettings("adam", 0.03, batch_size=10, device="cpu")
CASES = {
    **{f"{name} 5,3": (lambda: generate(PresetSpec("spiral", points=120)), NetworkSpec((5, 3), name))
       for name in ACTIVATION_NAMES if name != "step"},
    "tanh 4,2": (lambda: generate(PresetSpec("spiral", points=120)), NetworkSpec((4, 2), "tanh")),
    "mixed, features, dropout": (lambda: generate(PresetSpec("circle", points=120)),
                                 NetworkSpec((4, 3, 2), ("tanh", "relu", "linear"),
                                             features=("x1", "x2", "x1x2", "sinx1"), dropout=0.2)),
    "three classes": (three_classes, NetworkSpec((6, 4), ("tanh", "gelu"), n_classes=3)),
    "fit": (lambda: generate(PresetSpec("wave", points=60)),
            NetworkSpec((6, 3), "tanh", n_classes=1, features=("x1", "x1sq"), task="fit")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_fused_layers_give_the_modules_picture(case):
    make_data, spec = CASES[case]
    trainer = Trainer(make_data(), spec, SETTINGS)
    trainer.step(30)
    trainer.model.eval()
    assert grid_pass.plain(trainer.model)
    plan = grid_pass.GridPass().plan(trainer.model)
    bounds = trainer.dataset.bounds()
    for layer in range(1, len(spec.hidden) + 1):
        for stage in ("affine", "activation"):
            request = HiddenRequest(layer, stage)
            fused, modules = (HiddenSpaceTracker().frame(trainer.model, spec.hidden, spec.activations, bounds,
                                                         trainer.dataset.points, request, trainer._output_values,
                                                         plan=given) for given in (plan, None))
            assert fused.stage_names == modules.stage_names and fused.axis_titles == modules.axis_titles
            scale = max(1.0, float(np.abs(modules.grid).max()))
            for got, expected in ((fused.grid, modules.grid), (fused.points, modules.points),
                                  (fused.cell_values, modules.cell_values)):
                np.testing.assert_allclose(got, expected, rtol=1e-4, atol=2e-5 * scale)
            assert (fused.regions is None) == (modules.regions is None)
            if modules.regions is not None:
                np.testing.assert_allclose(fused.regions, modules.regions, atol=1e-4)
                np.testing.assert_allclose(fused.decision_segments, modules.decision_segments,
                                           atol=1e-4 * (modules.view[1] - modules.view[0]))


def test_the_snapshot_hands_its_plan_to_the_hidden_picture_and_the_morph_goes_module_by_module(monkeypatch):
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((4, 2), "tanh"), SETTINGS)
    trainer.step(20)
    trainer.hidden_request = HiddenRequest(2)
    calls = []
    chosen = grid_pass.chosen_layer
    monkeypatch.setattr("playground.core.hidden_space.chosen_layer", lambda *a: calls.append(1) or chosen(*a))
    assert trainer.snapshot().hidden is not None and calls == [1]
    assert len(trainer.snapshot(morph=True).hidden.stage_names) > 1 and calls == [1]
    with torch.no_grad():
        trainer.linear_layers()[1].weight[0, 0] = float("nan")
    snapshot = trainer.snapshot()  # values no longer finite: a note in place of the picture
    assert snapshot.hidden is None and "no longer finite" in snapshot.hidden_note and calls == [1, 1]


@pytest.mark.parametrize("case", ["relu 5,3", "tanh 4,2", "mixed, features, dropout"])
def test_the_chosen_layer_holds_every_points_values_and_the_tail_the_output(case):
    make_data, spec = CASES[case]
    trainer = Trainer(make_data(), spec, SETTINGS)
    trainer.step(30)
    trainer.model.eval()
    plan = grid_pass.GridPass().plan(trainer.model)
    points = torch.as_tensor(np.array(trainer.dataset.points), dtype=torch.float32)
    with torch.no_grad():
        x = trainer.model[1][0](trainer.model[0](points))
        features = x.T.contiguous()
        expected, modules = [], [m for m in trainer.model[1][1:] if not isinstance(m, torch.nn.Dropout)]
        for module in modules:
            x = torch.tanh(x) if isinstance(module, torch.nn.Tanh) else module(x)
            expected.append(x.clone())  # affine, activation, affine, ... then the output
    for layer in range(1, len(spec.hidden) + 1):
        for stage in ("affine", "activation"):
            chosen, output = grid_pass.chosen_layer(plan, features, layer, stage, 7)
            want = expected[2 * (layer - 1) + (stage == "activation")]
            np.testing.assert_allclose(chosen.numpy(), want.numpy(), rtol=1e-5, atol=2e-6)
            np.testing.assert_allclose(output.numpy(), expected[-1][-7:].numpy(), rtol=1e-5, atol=2e-6)


def test_a_kept_trackers_plane_features_follow_the_networks_features_and_stay_intact():
    dataset = generate(PresetSpec("circle", points=100))
    plain_inputs = Trainer(dataset, NetworkSpec((2,), "relu"), SETTINGS)  # (drawn as it is: no PCA to keep)
    more_inputs = Trainer(dataset, NetworkSpec((2,), "relu", features=("x1", "x2", "x1x2", "sinx1")), SETTINGS)
    more_inputs.model[0].load_state_dict(plain_inputs.model[0].state_dict())  # the same scaling: the same plane
    kept = HiddenSpaceTracker()
    for trainer in (plain_inputs, more_inputs, more_inputs, plain_inputs):
        trainer.model.eval()
        args = (trainer.model, trainer.spec.hidden, trainer.spec.activations, dataset.bounds(), dataset.points,
                HiddenRequest(1, "affine"), trainer._output_values)
        plan = grid_pass.GridPass().plan(trainer.model)
        got, expected = kept.frame(*args, plan=plan), HiddenSpaceTracker().frame(*args, plan=None)
        np.testing.assert_allclose(got.points, expected.points, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(got.cell_values, expected.cell_values, rtol=1e-5, atol=1e-5)
