

def test_the_torch_free_names_and_the_torch_modules_list_the_same_features_and_activations():
    """The window lists features and activations from torch-free modules; the training process computes them.
    One list without the other would offer a choice the network cannot build."""
    from playground.core.feature_names import FEATURES as NAMES
    from playground.core.features import COMPUTE
    from playground.core.network import ACTIVATIONS
    from playground.core.network_spec import ACTIVATION_NAMES

    assert tuple(COMPUTE) == NAMES
    assert tuple(ACTIVATIONS) == ACTIVATION_NAMES
