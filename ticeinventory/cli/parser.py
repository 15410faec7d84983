"""An argparse that speaks French: headings, usage prefix and the error messages argparse produces itself.

argparse translates its own messages through the ``argparse`` gettext domain, for which no French catalogue
ships with Python. Rather than patching the standard library, the few messages a user can meet are matched
here against their English templates and rewritten through ``_()``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import textwrap
from typing import NoReturn

from ticeinventory.domain.i18n import _


class UsageError(Exception):
    """The command line is wrong; ``parser`` is the (sub)parser whose usage to show."""

    def __init__(self, message: str, parser: argparse.ArgumentParser) -> None:
        super().__init__(message)
        self.message = message
        self.parser = parser


class ParserExit(Exception):
    """argparse wanted to exit (``--help``): the help is already printed; ``status`` is the exit code."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 32,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        if prefix is None:
            prefix = _("Utilisation : ")
        super().add_usage(usage, actions, groups, prefix)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS and isinstance(action, argparse._SubParsersAction):
            # argparse measures sub-commands at their parent's indent but prints them one level deeper
            longest = max((len(name) for name in action.choices), default=0)
            self._action_max_length = max(self._action_max_length,
                                          longest + self._current_indent + 2 * self._indent_increment)

    def start_section(self, heading: str | None) -> None:
        # French typography: a space before the colon argparse appends ("options :")
        super().start_section(f"{heading} " if heading else heading)


def _template(english: str) -> re.Pattern[str]:
    """``'invalid choice: %(value)r (choose from %(choices)s)'`` → a regex with one named group per field."""
    pattern, pos = "", 0
    for index, m in enumerate(re.finditer(r"%(?:\((\w+)\))?[rsd]", english)):
        pattern += re.escape(english[pos:m.start()])
        name = m.group(1) or f"arg{index}"
        pattern += f"(?P<{name}>.*?)"
        pos = m.end()
    pattern += re.escape(english[pos:])
    return re.compile(f"^{pattern}$", re.DOTALL)


def _french_templates() -> list[tuple[re.Pattern[str], str]]:
    """(English argparse template, French replacement with the same named fields)."""
    return [
        (_template("one of the arguments %(options)s is required"), _("indiquez l'un des arguments {options}")),
        (_template("argument %(argument_name)s: %(message)s"), _("argument {argument_name} : {message}")),
        (_template("the following arguments are required: %s"), _("arguments obligatoires manquants : {arg0}")),
        (_template("unrecognized arguments: %s"), _("arguments non reconnus : {arg0}")),
        (_template("not allowed with argument %s"), _("incompatible avec l'argument {arg0}")),
        (_template("invalid choice: %(value)r (choose from %(choices)s)"),
         _("choix inconnu : « {value} » (choix possibles : {choices})")),
        (_template("invalid %(type)s value: %(value)r"), _("valeur invalide : « {value} »")),
        (_template("expected one argument"), _("une valeur est attendue")),
        (_template("expected at most one argument"), _("au plus une valeur est attendue")),
        (_template("expected at least one argument"), _("au moins une valeur est attendue")),
        (_template("expected %s argument"), _("{arg0} valeur attendue")),
        (_template("expected %s arguments"), _("{arg0} valeurs attendues")),
        (_template("ambiguous option: %(option)s could match %(matches)s"),
         _("option ambiguë : {option} peut désigner {matches}")),
        (_template("ignored explicit argument %r"), _("valeur inattendue : {arg0}")),
        (_template("unexpected option string: %s"), _("option inattendue : {arg0}")),
    ]


def translate(message: str) -> str:
    """The French version of an argparse message (nested ``argument X: …`` included); unknown ones unchanged."""
    for pattern, french in _french_templates():
        m = pattern.match(message)
        if m:
            fields = m.groupdict()
            if "message" in fields:
                fields["message"] = translate(fields["message"])
            for key in ("value", "choices"):  # argparse quotes them with repr(): « » reads better in French
                if key in fields:
                    fields[key] = fields[key].replace("'", "")
            if "options" in fields:  # argparse lists them separated by spaces
                fields["options"] = _(" ou ").join(fields["options"].split())
            return french.format(**fields)
    return message


class FrenchArgumentParser(argparse.ArgumentParser):
    """Raises :class:`UsageError` / :class:`ParserExit` instead of exiting, so ``main()`` returns a code."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs.setdefault("allow_abbrev", False)
        kwargs["add_help"] = False
        if kwargs.get("description"):  # the raw formatter keeps the epilog's layout: wrap the prose here
            width = max(60, min(100, shutil.get_terminal_size().columns - 2))
            kwargs["description"] = textwrap.fill(kwargs["description"], width, break_on_hyphens=False)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("afficher cette aide et quitter"))

    def error(self, message: str) -> NoReturn:
        raise UsageError(translate(message), self)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise ParserExit(status)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("« {text} » n'est pas un nombre entier").format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("le nombre doit être au moins 1 (reçu : {value})").format(value=value))
    return value


def any_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("« {text} » n'est pas un nombre entier").format(text=text)) from None
