"""File > Export as PyTorch script: the window's scenario written out as one standalone train.py (the script
itself is made by core/script_export.py).

The script repeats the run the learner watched: from the seed's starting weights, for as many steps as the
window has trained (1,000 when it has not trained yet, starting from the weights it has, which may be typed by
hand). The trained weights are written into the script too, with a switch to go on from them."""

from __future__ import annotations

from pathlib import Path

from ..core.script_export import DEFAULT_STEPS, ScriptExportError, write_script

SCRIPT_FILTER = "Python scripts (*.py);;All files (*)"


def export_window_script(window, path: str | None = None) -> bool:
    """Ask where (unless `path` is given) and write the script; a file that cannot be written gets a message in
    plain words. True when the script was written."""
    document = window.document
    if not path:
        suggested = f"{document.name.lower().replace(' ', '-')}.py"
        path = window.questions.save_path("Export as PyTorch script", suggested, SCRIPT_FILTER)
        if not path:
            return False
        if not Path(path).name.endswith(".py"):
            path += ".py"
    scenario = document.scenario()  # with the trained weights, when the training process can give them
    snapshot = window.latest_snapshot
    trained = scenario.weights.steps if scenario.weights is not None else \
        snapshot.metrics.step if snapshot is not None else 0
    if trained:
        steps = trained
        note = f" The playground had trained it for {trained:,} steps; the settings are the ones it has now (if " \
               "they were changed during the run, the numbers come out differently)."
    else:
        steps = DEFAULT_STEPS
        note = f" The playground had not trained it yet: {steps:,} steps are a start (change STEPS for more)."
    try:
        files = write_script(scenario, steps, path, title=document.name, made_by="File > Export as PyTorch script",
                             start_from_weights=not trained, note=note)
    except ScriptExportError as error:
        message = str(error)
        window.questions.warn("Cannot export the script", message[:1].upper() + message[1:])
        return False
    also = f" and its points to {files[0].name}" if len(files) > 1 else ""
    window.statusBar().showMessage(f"Exported the script to {files[-1].name}{also}", 8000)
    return True
