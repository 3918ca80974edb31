"""The command line: `playground [SCENARIO.json]` opens the app; `train`, `snapshot`, `record` and `bench` work
headless.

Every user mistake (a bad option, a missing or malformed file, an impossible setting) ends in one line on
stderr and exit status 2, never a traceback. Every number given is checked against its range as the options
are read, before any file is loaded or anything is trained.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from . import __version__
from .options import Parser, UsageError, device_name, hidden_option, number, quote, whole

SUBCOMMANDS = ("train", "snapshot", "record", "bench", "export-script", "lessons", "lesson")
MAX_STEPS = 10_000_000  # hours of training even for the smallest network: anything more is a typo


def _shared_options(parser: argparse.ArgumentParser) -> None:
    from .core.dataset import MAX_SEED, TASKS
    from .core.feature_names import FEATURES
    from .core.network_spec import ACTIVATION_NAMES
    from .core.presets import MAX_POINTS, PRESETS, presets_for
    from .core.training_settings import LOSSES, MAX_LEARNING_RATE, MAX_REG_RATE, OPTIMIZERS, REGULARIZATIONS

    data = parser.add_argument_group("data")
    data.add_argument("--scenario", metavar="FILE", help="start from a scenario file")
    data.add_argument("--task", choices=TASKS,
                      help="classify labelled points, or fit a curve through (x, y) samples "
                           f"(fit presets: {', '.join(p.name for p in presets_for('fit'))})")
    data.add_argument("--preset", choices=list(PRESETS), help="a ready-made data set")
    data.add_argument("--csv", metavar="FILE", help="read the points from a CSV file: x, y, label on each line")
    data.add_argument("--points", type=whole("--points", 2, MAX_POINTS), metavar="N",
                      help=f"how many points the preset generates (2 to {MAX_POINTS:,})")
    data.add_argument("--noise", type=number("--noise", 0.0, 1.0), metavar="X",
                      help="how scattered the points are (0 to 1)")
    data.add_argument("--test-ratio", type=number("--test-ratio", 0.0, 1.0, below=True), metavar="X",
                      help="share of points kept for testing (0 to below 1)")
    data.add_argument("--seed", type=whole("--seed", 0, MAX_SEED), metavar="N",
                      help="seed for the data and the first weights")
    net = parser.add_argument_group("network")
    net.add_argument("--hidden", type=hidden_option, metavar="8,8", help='neurons per hidden layer; "" for none')
    net.add_argument("--activation", metavar="NAME[,NAME...]",
                     help=f"one for every hidden layer, or one per layer: {', '.join(ACTIVATION_NAMES)}")
    net.add_argument("--features", metavar="x1,x2", help=f"input features: {','.join(FEATURES)}")
    train = parser.add_argument_group("training")
    train.add_argument("--optimizer", choices=OPTIMIZERS)
    train.add_argument("--lr", type=number("--lr (the learning rate)", 0.0, MAX_LEARNING_RATE, above=True),
                       metavar="X", help=f"learning rate (above 0, at most {MAX_LEARNING_RATE:g})")
    train.add_argument("--batch-size", type=whole("--batch-size", 0, MAX_POINTS, " (all points)"), metavar="N",
                       help="points per step; 0 = all")
    train.add_argument("--loss", choices=LOSSES)
    train.add_argument("--regularization", choices=REGULARIZATIONS, help="penalty on large weights")
    train.add_argument("--reg-rate", type=number("--reg-rate", 0.0, MAX_REG_RATE), metavar="X",
                       help=f"how strong the penalty is (0 to {MAX_REG_RATE:g})")
    train.add_argument("--device", type=device_name, default="auto", metavar="{auto,cpu,cuda,cuda:N,mps}",
                       help="where to train (default auto: a GPU when there is one, else the CPU)")


def _build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="playground", description="Neural Network Playground: draw data, build a network, "
                     "watch it learn. With no command, opens the app.")
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    train = commands.add_parser("train", help="train without a window and print the final metrics")
    snapshot = commands.add_parser("snapshot", help="train, then render the boundary view (or the hidden space, "
                                   "or the whole window) to a PNG")
    record = commands.add_parser("record", help="train, and record the run (or the hidden space's morph) as an "
                                 "animated GIF or an MP4 video")
    bench = commands.add_parser("bench", help="measure the speed: without data, network or training options, the "
                                "standard measurement (the TensorFlow Playground's workload, headless and in the "
                                "window, and the cold start); with them, that one scenario")
    export = commands.add_parser("export-script", help="write the scenario as one standalone PyTorch script that "
                                 "trains the same network the same way (needs only torch and numpy)")
    export.add_argument("scenario_file", nargs="?", metavar="SCENARIO.json", help="a scenario file (or --scenario)")
    export.add_argument("--out", required=True, metavar="FILE.py", help="where to write the script")
    for sub in (train, snapshot, record, export):
        sub.add_argument("--steps", type=whole("--steps", 0, MAX_STEPS), default=1000, metavar="N",
                         help=f"training steps (default 1000, at most {MAX_STEPS:,})")
    train.add_argument("--json", action="store_true", help="print one JSON object")
    snapshot.add_argument("--out", required=True, metavar="FILE.png", help="where to write the picture")
    snapshot.add_argument("--arrows", action="store_true",
                          help="draw where training pushes each training point (the backprop force field), on the "
                               "plane and in the hidden space")
    snapshot.add_argument("--size", type=whole("--size", 64, 4096), default=800, metavar="PX",
                          help="side of the plane in pixels; the axes and legend add a margin (default 800)")
    snapshot.add_argument("--view", choices=("boundary", "hidden", "landscape", "window"), default="boundary",
                          help="what to draw: the boundary view (default), the hidden space, the loss landscape "
                          "(with the optimiser's path: exact for one neuron, else a slice), or the whole window")
    snapshot.add_argument("--plane", choices=("w1,w2", "w1,b", "w2,b"), default=None,
                          help="with --view landscape, for a classifier: the two parameters it spans (default w1,w2)")
    snapshot.add_argument("--slice", choices=("random", "trajectory"), default=None,
                          help="with --view landscape, for a network of more than one neuron: a slice along two "
                               "random directions through the final weights (default), or along the path's own")
    snapshot.add_argument("--compare", default=None, metavar="OPTIMIZERS",
                          help="with --view landscape: also run these optimizers (two or more of sgd, momentum, "
                               "rmsprop, adam, comma-separated) from the final weights and draw their paths")
    _hidden_options(snapshot)
    from .cli_record import add_record_options

    add_record_options(record)
    _hidden_options(record)
    bench.add_argument("--seconds", type=number("--seconds", 0.1, 600.0), default=3.0,
                       help="how long to train (default 3, at most 600)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--start-runs", type=whole("--start-runs", 1, 9), default=3, metavar="N",
                       help="without data, network or training options (the standard measurement): how many cold "
                            "starts of the app to take the median of")
    bench.add_argument("--gui", action="store_true", help="measure in the real window (offscreen) instead")
    bench.add_argument("--record", choices=("plane", "hidden", "window"),
                       help="with --gui: measure the frames painted while this view is recorded (half the time) "
                            "and while it is not (the other half)")
    bench.add_argument("--record-as", choices=("mp4", "gif"), default="mp4", help="with --record: the format")
    bench.add_argument("--device-check", action="store_true",
                       help="training steps a second on the CPU and on a CUDA GPU side by side, from the "
                            "TensorFlow Playground's tiny networks to ten layers of 256 on 100,000 points, and "
                            "where training runs for each (see packaging/gpu_check.sh)")
    for sub in (train, snapshot, record, bench, export):
        _shared_options(sub)
    from .cli_lessons import add_lesson_commands

    add_lesson_commands(commands)
    return parser


def _hidden_options(parser: argparse.ArgumentParser) -> None:
    """Which hidden layer `snapshot` and `record` draw, and how."""
    from .core.network import MAX_LAYERS

    parser.add_argument("--layer", type=whole("--layer", 1, MAX_LAYERS), metavar="K",
                        help="hidden layer to draw (default: the last)")
    parser.add_argument("--stage", choices=("affine", "activation"), default="activation",
                        help="the layer after its affine map W·x + b, or after its activation (default)")
    parser.add_argument("--neurons", metavar="I,J[,K]", help="draw a wide layer on these two neurons (from 1) "
                        "instead of its PCA axes; three with --dims 3")
    parser.add_argument("--dims", type=whole("--dims", 2, 3), default=2,
                        help="draw the hidden space flat (2, default) or in 3D (3: a layer of 3 neurons or more, "
                        "on 3 neurons or 3 principal components)")


def _gui_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="playground", description="Open the Neural Network Playground. "
                     f"Commands without a window: {', '.join(SUBCOMMANDS)} (see playground COMMAND --help).")
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    parser.add_argument("scenario_file", nargs="?", metavar="SCENARIO.json", help="a scenario to open")
    _shared_options(parser)
    return parser


def scenario_from_args(args: argparse.Namespace, scenario_file: str | None = None):
    """The scenario file (or the default) with the command line's changes applied."""
    from .core.dataset import DEFAULT_TEST_SHARE, DatasetError, share_of_test_points
    from .core.network_spec import parse_hidden
    from .core.presets import PresetSpec, presets_for
    from .core.scenario import Scenario, ScenarioError, load_scenario
    from .core.training import TrainingSettings

    path = scenario_file or args.scenario
    try:
        scenario = load_scenario(path) if path else Scenario()
    except ScenarioError as error:
        if Path(path).suffix.lower() == ".csv":
            raise ScenarioError(f"{error}; for a CSV file of points use --csv")
        raise
    data = scenario.data
    csv_file = getattr(args, "csv", None)
    if csv_file is not None:
        if args.preset:
            raise UsageError("--preset and --csv both choose the data; give only one of them")
        if args.points is not None or args.noise is not None:
            raise UsageError("--points and --noise apply to presets, but --csv reads its own points")
        from .core.csv_io import read_csv

        try:
            data = read_csv(csv_file, test_ratio=args.test_ratio if args.test_ratio is not None else DEFAULT_TEST_SHARE,
                            seed=args.seed if args.seed is not None else 0)
        except DatasetError as error:
            if Path(csv_file).suffix.lower() == ".json":
                raise DatasetError(f"{error}; for a scenario file use --scenario")
            raise
    elif args.preset:
        data = PresetSpec(name=args.preset, seed=data.seed if isinstance(data, PresetSpec) else 0)
    task = getattr(args, "task", None)
    if task is not None and data.task != task:
        if csv_file is not None or args.preset or path:
            what = f"--preset {args.preset}" if args.preset else "the CSV file" if csv_file else "the scenario"
            raise UsageError(f"{what} holds {'curve-fitting' if data.task == 'fit' else 'labelled'} data, "
                             f"not data to {task}")
        data = PresetSpec(name=presets_for(task)[0].name)
    task = data.task
    if isinstance(data, PresetSpec):
        changes = {k: v for k, v in (("points", args.points), ("noise", args.noise),
                                     ("test_ratio", args.test_ratio), ("seed", args.seed)) if v is not None}
        data = replace(data, **changes)
    elif csv_file is None:
        if args.points is not None or args.noise is not None:
            raise UsageError("--points and --noise apply to presets, but this scenario holds its own points")
        if args.test_ratio is not None or args.seed is not None:
            data = data.with_split(args.test_ratio if args.test_ratio is not None else share_of_test_points(data),
                                   args.seed if args.seed is not None else 0)
    network = scenario.network.for_task(task, 1 if task == "fit" else scenario.network.n_classes)
    if args.hidden is not None:
        network = replace(network, hidden=parse_hidden(args.hidden))
    if args.activation:
        names = tuple(n.strip() for n in args.activation.split(","))
        network = replace(network, activation=names[0] if len(names) == 1 else names)
    if args.features:
        network = replace(network, features=tuple(n.strip() for n in args.features.split(",") if n.strip()))
    t = scenario.training
    if task == "fit" and args.loss == "cross-entropy":
        raise UsageError("curve fitting always uses the squared error (--loss mse)")
    training = TrainingSettings(
        optimizer=args.optimizer or t.optimizer,
        learning_rate=args.lr if args.lr is not None else t.learning_rate,
        batch_size=args.batch_size if args.batch_size is not None else t.batch_size,
        loss="mse" if task == "fit" else args.loss or t.loss,
        seed=args.seed if args.seed is not None else t.seed, device=args.device,
        regularization=args.regularization or t.regularization,
        reg_rate=args.reg_rate if args.reg_rate is not None else t.reg_rate,
    )
    # A trained scenario goes on from its weights while its own data (perhaps split anew) and a network of the
    # same shape are used: other data would give them another meaning.
    weights = scenario.weights
    if weights is not None and (csv_file is not None or args.preset or
                                weights.shapes != network.for_task(task, _n_classes(data)).layer_shapes):
        weights = None
    return Scenario(data, network, training, weights, speed=scenario.speed)


def _n_classes(data) -> int:
    from .core.presets import PRESETS, PresetSpec

    return len(PRESETS[data.name].class_names) if isinstance(data, PresetSpec) else data.n_classes


def _hidden_request(args: argparse.Namespace, scenario):
    """The hidden layer `snapshot --view hidden|window` draws; mistakes are usage errors, found before training."""
    from .core.hidden_space import HiddenRequest

    hidden = scenario.network.hidden
    if not hidden:
        if args.view == "window":
            return None
        raise UsageError("--view hidden needs a network with a hidden layer (e.g. --hidden 2)")
    layer = args.layer if args.layer is not None else len(hidden)
    if not 1 <= layer <= len(hidden):
        raise UsageError(f"--layer must be between 1 and {len(hidden)} (the network's hidden layers)")
    width = hidden[layer - 1]
    if args.dims == 3 and width < 3:
        raise UsageError(f"--dims 3 needs a hidden layer of 3 neurons or more; layer {layer} has {width}")
    neurons = None
    if args.neurons:
        try:
            neurons = tuple(int(n) - 1 for n in args.neurons.split(","))
        except ValueError:
            neurons = ()
        if len(neurons) != args.dims or not all(0 <= n < width for n in neurons):
            count, example = ("three", "1,2,3") if args.dims == 3 else ("two", "1,2")
            raise UsageError(f"--neurons takes {count} neuron numbers from 1 to {width}, like {example}"
                             + (" (or use --dims 3 for three)" if args.dims == 2 and len(neurons) == 3 else ""))
    return HiddenRequest(layer, args.stage, neurons, dims=args.dims)


def _landscape_request(args: argparse.Namespace, scenario):
    """The loss landscape `snapshot --view landscape` draws: exact for a network of one neuron on the plain inputs,
    a slice for any other; impossible choices are usage errors."""
    from .core.landscape_frames import LandscapeRequest, parameter_names, why_no_landscape
    from .core.training_settings import OPTIMIZERS

    network = scenario.network.for_data(scenario.dataset())
    race = ()
    if args.compare is not None:
        race = tuple(name.strip() for name in args.compare.split(",") if name.strip())
        unknown = [name for name in race if name not in OPTIMIZERS]
        if unknown or len(set(race)) < 2:
            raise UsageError(f"--compare {args.compare}: name two or more different optimizers from "
                             f"{', '.join(OPTIMIZERS)}, like sgd,momentum")
    reason = why_no_landscape(network)
    if reason or args.slice is not None:
        if args.plane is not None:
            raise UsageError(f"--plane {args.plane} is for the exact landscape of one neuron on x1 and x2; "
                             "a slice has no parameters to choose")
        return LandscapeRequest(kind=args.slice or "random", race=race)
    names = parameter_names(network)
    if args.plane is None:
        return LandscapeRequest(race=race)
    wanted = tuple(args.plane.split(","))
    if len(names) != 3 or not set(wanted) <= set(names):
        raise UsageError(f"--plane {args.plane}: this network's parameters are {', '.join(names)}, and a landscape "
                         "of two of them is all there is")
    return LandscapeRequest((names.index(wanted[0]), names.index(wanted[1])), race=race)


def _finished_landscape(trainer, request) -> None:
    """Ask for the landscape as it should be pictured after training (a random slice through the final weights,
    the comparison from them), and let it finish: its finest grid and every optimiser's run."""
    from dataclasses import replace

    trainer.landscape_request = replace(request, take=request.take + 1)  # the weights now, not at the start
    for _ in range(10_000):
        trainer.landscape_frame(fine=True)
        if not trainer.landscape_pending:
            return


def _train(scenario, steps: int, history: list | None = None, landscape=None):
    """Train headless for `steps` steps (fewer when training diverges); returns (trainer, seconds, steps run).
    A scenario with weights goes on from them. `history`, when given, collects the metrics about a hundred
    times along the way (for the window picture's loss chart). `landscape`: a LandscapeRequest, whose path is
    recorded from the first step."""
    from .core.training import Trainer

    if steps < 0:
        raise UsageError(f"--steps must be 0 or more, not {steps}")
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    if scenario.weights is not None:  # a trained scenario: go on where it was
        w = scenario.weights
        trainer.load_weights(w.layers, steps=w.steps, epochs=w.epochs)
    if landscape is not None:
        trainer.landscape_request = landscape
        trainer.landscape_frame()  # the path starts here
    chunk = 200 if history is None else max(1, min(200, steps // 100))
    started = time.perf_counter()
    done = 0
    if history is not None:
        history.append(trainer.metrics())
    while done < steps and not trainer.diverged:
        ran = trainer.step(min(chunk, steps - done))
        if ran == 0:
            break
        done += ran
        if history is not None:
            history.append(trainer.metrics())
    return trainer, time.perf_counter() - started, done


def _metrics_dict(trainer, seconds: float, steps_run: int | None = None) -> dict:
    from .core.notices import divergence_message

    m = trainer.metrics()
    message = trainer.notice
    if trainer.divergence_losses is not None:  # said for the command line: no Play button here
        message = divergence_message(*trainer.divergence_losses, trainer.settings.learning_rate, command_line=True)

    def number(value: float) -> float | None:  # JSON has no NaN
        return None if value != value else round(value, 6)

    fit = trainer.is_fit
    quality = ("train_r2", "test_r2") if fit else ("train_accuracy", "test_accuracy")
    result = {
        "task": trainer.spec.task, "steps": m.step, "epochs": round(m.epoch, 4),
        "train_loss": number(m.train_loss), "test_loss": number(m.test_loss),
        quality[0]: number(m.train_accuracy), quality[1]: number(m.test_accuracy),
        "seconds": round(seconds, 4),
        "steps_per_second": round((m.step if steps_run is None else steps_run) / seconds, 1) if seconds > 0 else None,
        "device": trainer.device_text, "diverged": m.diverged,
        "network": trainer.spec.describe(), "message": message,
    }
    line = trainer.fit_line()
    if line is not None:  # y = a·x + b, learned by gradient descent
        result["a"], result["b"] = number(line[0]), number(line[1])
    return result


def _print_metrics(result: dict) -> None:
    def fmt(value, percent=False):
        return "n/a" if value is None else f"{100 * value:.1f}%" if percent else f"{value:.4f}"

    print(f"network {result['network']}  ·  {result['steps']:,} steps  ·  {result['epochs']:,.1f} epochs  ·  "
          f"{result['seconds']:.2f} s on {result['device']}")
    print(f"loss      train {fmt(result['train_loss'])}   test {fmt(result['test_loss'])}")
    if result["task"] == "fit":
        print(f"fit (R²)  train {fmt(result['train_r2'])}   test {fmt(result['test_r2'])}")
        if "a" in result:
            b = result["b"]
            sign = "-" if b is not None and b < 0 else "+"
            print(f"learned   y = {fmt(result['a'])} · x {sign} {fmt(None if b is None else abs(b))}")
    else:
        print(f"accuracy  train {fmt(result['train_accuracy'], True)}   test {fmt(result['test_accuracy'], True)}")
    if result["message"]:
        print(result["message"])


def _standard_bench(args: argparse.Namespace) -> bool:
    """`playground bench` with no data, network or training option and no scenario: the standard suite."""
    from .cli_bench import is_standard_bench

    return is_standard_bench(args, vars(_build_parser().parse_args(["bench"])))


def run(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        args = _build_parser().parse_args(argv)
        command = args.command
    else:
        args = _gui_parser().parse_args(argv)
        command = None
    if command in ("lessons", "lesson"):
        from .cli_lessons import run_lesson_command

        return run_lesson_command(args)

    scenario_file = getattr(args, "scenario_file", None)
    if command is None and scenario_file and not Path(scenario_file).suffix and not Path(scenario_file).exists():
        close = difflib.get_close_matches(scenario_file, SUBCOMMANDS, n=1)
        raise UsageError(f"{quote(scenario_file, 40)} is neither a command ({', '.join(SUBCOMMANDS)}) nor a "
                         "scenario file" + (f"; did you mean {close[0]}?" if close else ""))
    if command is None and scenario_file and Path(scenario_file).is_file():
        from .core.lesson_writer import is_lesson_file

        if is_lesson_file(scenario_file):  # `playground lesson.json`: a lesson a teacher handed out
            from .app import run_gui
            from .core.scenario import Scenario

            return run_gui(Scenario(), lesson_file=scenario_file)
    if command in ("snapshot", "export-script"):
        _check_out(args.out, ".png" if command == "snapshot" else ".py")
        if scenario_file and args.scenario:
            raise UsageError("give the scenario file once: either SCENARIO.json or --scenario")
    if command == "record":
        from .cli_record import check_record_options

        check_record_options(args)
    if command == "bench" and args.record and not args.gui:
        raise UsageError("--record measures the live window: add --gui")
    if command == "bench" and args.device_check and not _standard_bench(args):
        raise UsageError("--device-check measures its own networks and data: give it no scenario, data, network, "
                         "training or --gui option")
    scenario = scenario_from_args(args, getattr(args, "scenario_file", None))
    if command is None:  # the window: it never imports torch (a second of the start); its training process does
        if scenario.training.device not in ("auto", "cpu"):
            from .core.training import resolve_device

            resolve_device(scenario.training.device)  # an absent GPU is refused here, before any window opens
        from .app import run_gui

        return run_gui(scenario)
    import torch

    torch.set_num_threads(1)  # measured: more threads only slow small networks
    from .core.training import resolve_device

    resolve_device(scenario.training.device)
    if command == "export-script":
        return _export_script(args, scenario)
    if command == "record":
        from .cli_record import run_record

        return run_record(args, scenario)
    if command == "bench":
        from .cli_bench import run_bench

        return run_bench(args, scenario, _standard_bench(args))
    snapshot_of = args.view if command == "snapshot" else None
    request = _hidden_request(args, scenario) if snapshot_of in ("hidden", "window") else None
    landscape = _landscape_request(args, scenario) if snapshot_of == "landscape" else None
    for option in ("plane", "slice", "compare"):
        if command == "snapshot" and getattr(args, option) is not None and landscape is None:
            raise UsageError(f"--{option} goes with --view landscape")
    history = [] if snapshot_of == "window" else None
    extra = {"landscape": landscape} if landscape is not None else {}  # (only then: tests stand in for _train)
    trainer, seconds, steps_run = _train(scenario, args.steps, history, **extra)
    trainer.hidden_request = request
    trainer.arrows = command == "snapshot" and args.arrows
    result = _metrics_dict(trainer, seconds, steps_run)
    if command == "train":
        if args.json:
            print(json.dumps(result))
        else:
            _print_metrics(result)
        return 0
    from .app import render_boundary_png, render_hidden_png, render_landscape_png, render_window_png

    out = Path(args.out)
    if landscape is not None:
        _finished_landscape(trainer, landscape)
    snapshot = trainer.snapshot()
    if args.view == "hidden":
        render_hidden_png(trainer.dataset, snapshot, out, args.size)
    elif args.view == "landscape":
        render_landscape_png(snapshot, out, args.size)
    elif args.view == "window":
        render_window_png(scenario, snapshot, request, out, history)
    else:
        render_boundary_png(trainer.dataset, snapshot, out, args.size)
    quality = f"test R² {result['test_r2']}" if result["task"] == "fit" else \
        f"test accuracy {result['test_accuracy']}"
    print(f"wrote {out} after {result['steps']:,} steps ({quality})")
    return 0


def _check_out(out: str, suffix: str) -> None:
    """--out names a file of this kind in a folder that exists (checked before anything is loaded or trained)."""
    example = "picture.png" if suffix == ".png" else "train.py"
    if not out.strip():
        raise UsageError(f"--out needs a file name, like {example}")
    if Path(out).is_dir():
        raise UsageError(f"--out: {out} is a folder; name a {suffix} file")
    if Path(out).suffix.lower() != suffix:
        raise UsageError(f"--out must name a {suffix} file, like {example}")
    if not Path(out).parent.is_dir():
        raise UsageError(f"--out: the folder {Path(out).parent} does not exist")


def _export_script(args: argparse.Namespace, scenario) -> int:
    from .core.script_export import ScriptExportError, write_script

    source = args.scenario_file or args.scenario or args.csv
    title = re.sub(r"(\.playground)?\.json$", "", Path(source).name) if source else None
    try:
        files = write_script(scenario, args.steps, args.out, title=title)
    except ScriptExportError as error:
        raise UsageError(str(error))
    also = f" (it reads its points from {files[0].name}, written beside it)" if len(files) > 1 else ""
    print(f"wrote {files[-1]}: {scenario.network.for_data(scenario.dataset()).describe()}, {args.steps:,} steps"
          f"{also}; run it with: python {files[-1].name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from .core.dataset import DatasetError
    from .core.network import SpecError
    from .core.scenario import ScenarioError
    from .core.training import TrainingError

    argv = sys.argv[1:] if argv is None else argv
    try:
        return run(argv)
    except (UsageError, DatasetError, SpecError, ScenarioError, TrainingError, OSError) as error:
        message = str(error) if not isinstance(error, OSError) else f"{error.strerror or error}"
        print(f"playground: error: {_one_line(message)}", file=sys.stderr)
        return 2
    except SystemExit as stop:  # --help and --version print, then argparse exits
        return stop.code if isinstance(stop.code, int) else 0
    except KeyboardInterrupt:
        return 130


def _one_line(message: str) -> str:
    """The message on one line of printable text, whatever names and values it quotes."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", " ".join(message.split()))
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates from odd file names
    return text if len(text) <= 1000 else text[:997] + "..."
