"""Lesson goals: a check written as data ("test accuracy at least 90% with one hidden layer of at most 3
neurons"), read strictly from a lesson file and evaluated live against what the window has.

A goal is a condition, or {"all": [...]} / {"any": [...]} of conditions, plus "says" (the goal in words). A
condition is either {"metric": NAME, "at_least" | "at_most": NUMBER} or {QUANTITY: TEST}, where TEST is a number
(that exact number), a name, a list of names, true/false, or {"at_least" | "at_most" | "is" | "in" | "includes" |
"excludes": VALUE}. Any condition may carry its own "says". See QUANTITIES for the names.

Evaluation is a pure function of a GoalState, a small frozen value built from the newest Snapshot's metrics, the
NetworkSpec, the TrainingSettings and the Dataset. A metric that is not known yet (no snapshot, no test points,
"nan") meets no condition. Numbers are compared with a tolerance of a millionth, so an accuracy of 9/10 computed
in float32 (0.89999998) is "at least 0.9".
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

from .dataset import Dataset
from .feature_names import FEATURES, feature_title
from .json_fields import FieldReader, shown_key, shown_value
from .network_spec import ACTIVATION_NAMES, NetworkSpec
from .scenario import ScenarioError
from .snapshot import Metrics
from .training_settings import LOSSES, OPTIMIZERS, REGULARIZATIONS, TrainingSettings

TOLERANCE = 1e-6
NUMBER_TESTS = ("at_least", "at_most")
TEST_WORDS = {"at_least": "at least", "at_most": "at most", "is": "is", "in": "is one of",
              "includes": "include", "excludes": "leave out"}


@dataclass(frozen=True)
class GoalState:
    """What a goal is checked against: the newest metrics, the network, the training settings and data facts.
    Accuracies hold R² when the task is curve fitting (as the Snapshot's metrics do); nan: not known yet."""

    task: str = "classify"
    steps: int = 0
    epochs: float = 0.0
    train_loss: float = math.nan
    test_loss: float = math.nan
    train_accuracy: float = math.nan
    test_accuracy: float = math.nan
    diverged: bool = False
    hidden: tuple[int, ...] = ()
    activations: tuple[str, ...] = ()  # one per hidden layer
    perceptron: bool = False
    features: tuple[str, ...] = ("x1", "x2")
    dropout: float = 0.0  # the largest of the layers'
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 0
    loss: str = "cross-entropy"
    regularization: str = "none"
    reg_rate: float = 0.0
    training_points: int = 0
    test_points: int = 0
    classes: int = 2

    @classmethod
    def from_parts(cls, metrics: Metrics | None, network: NetworkSpec, training: TrainingSettings,
                   dataset: Dataset) -> GoalState:
        """From what the window has: the latest Snapshot's metrics (None before the first), the network, the
        settings and the data."""
        m = metrics or Metrics()
        net = network.for_data(dataset)
        n_test = int(dataset.is_test.sum())
        return cls(
            task=dataset.task, steps=int(m.step), epochs=float(m.epoch), train_loss=float(m.train_loss),
            test_loss=float(m.test_loss), train_accuracy=float(m.train_accuracy),
            test_accuracy=float(m.test_accuracy), diverged=bool(m.diverged), hidden=net.hidden,
            activations=net.activations, perceptron=net.perceptron, features=net.features,
            dropout=max(net.dropouts, default=0.0), optimizer=training.optimizer,
            learning_rate=float(training.learning_rate), batch_size=int(training.batch_size), loss=training.loss,
            regularization=training.regularization, reg_rate=float(training.reg_rate),
            training_points=len(dataset) - n_test, test_points=n_test, classes=dataset.n_classes,
        )


def _activation_names(s: GoalState) -> frozenset[str]:
    return frozenset(s.activations) | ({"step"} if s.perceptron else set())


# name: (words for the learner, reads the state, the task it belongs to or None, shown as a percentage)
NUMBERS: dict[str, tuple[str, Any, str | None, bool]] = {
    "train_accuracy": ("training accuracy", lambda s: s.train_accuracy, "classify", True),
    "test_accuracy": ("test accuracy", lambda s: s.test_accuracy, "classify", True),
    "train_r2": ("training R²", lambda s: s.train_accuracy, "fit", False),
    "test_r2": ("test R²", lambda s: s.test_accuracy, "fit", False),
    "train_loss": ("training loss", lambda s: s.train_loss, None, False),
    "test_loss": ("test loss", lambda s: s.test_loss, None, False),
    "steps": ("training steps", lambda s: s.steps, None, False),
    "epochs": ("epochs", lambda s: s.epochs, None, False),
    "hidden_layers": ("hidden layers", lambda s: len(s.hidden), None, False),
    # "at most 3" holds when every layer has at most 3 (the widest), "at least 3" when every layer has 3 or more
    # (the narrowest): none of a network without hidden layers has any.
    "neurons_per_layer": ("neurons in each hidden layer", None, None, False),
    "total_neurons": ("hidden neurons in all", lambda s: sum(s.hidden), None, False),
    "learning_rate": ("learning rate", lambda s: s.learning_rate, None, False),
    "batch_size": ("batch size", lambda s: s.batch_size, None, False),
    "reg_rate": ("regularization rate", lambda s: s.reg_rate, None, False),
    "dropout": ("dropout", lambda s: s.dropout, None, False),
    "training_points": ("training points", lambda s: s.training_points, None, False),
    "test_points": ("test points", lambda s: s.test_points, None, False),
    "classes": ("classes", lambda s: s.classes, None, False),
}
METRICS = ("train_accuracy", "test_accuracy", "train_r2", "test_r2", "train_loss", "test_loss")
# name: (words, reads the state as a set of names, the names it can take)
NAMES: dict[str, tuple[str, Any, tuple[str, ...]]] = {
    "activation": ("the activation", _activation_names, ACTIVATION_NAMES),
    "features": ("the inputs", lambda s: frozenset(s.features), FEATURES),
    "optimizer": ("the optimizer", lambda s: frozenset({s.optimizer}), OPTIMIZERS),
    "regularization": ("the regularization", lambda s: frozenset({s.regularization}), REGULARIZATIONS),
    "loss": ("the loss", lambda s: frozenset({s.loss}), LOSSES),
}
FLAGS = {"diverged": ("training blew up (diverged)", "training did not blow up", lambda s: s.diverged)}
QUANTITIES = (*NUMBERS, *NAMES, *FLAGS)


@dataclass(frozen=True)
class Condition:
    """One check: `quantity` `test` `value`, e.g. ("test_accuracy", "at_least", 0.9); `says` in words."""

    quantity: str
    test: str  # at_least, at_most, equals (numbers); is, in, includes, excludes (names); is (true/false)
    value: Any
    says: str

    def met(self, state: GoalState) -> bool:
        if self.quantity in FLAGS:
            return FLAGS[self.quantity][2](state) == self.value
        if self.quantity in NAMES:
            have, want = NAMES[self.quantity][1](state), frozenset(self.value)
            if self.test == "is":
                return have == want
            if self.test == "in":
                return bool(have) and have <= want
            return want <= have if self.test == "includes" else not (want & have)
        if self.quantity == "neurons_per_layer":
            if not state.hidden:
                return False
            value = max(state.hidden) if self.test == "at_most" else min(state.hidden)
        else:
            value = NUMBERS[self.quantity][1](state)
        if not math.isfinite(value):
            return False
        slack = TOLERANCE * max(1.0, abs(self.value))
        if self.test == "at_least":
            return value >= self.value - slack
        if self.test == "at_most":
            return value <= self.value + slack
        if self.quantity == "neurons_per_layer":  # equals: every layer has exactly this many
            return max(state.hidden) == min(state.hidden) == self.value
        return abs(value - self.value) <= slack


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition | AllOf | AnyOf, ...]
    says: str

    def met(self, state: GoalState) -> bool:
        return all(part.met(state) for part in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition | AllOf | AnyOf, ...]
    says: str

    def met(self, state: GoalState) -> bool:
        return any(part.met(state) for part in self.parts)


@dataclass(frozen=True)
class Goal:
    """What a step asks for: `check` (a Condition, AllOf or AnyOf) and `says`, the whole goal in words."""

    says: str
    check: Condition | AllOf | AnyOf

    @property
    def parts(self) -> tuple[Condition | AllOf | AnyOf, ...]:
        """The pieces a learner sees ticked off one by one: the conditions of a top-level "all", else the goal."""
        return self.check.parts if isinstance(self.check, AllOf) else (self.check,)


@dataclass(frozen=True)
class GoalPart:
    says: str
    met: bool


def goal_met(goal: Goal, state: GoalState) -> bool:
    """Whether the state meets the whole goal."""
    return goal.check.met(state)


def goal_progress(goal: Goal, state: GoalState) -> tuple[GoalPart, ...]:
    """Each part of the goal in words and whether it is met, for a list of ticks."""
    return tuple(GoalPart(part.says, part.met(state)) for part in goal.parts)


# ----- reading ---------------------------------------------------------------------------------------
class GoalError(ScenarioError):
    """A goal that cannot be used: the message names the field."""


def _number_words(quantity: str, value: float) -> str:
    if NUMBERS[quantity][3]:
        return f"{100 * value:g}%"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _words(quantity: str, test: str, value: Any, task: str) -> str:
    if quantity in FLAGS:
        return FLAGS[quantity][0 if value else 1]
    if quantity in NAMES:
        names = [feature_title(v, task == "fit") if quantity == "features" else v for v in value]
        listed = ", ".join(names)
        if quantity in ("features", "activation") and test == "is":
            return f"{NAMES[quantity][0]}: {listed}" + (" only" if quantity == "features" else " in every layer")
        return f"{NAMES[quantity][0]} {TEST_WORDS[test]} {listed}"
    words = NUMBERS[quantity][0]
    if quantity == "hidden_layers" and test == "equals":
        return "no hidden layer" if value == 0 else f"exactly {value} hidden layer{'s' if value > 1 else ''}"
    if test == "equals":
        return f"{words}: exactly {_number_words(quantity, value)}"
    return f"{words} {TEST_WORDS[test]} {_number_words(quantity, value)}"


def _tests_on(reader: FieldReader, allowed: tuple[str, ...]) -> tuple[str, Any]:
    """The one test an object like {"at_least": 0.9} holds."""
    present = [key for key in reader.obj if key != "says"]
    if len(present) != 1 or present[0] not in allowed:
        raise GoalError(f"'{reader.path}' takes one of {', '.join(allowed)}, like {{\"{allowed[0]}\": ...}}"
                        + (f"; not {', '.join(map(shown_key, present))}" if present else ""))
    return present[0], reader.obj[present[0]]


def _read_number(where: str, quantity: str, test: str, value: Any, task: str) -> Condition:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GoalError(f"'{where}' must be a number, not {shown_value(value)}")
    belongs = NUMBERS[quantity][2]
    if belongs is not None and belongs != task:
        other = {"test_accuracy": "test_r2", "train_accuracy": "train_r2", "test_r2": "test_accuracy",
                 "train_r2": "train_accuracy"}[quantity]
        doing = "fits a curve" if task == "fit" else "classifies points"
        raise GoalError(f"'{where}': {quantity} does not apply, this step {doing}; use {other}")
    if NUMBERS[quantity][3] and not 0 <= value <= 1:
        raise GoalError(f"'{where}': write {NUMBERS[quantity][0]} as a share from 0 to 1 (0.9 for 90%), "
                        f"not {shown_value(value)}")
    if quantity not in ("train_r2", "test_r2") and value < 0:
        raise GoalError(f"'{where}' cannot be below 0, not {shown_value(value)}")
    if test == "equals" and not isinstance(value, int):
        raise GoalError(f"'{where}': give a whole number, or an object like {{\"at_least\": {value}}}")
    return Condition(quantity, test, value, _words(quantity, test, value, task))


def _suggest(name: str, known: tuple[str, ...], listing: str) -> str:
    """'; did you mean ...?' for a near miss, else the names that can be used."""
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; {listing}: {', '.join(known)}"


def _read_names(where: str, quantity: str, test: str, value: Any, task: str) -> Condition:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise GoalError(f"'{where}' must be a name or a list of names, not {shown_value(value)}")
    known = NAMES[quantity][2]
    for name in values:
        if name not in known:
            raise GoalError(f"'{where}': '{shown_key(name)}' is not a name of {NAMES[quantity][0]}"
                            + _suggest(name, known, "choose from"))
    return Condition(quantity, test, tuple(values), _words(quantity, test, tuple(values), task))


def _read_condition(obj: Any, where: str, task: str) -> Condition | AllOf | AnyOf:
    reader = FieldReader(obj, where)
    says = reader.get("says", str, None)
    if "all" in obj or "any" in obj:
        key = "all" if "all" in obj else "any"
        parts = reader.get(key, list)
        reader.done()
        if not parts:
            raise GoalError(f"'{where}.{key}' needs at least one condition")
        read = tuple(_read_condition(part, f"{where}.{key}[{i + 1}]", task) for i, part in enumerate(parts))
        joined = (" and " if key == "all" else " or ").join(part.says for part in read)
        return (AllOf if key == "all" else AnyOf)(read, says or joined)
    if "metric" in obj:
        name = reader.get("metric", str)
        if name not in METRICS:
            raise GoalError(f"'{where}.metric': unknown metric '{shown_key(name)}'"
                            + _suggest(name, METRICS, "the metrics are"))
        rest = {key: value for key, value in obj.items() if key != "metric"}
        test, value = _tests_on(FieldReader(rest, where), NUMBER_TESTS)
        condition = _read_number(f"{where}.{test}", name, test, value, task)
    else:
        keys = [key for key in obj if key != "says"]
        if len(keys) != 1:
            raise GoalError(f"'{where}' must hold one condition (or \"all\" / \"any\" of them), "
                            f"not {len(keys)} fields: {', '.join(map(shown_key, keys)) or 'none'}")
        name, value = keys[0], obj[keys[0]]
        if name not in QUANTITIES:
            raise GoalError(f"'{where}': '{shown_key(name)}' is not something a goal can check"
                            + _suggest(name, QUANTITIES, "it can check"))
        inner = f"{where}.{name}"
        if name in FLAGS:
            if not isinstance(value, bool):
                raise GoalError(f"'{inner}' must be true or false, not {shown_value(value)}")
            condition = Condition(name, "is", value, _words(name, "is", value, task))
        elif name in NAMES:
            test, value = ("is", value) if not isinstance(value, dict) else \
                _tests_on(FieldReader(value, inner), ("is", "in", "includes", "excludes"))
            condition = _read_names(inner if test == "is" and not isinstance(obj[name], dict) else f"{inner}.{test}",
                                    name, test, value, task)
        elif isinstance(value, dict):
            test, number = _tests_on(FieldReader(value, inner), NUMBER_TESTS)
            condition = _read_number(f"{inner}.{test}", name, test, number, task)
        else:
            condition = _read_number(inner, name, "equals", value, task)
    if says:
        condition = Condition(condition.quantity, condition.test, condition.value, says)
    return condition


def goal_from_dict(obj: Any, where: str = "goal", task: str = "classify") -> Goal:
    """A goal from a lesson file's "goal" object; GoalError (naming `where`) if anything is off. `task`: the
    step's task, so that an accuracy goal on a curve fit (or R² on classes) is refused."""
    try:
        reader = FieldReader(obj, where)
        says = reader.get("says", str)
        if not says.strip():
            raise GoalError(f"'{where}.says' must say the goal in words")
        return Goal(says, _read_condition(obj, where, task))
    except GoalError:
        raise
    except ScenarioError as error:  # the field reader's own messages
        raise GoalError(str(error))
