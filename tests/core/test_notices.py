"""Notices: what the Trainer tells the learner when something they did makes no sense for learning (a weight
typed far beyond what training gives, no training points), shown as the snapshot's message."""

import math

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.notices import number_text
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingError, TrainingSettings

CPU = TrainingSettings(device="cpu")


@pytest.fixture(scope="module")
def gauss() -> Dataset:
    return generate(PresetSpec("gauss", points=200))


def plain(message: str) -> bool:
    return not {"nan", "inf", "infinity"} & set(message.lower().replace(",", " ").replace(".", " ").split())


# ----- a typed weight far beyond training -------------------------------------------------------------------
def test_a_weight_of_a_million_gets_a_notice_and_is_not_rolled_back(gauss):
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    trainer.set_weight(1, 0, 2, 1e6)  # hidden neuron 3 to the output
    notice = trainer.notice
    assert "1,000,000" in notice and "between -5 and 5" in notice and "nearer 1" in notice and plain(notice)
    snapshot = trainer.snapshot()
    assert snapshot.message == notice
    assert snapshot.metrics.train_loss > 1000  # the loss is huge, as the notice says
    assert trainer.step(50) == 50
    assert not trainer.diverged  # training goes on from the typed weight ...
    assert float(trainer.linear_layers()[1].weight[0, 2].detach()) > 1e5  # ... which is not taken back
    assert trainer.notice == notice
    trainer.set_weight(1, 0, 2, 0.5)  # typed back: the notice goes
    assert trainer.notice == "" and trainer.snapshot().message == ""


def test_a_sensible_weight_gets_no_notice(gauss):
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    for value in (3.0, -8.0, 40.0):
        trainer.set_weight(1, 0, 1, value)
        assert trainer.notice == ""


def test_a_first_layer_weight_in_the_datas_units(gauss):
    """The first layer is typed in the data's units: the notice then gives no range in the network's units."""
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    trainer.set_weight(0, 1, 0, -250_000.0)
    assert "-250,000" in trainer.notice and "much smaller" in trainer.notice
    trainer.set_weight(0, 1, 0, 1.0)
    assert trainer.notice == ""


def test_the_notice_goes_once_training_brings_the_weight_back(gauss):
    """Typed just beyond the limit, a weight that training pulls down loses its notice when it is back within."""
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), TrainingSettings("sgd", 1.0, regularization="l2",
                                                                         reg_rate=0.5, device="cpu"))
    trainer.set_weight(1, 0, 0, 101.0)  # L2 at rate 0.5 and step 1 halves it every step
    assert trainer.notice
    trainer.step(1)
    assert abs(float(trainer.linear_layers()[1].weight[0, 0].detach())) <= 100
    assert trainer.notice == ""


@pytest.mark.parametrize("change", [
    lambda t: t.reset(),
    lambda t: t.set_spec(NetworkSpec(hidden=(5,))),
    lambda t: t.load_weights(Trainer(t.dataset, t.spec, CPU).weights()),
])
def test_a_new_network_drops_the_notice(gauss, change):
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    trainer.set_weight(1, 0, 2, 1e6)
    change(trainer)
    assert trainer.notice == ""


def test_weights_beyond_a_million_are_refused(gauss):
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    with pytest.raises(TrainingError, match="between -1,000,000 and 1,000,000"):
        trainer.set_weight(1, 0, 2, 2e6)


def test_a_divergence_message_comes_before_a_notice():
    # Measured: a linear 2-8-8-1 network under SGD at the top rate overflows within ten steps, from any start.
    trainer = Trainer(generate(PresetSpec("xor")), NetworkSpec(hidden=(8, 8), activation="linear"),
                      TrainingSettings("sgd", 10.0, device="cpu"))
    trainer.set_weight(2, 0, 3, 500.0)
    for _ in range(20):
        trainer.step(1)
    assert trainer.diverged
    assert trainer.notice  # the typed weight is back with the restored weights ...
    assert trainer.snapshot().message == trainer.divergence_message  # ... but the divergence is said first


# ----- no training points -----------------------------------------------------------------------------------
def test_all_test_points_stop_training_with_a_reason():
    points = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
    data = Dataset(points=points, labels=np.array([0, 1, 0, 1]), is_test=np.ones(4, bool))
    trainer = Trainer(data, NetworkSpec(hidden=(3,)), CPU)
    assert trainer.n_train == 0
    assert trainer.step(10) == 0
    notice = trainer.notice
    assert "no training points" in notice and "test share" in notice
    snapshot = trainer.snapshot()
    assert snapshot.message == notice
    assert math.isfinite(snapshot.metrics.test_loss)
    trainer.set_dataset(data.with_split(0.5, 0))
    assert trainer.notice == "" and trainer.step(3) == 3


def test_no_points_at_all_say_to_draw_some(gauss):
    trainer = Trainer(gauss, NetworkSpec(), CPU)
    empty = Dataset(points=np.zeros((0, 2)), labels=np.zeros(0, int), is_test=np.zeros(0, bool),
                    domain=gauss.bounds())
    trainer.set_dataset(empty)
    assert trainer.step(1) == 0
    assert "draw some" in trainer.notice and trainer.snapshot().message == trainer.notice


# ----- numbers as a learner reads them ----------------------------------------------------------------------
@pytest.mark.parametrize(("value", "text"), [
    (0.6931, "0.69"), (43.2, "43"), (1.3, "1.3"), (460_000.4, "460,000"), (1e6, "1,000,000"), (-250_000, "-250,000"),
    (2e-5, "0.00002"), (0.0012, "0.0012"), (3e12, "more than a billion"), (math.nan, "more than a computer can hold"),
    (math.inf, "more than a computer can hold"),
])
def test_number_text(value, text):
    assert number_text(value) == text


def test_typed_weights_and_torchs_state(gauss):
    """Typing a weight does not touch torch's global random state (the notice check reads values only)."""
    trainer = Trainer(gauss, NetworkSpec(hidden=(4,)), CPU)
    torch.manual_seed(7)
    expected = torch.rand(2)
    torch.manual_seed(7)
    trainer.set_weight(1, 0, 2, 1e6)
    assert torch.equal(torch.rand(2), expected)
