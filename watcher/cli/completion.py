"""Shell completion: `watcher completion bash|zsh|fish` prints a script to source, and the
scripts ask watcher itself what may come next (`watcher __complete SHELL WORD...`).

Every candidate comes from the parser (:func:`watcher.cli.build_parser`): the commands, their
options, and the choices of each option, so that completion never lists a command or a value
that the parser would refuse. Only what the parser cannot know is read elsewhere, read-only:
the interviews (their numbers, with the company as the description where the shell shows
one), the interviews found in mail, the companies and the accounts. Completing must never get
in the way of typing: any error (no config, a broken one, no state yet) gives no candidate
rather than a message.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence

from watcher.cli.values import record_id, suggestion_id
from watcher.record import record

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import TextIO

    from watcher.cli.context import Commands, Context
    from watcher.models import Interview
    from watcher.settings import Config

SHELLS = ("bash", "zsh", "fish")
FILES = "__files__"
"""What `__complete` prints alone when the word is a file name: the shell completes it."""

INSTALL = """\
Load it in your shell's start-up file:
  bash:  eval "$(watcher completion bash)"          in ~/.bashrc
  zsh:   eval "$(watcher completion zsh)"           in ~/.zshrc, after compinit
  fish:  watcher completion fish > ~/.config/fish/completions/watcher.fish
Then `watcher track show <TAB>` offers the interviews' numbers (with their company in zsh
and fish), and options, their choices and companies complete too."""

BASH = r"""# watcher's completion for bash: eval "$(watcher completion bash)" in ~/.bashrc
_watcher_complete() {
    local IFS=$'\n' program="${COMP_WORDS[0]/#\~/$HOME}"
    local -a reply
    reply=($("$program" __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    if [[ "${reply[0]-}" == __files__ ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
    else
        COMPREPLY=("${reply[@]}")
    fi
}
complete -F _watcher_complete watcher
"""

ZSH = r"""#compdef watcher
# watcher's completion for zsh: eval "$(watcher completion zsh)" in ~/.zshrc, after compinit
_watcher() {
    local -a reply
    local program="${(Q)words[1]/#\~/$HOME}"
    reply=("${(@f)$("$program" __complete zsh "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ "${reply[1]}" == __files__ ]]; then
        _files
    elif [[ -n "${reply[1]}" ]]; then
        _describe -t values value reply
    else
        return 1
    fi
}
compdef _watcher watcher
"""

FISH = r"""# watcher's completion for fish:
#   watcher completion fish > ~/.config/fish/completions/watcher.fish
function __watcher_complete
    set -l tokens (commandline -opc)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l current (commandline -ct)
    set -l reply ($program __complete fish $tokens $current 2>/dev/null)
    if test "$reply[1]" = __files__
        __fish_complete_path $current
    else
        printf '%s\n' $reply
    end
end
complete -c watcher -f -a '(__watcher_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def register(commands: Commands) -> None:
    """Add `watcher completion SHELL` to ``commands``."""
    completion = commands.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh or fish)",
        description="Print the script that completes watcher's commands, options, choices, "
        "interview numbers and companies in your shell.",
        epilog=INSTALL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, help="your shell")
    completion.set_defaults(func=cmd_completion)


def cmd_completion(ctx: Context) -> int:
    ctx.output.out.write(SCRIPTS[ctx.args.shell])
    return 0


# --------------------------------------------------------------------------- candidates


@record
class Candidate:
    """One completion: the word, and what it is (shown by zsh and fish)."""

    word: str
    about: str = ""


def complete(
    parser: argparse.ArgumentParser, argv: Sequence[str], env: Mapping[str, str], out: TextIO
) -> int:
    """`watcher __complete SHELL WORD...`: print the candidates for the last WORD, one a line,
    as SHELL takes them; print nothing on any error (a broken config must not spam the
    prompt). Return 0."""
    try:
        shell, *words = argv
        if shell not in SHELLS:
            return 0
        if shell == "bash":
            words = _joined_at_equals(words)
        if shell == "fish":  # fish passes the words before the cursor unquoted already
            words = [*words[:-1], _unquoted(words[-1])] if words else [""]
        else:
            words = [_unquoted(word) for word in words] or [""]
        found = candidates(parser, words, env)
        # bash replaces only what follows the "=" of --color=al: the rest stays.
        last = words[-1]
        cut = (
            last.index("=") + 1 if shell == "bash" and last.startswith("--") and "=" in last else 0
        )
        out.write("".join(f"{line}\n" for line in _shown(found, shell, cut)))
    except Exception:  # noqa: S110 - completing must never print an error at the prompt
        pass
    return 0


def candidates(
    parser: argparse.ArgumentParser, words: Sequence[str], env: Mapping[str, str]
) -> list[Candidate] | str:
    """Given the words typed after `watcher`, the last one being completed, return what may
    take its place (those that start with it), or :data:`FILES` for a file name."""
    *done, current = words
    node = parser
    used: set[argparse.Action] = set()
    positionals = 0
    taking: argparse.Action | None = None
    left = 0
    config: str | None = None
    for word in done:
        if left:
            left -= 1
            if taking is not None and taking.dest == "config":
                config = word
            continue
        if word.startswith("-") and word != "-":
            flag, equals, value = word.partition("=")
            action = _option(node, flag)
            if action is None:
                continue
            used.add(action)
            if action.dest == "config" and equals:
                config = value
            if not equals:
                taking, left = action, _values_taken(action)
            continue
        commands = _commands(node)
        if commands is not None and commands not in used:
            used.add(commands)
            if word in commands.choices:
                node, used, positionals = commands.choices[word], set(), 0
            continue
        positionals += 1
    context = _Context(env, config)
    if left and taking is not None:
        return _values(taking, current, context)
    if current.startswith("--") and "=" in current:
        flag, _, value = current.partition("=")
        action = _option(node, flag)
        if action is None or not _values_taken(action):
            return []
        found = _values(action, value, context)
        if isinstance(found, str):
            return found
        return [Candidate(f"{flag}={c.word}", c.about) for c in found]
    if current.startswith("-"):
        return [
            Candidate(flag, _about(action.help))
            for action in node._actions
            if action.option_strings
            and action.help != argparse.SUPPRESS
            and (action not in used or isinstance(action, argparse._AppendAction))
            for flag in action.option_strings
            if flag.startswith(current)
        ]
    commands = _commands(node)
    if commands is not None and commands not in used:
        helps = {a.dest: a.help for a in commands._choices_actions}
        return [
            Candidate(name, _about(helps.get(name)))
            for name in commands.choices
            if name.startswith(current)
        ]
    arguments = [a for a in node._actions if not a.option_strings and a is not commands]
    if positionals < len(arguments):
        return _values(arguments[positionals], current, context)
    return []


class _Context:
    """What candidates read beyond the parser: the config (its accounts) and the state (the
    interviews), each loaded once, read-only, when a word asks for it."""

    def __init__(self, env: Mapping[str, str], config_arg: str | None) -> None:
        self.env = env
        self.config_arg = config_arg
        self._config: Config | None = None

    def config(self) -> Config:
        from watcher import paths
        from watcher.config import load_config

        if self._config is None:
            self._config = load_config(paths.config_file(self.config_arg, self.env), self.env)
        return self._config

    def interviews(self) -> list[Candidate]:
        return [
            Candidate(str(i.id), f"{i.company}, {i.role}" if i.role else i.company)
            for i in self._interviews()
        ]

    def _interviews(self) -> list[Interview]:
        from watcher.store import Store

        store = Store.open_read_only(self.config().store_path)
        try:
            return store.interviews()
        finally:
            store.close()

    def suggestions(self) -> list[Candidate]:
        from watcher.models import SuggestionState
        from watcher.store import Store

        store = Store.open_read_only(self.config().store_path)
        try:
            found = store.suggestions(SuggestionState.PENDING)
        finally:
            store.close()
        zone = self.config().policy.timezone
        return [
            Candidate(
                str(s.id),
                ", ".join(
                    [s.sighting.company or "no company"]
                    + ([f"{s.sighting.start.astimezone(zone):%d %b}"] if s.sighting.start else [])
                ),
            )
            for s in found
        ]

    def companies(self) -> list[Candidate]:
        return [Candidate(name) for name in sorted({i.company for i in self._interviews()})]

    def accounts(self) -> list[Candidate]:
        return [Candidate(a.name) for a in self.config().accounts]


def _values(action: argparse.Action, current: str, context: _Context) -> list[Candidate] | str:
    """Return the candidates for a value of ``action`` that start with ``current``."""
    if action.choices is not None:
        found = [Candidate(str(choice)) for choice in action.choices]
    elif action.dest in ("config", "output", "html"):
        return FILES
    elif action.type is record_id and action.dest == "id":
        found = context.interviews()
    elif action.type is suggestion_id:
        found = context.suggestions()
    elif action.dest == "company":
        found = context.companies()
    elif action.dest == "account":
        found = context.accounts()
    else:
        return []
    return [c for c in found if c.word.startswith(current)]


def _commands(
    parser: argparse.ArgumentParser,
) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    """Return the option ``flag`` names in ``parser``: exactly, or as the unambiguous start of
    one (argparse takes ``--dry`` for ``--dry-run``)."""
    actions = parser._option_string_actions
    if flag in actions:
        return actions[flag]
    starting = {a for f, a in actions.items() if f.startswith(flag) and flag.startswith("--")}
    return starting.pop() if len(starting) == 1 else None


def _values_taken(action: argparse.Action) -> int:
    """How many words follow the option (``--topic-for ADDRESS TOPIC``: 2)."""
    if isinstance(action.nargs, int):
        return action.nargs
    return 1


def _about(help_text: str | None) -> str:
    """Return the first part of a help text, short enough to stand beside a candidate."""
    if not help_text or help_text == argparse.SUPPRESS:
        return ""
    first = re.split(r"[;:]", help_text, maxsplit=1)[0].strip()
    return first if len(first) <= 60 else first[:57].rstrip() + "..."


def _unquoted(word: str) -> str:
    """Return a word as the shell will pass it (bash and zsh give it as typed, quotes and all;
    the word being completed may still lack its closing quote)."""
    import shlex

    for closing in ("", '"', "'"):
        try:
            return " ".join(shlex.split(word + closing)) if word else ""
        except ValueError:
            continue
    return word


def _joined_at_equals(words: list[str]) -> list[str]:
    """Return bash's words with ``--color = al`` (bash splits at "=") joined again as
    ``--color=al``; a word being completed that is a lone "=" gets no candidate."""
    joined: list[str] = []
    for index, word in enumerate(words):
        if word == "=" and joined and index < len(words) - 1:
            joined[-1] += "="
        elif joined and joined[-1].endswith("=") and joined[-1].startswith("--"):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _shown(found: list[Candidate] | str, shell: str, cut: int = 0) -> list[str]:
    """Return the lines of ``found`` as ``shell``'s script reads them (for bash, each word
    without its first ``cut`` characters)."""
    if isinstance(found, str):
        return [found]
    if shell == "fish":
        return [f"{c.word}\t{c.about}" if c.about else c.word for c in found]
    if shell == "zsh":
        return [
            c.word.replace("\\", "\\\\").replace(":", "\\:") + (f":{c.about}" if c.about else "")
            for c in found
        ]
    return [re.sub(r"([^\w@%+=:,./-])", r"\\\1", c.word[cut:]) for c in found]
