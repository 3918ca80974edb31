"""Reading the command line's values: numbers checked against their ranges as the options are read, and every
refusal (ours or argparse's) one line in plain words that names the option."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable


class UsageError(Exception):
    """A mistake on the command line; the message is printed as one line."""


def quote(text: str, limit: int = 24) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit])[:-1] + "...'"


def _not(text: str) -> str:
    """', not 'text'' to end a message with what was typed; nothing for NaN or infinity, never shown."""
    return "" if re.search(r"nan|inf", text, re.IGNORECASE) else f", not {quote(text)}"


def whole(option: str, lowest: int, highest: int, lowest_means: str = "") -> Callable[[str], int]:
    """An option's parser: a whole number from `lowest` to `highest`, refused in words that name the option."""
    def parse(text: str) -> int:
        value = int(text) if re.fullmatch(r"\s*[+-]?[0-9]{1,30}\s*", text) else None
        if value is None or not lowest <= value <= highest:
            raise argparse.ArgumentTypeError(f"{option} must be a whole number from {lowest:,}{lowest_means} to "
                                             f"{highest:,}{_not(text)}")
        return value
    return parse


def device_name(text: str) -> str:
    """--device's parser: auto, cpu, cuda, mps, or cuda:N for the N-th CUDA GPU."""
    from .core.training_settings import DEVICES

    if text in DEVICES or re.fullmatch(r"cuda:[0-9]{1,2}", text):
        return text
    raise argparse.ArgumentTypeError(f"--device must be one of {', '.join(DEVICES)}, or cuda:N for the N-th CUDA GPU"
                                     f"{_not(text)}")


def number(option: str, lowest: float, highest: float, *, above: bool = False,
            below: bool = False) -> Callable[[str], float]:
    """An option's parser: a finite number in a range (`above`/`below`: the ends themselves are excluded)."""
    low = f"above {lowest:g}" if above else f"at least {lowest:g}" if below else f"from {lowest:g}"
    high = f"below {highest:g}" if below else f"at most {highest:g}" if above else f"to {highest:g}"
    wanted = f"{option} must be a number {low} {'and ' if above or below else ''}{high}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (lowest <= value <= highest) or (above and value == lowest) or (below and value == highest):
            raise argparse.ArgumentTypeError(wanted + _not(text))
        return value
    return parse


def hidden_option(text: str) -> str:
    """--hidden: neuron counts the network takes; the text itself goes on (parse_hidden reads it again)."""
    from .core.network import SpecError, parse_hidden

    if not all(re.fullmatch(r"[0-9]{1,6}", part) for part in text.replace(",", " ").split()):
        raise argparse.ArgumentTypeError(f"--hidden takes neuron counts separated by commas, like 8,8 (or \"\" for "
                                         f"none), not {quote(text)}")
    try:
        parse_hidden(text)
    except SpecError as error:
        raise argparse.ArgumentTypeError(f"--hidden: {error}")
    return text


_ARGUMENT = re.compile(r"argument ([^:]+): (.*)", re.DOTALL)
_CHOICE = re.compile(r"invalid choice: (.*) \(choose from (.*)\)", re.DOTALL)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line in plain words, not argparse's usage block
        found = _ARGUMENT.fullmatch(message)
        if found:
            option, rest = found.group(1).split("/")[-1], found.group(2)
            choice = _CHOICE.fullmatch(rest)
            if rest.startswith(option):  # our own parsers name the option
                message = rest
            elif rest == "expected one argument":
                message = f"{option} needs a value"
            elif rest.startswith("ignored explicit argument"):
                message = f"{option} takes no value"
            elif choice:
                value = choice.group(1)
                value = value if len(value) <= 26 else value[:24] + "...'"
                message = f"{option} cannot be {value}; choose one of: {choice.group(2).replace(chr(39), '')}"
            else:
                message = f"{option}: {rest}"
        elif message.startswith("unrecognized arguments: "):
            message = f"unknown option: {message.removeprefix('unrecognized arguments: ')}"
        elif message.startswith("the following arguments are required: "):
            message = f"{message.removeprefix('the following arguments are required: ')} is required"
        raise UsageError(message)
