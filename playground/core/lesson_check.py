"""A lesson step's solution, and the headless check that the step's goal can be reached and is not reached
without the learner.

A solution is data: changes to the step's scenario in the scenario file's own terms ("network", "training",
"data"; a preset's fields are changed one by one, other data is replaced), weights typed by hand as in the
network diagram ("typed_weights", in the data's own units where the diagram shows them so), and the number of
training steps. The check trains with the project's own Trainer, as the training process does: the solution's
changes are applied to a trainer started from the step's scenario the way the window applies a learner's live
changes (set_dataset, set_spec, set_settings, set_weight), then it trains in chunks until the steps are done or
training diverges.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .dataset import DatasetError
from .json_fields import FieldReader
from .lesson_goals import GoalState, goal_met
from .scenario import Scenario, ScenarioError, scenario_from_dict, scenario_to_dict
from .trained_weights import TrainedWeights
from .training_settings import MAX_TYPED_WEIGHT

if TYPE_CHECKING:
    from .lessons import Lesson, LessonStep
    from .training import Trainer

MAX_CHECK_STEPS = 20_000  # a lesson's solution trains in seconds, not minutes
CHUNK = 200
SOLUTION_FIELDS = ("network", "training", "data")


@dataclass(frozen=True)
class TypedWeight:
    """A weight (`source` an input number) or a bias (`source` None) typed into the diagram; numbered from 1:
    weight layer 1 leads from the inputs to the first layer after them."""

    layer: int
    neuron: int
    source: int | None
    value: float


@dataclass(frozen=True, eq=False)
class Solution:
    """What a learner would do to reach the step's goal."""

    steps: int
    network: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    typed_weights: tuple[TypedWeight, ...] = ()

    @property
    def changes_anything(self) -> bool:
        return bool(self.network or self.training or self.data or self.typed_weights)


def solution_scenario(scenario: Scenario, solution: Solution) -> Scenario:
    """The scenario with the solution's network, training and data changes (not its typed weights), validated
    by scenario_from_dict. Start weights are kept only when the network and data are unchanged; apply_solution
    carries them over the way the window does. ScenarioError, starting "solution:", if the result is refused."""
    merged = scenario_to_dict(scenario)
    merged["network"].update(copy.deepcopy(solution.network))
    merged["training"].update(copy.deepcopy(solution.training))
    if solution.data:
        if "preset" in solution.data and "preset" in merged["data"]:
            merged["data"]["preset"].update(copy.deepcopy(solution.data["preset"]))
        else:
            merged["data"] = copy.deepcopy(solution.data)
    if solution.network or solution.data:
        merged.pop("weights", None)
    if solution.network:  # the hidden space's layer and axes were chosen for the step's own network
        merged.get("view", {}).pop("hidden_space", None)
    try:
        return scenario_from_dict(merged)
    except (ScenarioError, DatasetError) as error:
        raise ScenarioError(f"solution: {error}")


def solution_from_dict(obj: Any, scenario: Scenario, where: str = "solution") -> Solution:
    """A step's "solution" object, checked against the step's scenario; ScenarioError naming the field."""
    reader = FieldReader(obj, where)
    changes = {name: reader.get(name, dict, {}) for name in SOLUTION_FIELDS}
    typed = reader.get("typed_weights", list, [])
    steps = reader.get("steps", int)
    reader.done()
    if not 0 <= steps <= MAX_CHECK_STEPS:
        raise ScenarioError(f"'{where}.steps' must be from 0 to {MAX_CHECK_STEPS:,} training steps, not {steps}")
    changed = solution_scenario(scenario, Solution(steps, **changes))
    shapes = changed.network.for_task(changed.data.task, changed.dataset().n_classes).layer_shapes
    weights = tuple(_typed_weight(item, f"{where}.typed_weights[{i + 1}]", shapes) for i, item in enumerate(typed))
    return Solution(steps, **changes, typed_weights=weights)


def _typed_weight(obj: Any, where: str, shapes: tuple[tuple[int, int], ...]) -> TypedWeight:
    reader = FieldReader(obj, where)
    layer, neuron = reader.get("layer", int), reader.get("neuron", int)
    if "bias" in reader.obj:
        source, value = None, reader.get("bias", (int, float))
    else:
        source, value = reader.get("input", int), reader.get("weight", (int, float))
    reader.done()
    if not 1 <= layer <= len(shapes):
        raise ScenarioError(f"'{where}.layer' must be from 1 to {len(shapes)} (the network's weight layers)")
    n_out, n_in = shapes[layer - 1]
    if not 1 <= neuron <= n_out:
        raise ScenarioError(f"'{where}.neuron' must be from 1 to {n_out} (the neurons of layer {layer})")
    if source is not None and not 1 <= source <= n_in:
        raise ScenarioError(f"'{where}.input' must be from 1 to {n_in} (the inputs of layer {layer})")
    if not abs(value) <= MAX_TYPED_WEIGHT:
        raise ScenarioError(f"'{where}': a typed weight must be between -{MAX_TYPED_WEIGHT:,.0f} and "
                            f"{MAX_TYPED_WEIGHT:,.0f}")
    return TypedWeight(layer, neuron, source, float(value))


# ----- training headless ---------------------------------------------------------------------------------
def trainer_for(scenario: Scenario, device: str = "cpu") -> Trainer:
    """A Trainer at the scenario's start: its data, network and settings, and its weights when it has them."""
    from .training import Trainer  # here: the window reads lessons without torch; only a check trains
    trainer = Trainer(scenario.dataset(), scenario.network, replace(scenario.training, device=device))
    if scenario.weights is not None:
        w = scenario.weights
        trainer.load_weights(w.layers, steps=w.steps, epochs=w.epochs)
    return trainer


def train(trainer: Trainer, steps: int) -> int:
    """Train `steps` steps in chunks, as the training process does; stops early when training diverges. Returns
    the steps run."""
    done = 0
    while done < steps and not trainer.diverged:
        ran = trainer.step(min(CHUNK, steps - done))
        if ran == 0:
            break
        done += ran
    return done


def goal_state(trainer: Trainer) -> GoalState:
    return GoalState.from_parts(trainer.metrics(), trainer.spec, trainer.settings, trainer.dataset)


def apply_solution(step: LessonStep, device: str = "cpu") -> Scenario:
    """The step's scenario with the solution's changes, as a learner would leave it before pressing Play: the
    settings changed, and the weights as the window would hold them (start weights kept for the layers whose
    shape did not change, typed weights in place). Without start or typed weights, fresh weights from the seed."""
    solution = step.solution
    if solution is None or not solution.changes_anything:
        return step.scenario
    changed = solution_scenario(step.scenario, solution)
    if step.scenario.weights is None and not solution.typed_weights:
        return changed
    trainer = trainer_for(step.scenario, device)
    if solution.data:
        trainer.set_dataset(changed.dataset())
    if solution.network:
        trainer.set_spec(changed.network)
    if solution.training:
        trainer.set_settings(replace(changed.training, device=device))
    for typed in solution.typed_weights:
        trainer.set_weight(typed.layer - 1, typed.neuron - 1, None if typed.source is None else typed.source - 1,
                           typed.value)
    weights = TrainedWeights(trainer.weights(), steps=trainer.step_count, epochs=trainer.epoch)
    return replace(changed, weights=weights)


def check_step(step: LessonStep, device: str = "cpu") -> dict[str, Any]:
    """{"title", "checked", "goal_met", "met_at_start"} for one step. `checked`: the step has a goal. `goal_met`:
    the solution meets it after its training steps. `met_at_start`: the goal is met without the learner: at the
    step's start, or (when the solution changes anything) after the same training with nothing changed."""
    result: dict[str, Any] = {"title": step.title, "checked": step.goal is not None, "goal_met": None,
                              "met_at_start": None}
    if step.goal is None or step.solution is None:
        return result
    goal, steps = step.goal, step.solution.steps
    start = trainer_for(step.scenario, device)
    met_at_start = goal_met(goal, goal_state(start))
    if step.solution.changes_anything:
        train(start, steps)
        met_at_start = met_at_start or goal_met(goal, goal_state(start))
    solved = trainer_for(apply_solution(step, device), device)
    train(solved, steps)
    result.update(goal_met=goal_met(goal, goal_state(solved)), met_at_start=met_at_start)
    return result


def check_lesson(lesson: Lesson, device: str = "cpu") -> dict[str, Any]:
    """{"lesson": number, "title": ..., "steps": [check_step(...) for each step]}: plays every step's solution."""
    return {"lesson": lesson.number, "title": lesson.title,
            "steps": [check_step(step, device) for step in lesson.steps]}


def lesson_passes(result: dict[str, Any]) -> bool:
    """Whether a check_lesson result is as it must be: every goal met by its solution and by nothing less."""
    return all(s["goal_met"] is True and s["met_at_start"] is False for s in result["steps"] if s["checked"])
