"""The text of an exported PyTorch script (see script_export.py), kept as data: the script's skeleton and the
pieces that differ from one scenario to another, with `$name` places that script_export fills in
(string.Template; `$$` is a dollar sign). What the pieces compute mirrors core/training.py step for step, so the
script repeats the playground's run; the words are for a learner reading the script."""

from __future__ import annotations

from string import Template

SCRIPT = Template('''\
"""Train a neural network with PyTorch: $title, from the Neural Network Playground.

Made by the playground, with $made_by. It needs only Python, PyTorch and NumPy:

    pip install torch numpy
    python $script_name

$about
The last line it prints holds the final numbers as one line of JSON (the same keys as `playground train --json`).
"""

import json
import math
import time
$path_import
import numpy as np
import torch
${functional_import}from torch import nn

# ----- 1. Settings: change them and run the script again ----------------------------------------------------
STEPS = $steps  # training steps to take
LEARNING_RATE = $learning_rate  # how far the optimiser moves the weights in each step
BATCH_SIZE = $batch_size  # training points per step (0: all of them in every step)
SEED = $seed  # the seed of the starting weights and of the order the points are visited in: same seed, same run
$regularization_setting
torch.set_num_threads(1)  # a network this small trains fastest on one CPU thread, and one thread repeats exactly


# ----- 2. The data ------------------------------------------------------------------------------------------
$data


# ----- 3. What the network is given -------------------------------------------------------------------------
# The plane is scaled so that both axes run from -1 to 1: data in any units then trains alike.
# CENTRE is the middle of the plane the playground shows ($axes), HALF_SIZE half its width and half its height.
CENTRE = torch.tensor([$centre_x, $centre_y])
HALF_SIZE = torch.tensor([$half_x, $half_y])


def network_inputs(points):
    """$inputs_doc"""
    scaled = (points - CENTRE) / HALF_SIZE
$inputs_body


train_inputs, test_inputs = network_inputs(train_points), network_inputs(test_points)
$targets


# ----- 4. The network ---------------------------------------------------------------------------------------
${step_class}\
torch.manual_seed(SEED)  # the starting weights are drawn at random, from the seed
model = nn.Sequential(
$layers)
layers_with_weights = [layer for layer in model if isinstance(layer, nn.Linear)]
steps_done, epochs_done = 0, 0.0  # how far training has come
$weights


# ----- 5. How wrong the network is: the loss ----------------------------------------------------------------
$loss


$measure


def shown(value, percent=False):
    """A number for the progress lines ("n/a" when there is none, e.g. without test points)."""
    if value != value:
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.4f}"


# ----- 6. Training ------------------------------------------------------------------------------------------
$optimizer
n_train = len(train_targets)
batch_size = n_train if BATCH_SIZE == 0 else min(BATCH_SIZE, n_train)
shuffler = torch.Generator().manual_seed(SEED + 1)  # draws the order in which the points are visited
order, cursor = None, 0
report_every = max(1, STEPS // 10)
diverged = False
steps_run = 0
print(f"Training a $network network on {n_train:,} points for {STEPS:,} steps, "
      f"{batch_size:,} points per step")
started = time.perf_counter()
for step in range(1, STEPS + 1):
    # The next batch: all the training points, or the next few of them in a shuffled order.
    if batch_size == n_train:
        inputs, targets = train_inputs, train_targets
    else:
        if order is None or cursor + batch_size > n_train:  # a new pass through the data: shuffle the points
            order, cursor = torch.randperm(n_train, generator=shuffler), 0
        batch = order[cursor:cursor + batch_size]
        cursor += batch_size
        inputs, targets = train_inputs[batch], train_targets[batch]
    model.train()  # (dropout, if any, is on while training)
    loss = $step_loss
${update}\
    if not math.isfinite(loss.item()):
        diverged = True
        print("The loss is no longer a number: training blew up. Try a smaller LEARNING_RATE.")
        break
    steps_run = step
    if step % report_every == 0 or step == STEPS:
        train_loss, train_$quality = measure(train_inputs, train_targets)
        test_loss, test_$quality = measure(test_inputs, test_targets)
        print(f"step {steps_done + step:>9,}   loss: train {shown(train_loss)}, test {shown(test_loss)}   "
              f"$quality_title: train {shown(train_$quality$percent)}, test {shown(test_$quality$percent)}")
seconds = time.perf_counter() - started


# ----- 7. The results ---------------------------------------------------------------------------------------
train_loss, train_$quality = measure(train_inputs, train_targets)
test_loss, test_$quality = measure(test_inputs, test_targets)
epochs = epochs_done + steps_run * batch_size / n_train
print(f"after {steps_done + steps_run:,} steps ({epochs:,.1f} passes through the training points), {seconds:.2f} s")
print(f"loss      train {shown(train_loss)}   test {shown(test_loss)}")
print(f"$quality_title  train {shown(train_$quality$percent)}   test {shown(test_$quality$percent)}")


def number(value):
    """A number for JSON, which has no "not a number": None then."""
    return None if value != value else round(value, 6)


result = {
    "task": "$task", "steps": steps_done + steps_run, "epochs": round(epochs, 4),
    "train_loss": number(train_loss), "test_loss": number(test_loss),
    "train_$quality": number(train_$quality), "test_$quality": number(test_$quality),
    "seconds": round(seconds, 4), "steps_per_second": round(steps_run / seconds, 1) if seconds > 0 else None,
    "device": "CPU", "diverged": diverged or not math.isfinite(train_loss), "network": "$network",
    "message": "training blew up: try a smaller learning rate" if diverged else "",
}
${fit_line}\
print(json.dumps(result))
''')

ABOUT_REPEAT = Template('''\
It builds the playground's network ($network) with the same starting weights, trains it on the same points in
the same way for $steps steps, and prints how it is doing: the numbers the playground shows.$note
''')

ABOUT_WEIGHTS = Template('''\
It builds the playground's network ($network), starts from the playground's weights ($trained, written out
below) and trains it on the same points in the same way for $steps more steps, printing how it is doing: the
numbers the playground shows.$note
''')

DATA_EMBEDDED = Template('''\
$columns
# The training points teach the network; the test points are kept aside, to see how it does on points it has
# never seen.
TRAIN_ROWS = [
$train_rows]
TEST_ROWS = [
$test_rows]


def to_tensors(rows):
    """Rows of numbers -> $to_tensors_doc"""
    table = np.array(rows, dtype=np.float64).reshape(-1, $width)
    return $to_tensors_return


$train_left = to_tensors(TRAIN_ROWS)
$test_left = to_tensors(TEST_ROWS)
''')

DATA_CSV = Template('''\
$columns
# The training points teach the network; the test points are kept aside, to see how it does on points it has
# never seen.
DATA_FILE = Path(__file__).with_name("$file_name")
table = np.loadtxt(DATA_FILE, delimiter=",", skiprows=1, ndmin=2)
is_test = table[:, $width] == 1


def to_tensors(table):
    """Rows of numbers -> $to_tensors_doc"""
    return $to_tensors_return


$train_left = to_tensors(table[~is_test])
$test_left = to_tensors(table[is_test])
''')

TARGETS_CLASSES = '''\
train_targets, test_targets = train_labels, test_labels  # what the network should answer: each point's class
'''

TARGETS_FIT = '''\
# What the network should answer: each point's y, scaled like the plane.
train_targets = (train_points[:, 1] - CENTRE[1]) / HALF_SIZE[1]
test_targets = (test_points[:, 1] - CENTRE[1]) / HALF_SIZE[1]
'''

STEP_CLASS = '''\
class Step(nn.Module):
    """1 where the sum is positive, else 0. It has no slope, so no gradient flows back through it."""

    def forward(self, x):
        return (x > 0).to(x.dtype)


'''

WEIGHTS = Template('''\

$comment
START_FROM_TRAINED_WEIGHTS = $start  # $start_comment
TRAINED_STEPS, TRAINED_EPOCHS = $trained_steps_plain, $trained_epochs
TRAINED_WEIGHTS = [
$layers]
if START_FROM_TRAINED_WEIGHTS:
    with torch.no_grad():
        for layer, (weight, bias) in zip(layers_with_weights, TRAINED_WEIGHTS):
            layer.weight.copy_(torch.tensor(weight))
            layer.bias.copy_(torch.tensor(bias))
    steps_done, epochs_done = TRAINED_STEPS, TRAINED_EPOCHS
''')

LOSS = {
    "fit": '''\
def data_loss(outputs, targets):
    """The mean squared error: the average of (predicted y - true y)², both scaled like the plane."""
    return ((outputs[:, 0] - targets) ** 2).mean()''',
    "binary-cross-entropy": '''\
def data_loss(outputs, labels):
    """Binary cross-entropy: small when the network gives each point's own class a high probability."""
    return F.binary_cross_entropy_with_logits(outputs[:, 0], labels.float())''',
    "cross-entropy": '''\
def data_loss(outputs, labels):
    """Cross-entropy: small when the network gives each point's own class a high probability."""
    return F.cross_entropy(outputs, labels)''',
    "perceptron-cross-entropy": '''\
def data_loss(outputs, labels):
    """Cross-entropy of the probabilities the step units' 0s and 1s stand for (kept off 0 and 1)."""
    p = probabilities(outputs).clamp(1e-6, 1 - 1e-6)
    return F.nll_loss(p.log(), labels)''',
    "mse": '''\
def data_loss(outputs, labels):
    """Squared error: half the squared distance from the class probabilities to the right answer (1 for the
    point's own class, 0 for the others), averaged over the points."""
    p = probabilities(outputs)
    right = F.one_hot(labels, p.shape[1]).float()
    return 0.5 * ((p - right) ** 2).sum(dim=1).mean()''',
}

PROBABILITIES = {
    "sigmoid": '''\
def probabilities(outputs):
    """The output -> the probability of each class: a sigmoid gives class 1's, class 0 gets the rest."""
    p1 = torch.sigmoid(outputs)
    return torch.cat([1.0 - p1, p1], dim=1)''',
    "softmax": '''\
def probabilities(outputs):
    """The outputs, one per class -> the probability of each class (a softmax)."""
    return torch.softmax(outputs, dim=1)''',
    "perceptron-one": '''\
def probabilities(outputs):
    """The step unit's 0 or 1 is the probability of class 1; class 0 gets the rest."""
    return torch.cat([1.0 - outputs, outputs], dim=1)''',
    "perceptron-many": '''\
def probabilities(outputs):
    """One step unit per class: the units that fire share the probability equally; when none fires, every
    class is as likely."""
    firing = outputs.sum(dim=1, keepdim=True)
    uniform = torch.full_like(outputs, 1.0 / outputs.shape[1])
    return torch.where(firing > 0, outputs / firing.clamp(min=1.0), uniform)''',
}

PENALTY = {
    "l1": '''\
def penalty():
    """L1 regularisation: the sum of the weights' sizes (not the biases), times L1_RATE."""
    return L1_RATE * sum(layer.weight.abs().sum() for layer in layers_with_weights)''',
    "l2": '''\
def penalty():
    """L2 regularisation: the sum of the squared weights (not the biases), times L2_RATE / 2."""
    return L2_RATE * 0.5 * sum((layer.weight * layer.weight).sum() for layer in layers_with_weights)''',
}

MEASURE_CLASSES = '''\
@torch.no_grad()
def measure(inputs, labels):
    """The loss and the accuracy (the share of points put in their own class) on these points."""
    if len(labels) == 0:
        return math.nan, math.nan
    model.eval()  # (dropout, if any, is off while measuring)
    outputs = model(inputs)
    loss = float(data_loss(outputs, labels))
    accuracy = float((probabilities(outputs).argmax(dim=1) == labels).float().mean())
    return loss, accuracy'''

MEASURE_FIT = '''\
@torch.no_grad()
def measure(inputs, targets):
    """The loss and R², the share of y's variation the curve explains (1: a perfect fit), on these points."""
    if len(targets) == 0:
        return math.nan, math.nan
    model.eval()  # (dropout, if any, is off while measuring)
    outputs = model(inputs)
    loss = float(data_loss(outputs, targets))
    residual = float(((outputs[:, 0] - targets) ** 2).sum())
    total = float(((targets - targets.mean()) ** 2).sum())
    r2 = 1.0 - residual / total if len(targets) > 1 and total > 0 else math.nan
    return loss, r2'''

UPDATE = '''\
    optimizer.zero_grad()  # forget the last step's slopes
    loss.backward()  # the slope of the loss for every weight and bias
    optimizer.step()  # move each weight a little way downhill
'''

UPDATE_PERCEPTRON = '''\
    if loss.requires_grad:  # a perceptron's step has no slope: only a penalty on the weights can move them
        optimizer.zero_grad()  # forget the last step's slopes
        loss.backward()  # the slope of the loss for every weight and bias
        optimizer.step()  # move each weight a little way downhill
'''

FIT_LINE = '''\
# One neuron on x alone draws a straight line, y = a·x + b: its weight and bias, turned into the data's units.
weight, bias = model[0].weight[0, 0].item(), model[0].bias[0].item()
a = weight / float(HALF_SIZE[0])
b = bias - a * float(CENTRE[0])
a, b = a * float(HALF_SIZE[1]), float(CENTRE[1]) + b * float(HALF_SIZE[1])
if math.isfinite(a) and math.isfinite(b):
    print(f"learned   y = {a:.4f} · x {'-' if b < 0 else '+'} {abs(b):.4f}")
    result["a"], result["b"] = number(a), number(b)
'''
