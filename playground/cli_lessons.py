"""The command line's lessons: `playground lessons` lists them, `playground lesson N` opens the app on lesson N,
`playground lesson N --check` plays each step's solution headless and says whether its goal is met (and not met
without the learner)."""

from __future__ import annotations

import argparse
import json
import sys

from .options import UsageError, whole


def add_lesson_commands(commands) -> None:
    """The `lessons` and `lesson` subcommands, added to the main parser's subparsers."""
    lessons = commands.add_parser("lessons", help="list the lessons")
    lessons.add_argument("--json", action="store_true", help="print one JSON object")
    lesson = commands.add_parser("lesson", help="open the app on lesson N, or check it without a window (--check)")
    lesson.add_argument("number", type=whole("the lesson number", 1, 999), metavar="N", help="the lesson's number")
    lesson.add_argument("--check", action="store_true",
                        help="play each step's solution without a window and say whether it meets the step's goal "
                             "(and that the goal is not met at the start); exit status 1 if any step fails")
    lesson.add_argument("--json", action="store_true", help="with --check: print one JSON object")


def _warn(problems: list[str]) -> None:
    for problem in problems:
        print(f"playground: warning: a lesson was left out: {problem}", file=sys.stderr)


def run_lesson_command(args: argparse.Namespace) -> int:
    from .core.lessons import check_lesson, lesson_json, lesson_passes, load_all_lessons
    from .paths import own_lessons_dir

    lessons, problems = load_all_lessons(own_lessons_dir())  # the app's and the teacher's own
    if args.command == "lessons":
        if args.json:
            print(json.dumps({"lessons": [lesson_json(lesson) for lesson in lessons], "problems": problems}))
        else:
            _warn(problems)
            for lesson in lessons:
                print(f"{lesson.number:>3}. {lesson.title}")
        return 0
    if args.json and not args.check:
        raise UsageError("--json goes with --check (playground lesson N --check --json)")
    chosen = next((lesson for lesson in lessons if lesson.number == args.number), None)
    if chosen is None:
        numbers = [lesson.number for lesson in lessons]
        there = f"the lessons are {numbers[0]} to {numbers[-1]}" if numbers else "no lesson could be read"
        broken = f"; {len(problems)} lesson file(s) could not be read, see playground lessons" if problems else ""
        raise UsageError(f"there is no lesson {args.number}; {there}{broken}")
    if not args.check:
        from .app import run_gui
        from .core.scenario import Scenario

        return run_gui(Scenario(), lesson=chosen.number)
    import torch

    torch.set_num_threads(1)  # as training does everywhere: small networks only slow down with more threads
    result = check_lesson(chosen)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"Lesson {chosen.number}: {chosen.title}")
        for i, step in enumerate(result["steps"], 1):
            if not step["checked"]:
                verdict = "no goal to check"
            else:
                reached = "the solution meets the goal" if step["goal_met"] else "the solution does NOT meet the goal"
                start = "and the start does not" if not step["met_at_start"] else "but the start already meets it"
                verdict = f"{reached}, {start}"
            print(f"  {i}. {step['title']}: {verdict}")
    return 0 if lesson_passes(result) else 1
