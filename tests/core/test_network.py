"""NetworkSpec, parse_hidden, the torch module built from a spec and class probabilities."""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from playground.core.features import FeatureMap
from playground.core.network import (
    ACTIVATIONS,
    MAX_LAYERS,
    MAX_WIDTH,
    NetworkSpec,
    Normalisation,
    SpecError,
    Tanh,
    build_module,
    class_probabilities,
    one_hot,
    parse_hidden,
)


# ----- parse_hidden ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("8, 8", (8, 8)),
    ("8,8", (8, 8)),
    ("8 8", (8, 8)),
    (" 4 ,2,  1 ", (4, 2, 1)),
    ("3", (3,)),
    ("64", (64,)),
    ("", ()),
    ("   ", ()),
    (",", ()),
])
def test_parse_hidden(text, expected):
    assert parse_hidden(text) == expected


@pytest.mark.parametrize("text", ["8,x", "0", "65", "8,-1", "2.5", "8,,0", ",".join(["2"] * (MAX_LAYERS + 1))])
def test_parse_hidden_rejects(text):
    with pytest.raises(SpecError):
        parse_hidden(text)


def test_parse_hidden_message_quotes_the_text():
    with pytest.raises(SpecError, match="8,x"):
        parse_hidden("8,x")


# ----- NetworkSpec -----------------------------------------------------------------------------
def test_spec_defaults_and_describe():
    spec = NetworkSpec()
    assert spec.hidden == (8, 8)
    assert spec.activation == "tanh"
    assert spec.describe() == "2-8-8-1 tanh"
    assert NetworkSpec(hidden=()).describe() == "2-1 (a single neuron)"
    assert NetworkSpec(hidden=(4,), activation="relu", n_classes=3).describe() == "2-4-3 relu"


def test_spec_hidden_becomes_a_tuple_of_ints():
    spec = NetworkSpec(hidden=[3, 2])
    assert spec.hidden == (3, 2)
    assert isinstance(spec.hidden, tuple)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"hidden": (0,)}, "1 to 64"),
    ({"hidden": (MAX_WIDTH + 1,)}, "1 to 64"),
    ({"hidden": (8, -2)}, "1 to 64"),
    ({"hidden": (1,) * (MAX_LAYERS + 1)}, "at most 10"),
    ({"activation": "softplus"}, "unknown activation"),
    ({"n_classes": 1}, "two classes"),
])
def test_spec_rejects(kwargs, message):
    with pytest.raises(SpecError, match=message):
        NetworkSpec(**kwargs)


def test_largest_allowed_spec_is_accepted():
    spec = NetworkSpec(hidden=(MAX_WIDTH,) * MAX_LAYERS)
    assert len(spec.hidden) == MAX_LAYERS


@pytest.mark.parametrize(("n_classes", "n_outputs"), [(2, 1), (3, 3), (5, 5), (8, 8)])
def test_n_outputs(n_classes, n_outputs):
    assert NetworkSpec(n_classes=n_classes).n_outputs == n_outputs


def test_with_classes_keeps_the_layers():
    spec = NetworkSpec(hidden=(5, 3), activation="sigmoid").with_classes(4)
    assert spec == NetworkSpec(hidden=(5, 3), activation="sigmoid", n_classes=4)
    assert spec.n_outputs == 4


# ----- build_module ----------------------------------------------------------------------------
def linear_shapes(module: nn.Module) -> list[tuple[int, int]]:
    return [(m.in_features, m.out_features) for m in module if isinstance(m, nn.Linear)]


@pytest.mark.parametrize(("spec", "shapes"), [
    (NetworkSpec(hidden=()), [(2, 1)]),
    (NetworkSpec(hidden=(8, 8)), [(2, 8), (8, 8), (8, 1)]),
    (NetworkSpec(hidden=(4, 6, 3), n_classes=3), [(2, 4), (4, 6), (6, 3), (3, 3)]),
    (NetworkSpec(hidden=(2,), n_classes=8), [(2, 2), (2, 8)]),
])
def test_build_module_layer_shapes(spec, shapes):
    module = build_module(spec)
    assert linear_shapes(module) == shapes
    out = module(torch.zeros(7, 2))
    assert out.shape == (7, spec.n_outputs)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_build_module_alternates_linear_and_activation(activation):
    module = build_module(NetworkSpec(hidden=(3, 3), activation=activation))
    kinds = [type(m) for m in module]
    act = type(ACTIVATIONS[activation]())
    assert kinds == [FeatureMap, nn.Linear, act, nn.Linear, act, nn.Linear]


def test_build_module_uses_torchs_random_state():
    torch.manual_seed(5)
    a = build_module(NetworkSpec())
    torch.manual_seed(5)
    b = build_module(NetworkSpec())
    c = build_module(NetworkSpec())
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert not all(torch.equal(pa, pc) for pa, pc in zip(a.parameters(), c.parameters(), strict=True))


def test_normalisation_maps_centre_and_scale():
    norm = Normalisation(torch.tensor([1.0, -2.0]), torch.tensor([2.0, 4.0]))
    out = norm(torch.tensor([[1.0, -2.0], [3.0, 2.0], [-1.0, -6.0]]))
    torch.testing.assert_close(out, torch.tensor([[0.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]))
    assert set(dict(norm.named_buffers())) == {"centre", "scale"}
    assert list(norm.parameters()) == []


# ----- class_probabilities ---------------------------------------------------------------------
def test_class_probabilities_for_one_output():
    logits = torch.tensor([[0.0], [2.0], [-30.0], [30.0]])
    p = class_probabilities(logits)
    assert p.shape == (4, 2)
    torch.testing.assert_close(p.sum(dim=1), torch.ones(4))
    torch.testing.assert_close(p[:, 1], torch.sigmoid(logits[:, 0]))
    assert p[0, 0] == pytest.approx(0.5)
    assert p[2].argmax() == 0 and p[3].argmax() == 1


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_two_class_probabilities_are_one_minus_p_and_p_exactly_with_their_gradient(dtype):
    logits = (torch.randn(300, 1, generator=torch.Generator().manual_seed(1)) * 8).to(dtype).requires_grad_()
    p = class_probabilities(logits)
    p1 = torch.sigmoid(logits)
    assert p.dtype == dtype and torch.equal(p[:, 1:], p1) and torch.equal(p[:, :1], 1.0 - p1)
    weights = torch.randn(300, 2, generator=torch.Generator().manual_seed(2)).to(dtype)
    (grad,) = torch.autograd.grad((p * weights).sum(), logits)
    (expected,) = torch.autograd.grad((torch.cat([1.0 - p1, p1], dim=1) * weights).sum(), logits)
    torch.testing.assert_close(grad, expected, rtol=0, atol=0)
    many = torch.randn(5000, 1, generator=torch.Generator().manual_seed(3)).to(dtype) * 8  # (the views' grids)
    p1 = torch.sigmoid(many)
    assert torch.equal(class_probabilities(many), torch.cat([1.0 - p1, p1], dim=1))
    step = torch.tensor([[0.0], [1.0]], dtype=dtype)  # a perceptron's outputs
    assert torch.equal(class_probabilities(step, perceptron=True), torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=dtype))


@pytest.mark.parametrize("n_classes", [3, 5, 8])
def test_class_probabilities_for_several_outputs(n_classes):
    logits = torch.randn(50, n_classes, generator=torch.Generator().manual_seed(0)) * 5
    p = class_probabilities(logits)
    assert p.shape == (50, n_classes)
    assert (p >= 0).all()
    torch.testing.assert_close(p.sum(dim=1), torch.ones(50))
    assert torch.equal(p.argmax(dim=1), logits.argmax(dim=1))


def test_tanh_outside_training_matches_torch_tanh_and_training_keeps_its_gradient():
    x = torch.linspace(-30, 30, 20001).reshape(-1, 1)
    activation = Tanh()
    with torch.no_grad():
        fast = activation(x)
    assert float((fast - torch.tanh(x)).abs().max()) < 2e-7
    assert fast.min() >= -1.0 and fast.max() <= 1.0
    x.requires_grad_(True)
    activation(x).sum().backward()
    torch.testing.assert_close(x.grad, 1 - torch.tanh(x.detach()) ** 2)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("n_classes", [2, 3, 7])
def test_one_hot_is_torchs_one_hot_in_the_dtype_asked_for(n_classes, dtype):
    labels = torch.randint(0, n_classes, (300,), generator=torch.Generator().manual_seed(n_classes))
    for _ in range(2):  # (the second time from the kept identity matrix)
        got = one_hot(labels, n_classes, dtype)
        assert got.dtype == dtype and torch.equal(got, F.one_hot(labels, n_classes).to(dtype))
