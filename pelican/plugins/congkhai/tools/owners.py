"""Who may change what: `.github/CODEOWNERS` made from each body's editors, and the bodies a change touches.

A command-line tool: never imported by the build. Each body's folder of sessions
(content/sessions/<body>/), its folder of the responses to them (content/responses/<body>/)
and the handovers from it (content/handovers/) belong to its `editors` (bodies.yaml), so a
forge that reads CODEOWNERS asks them to review every change there; the files of the site
as a whole (the data tables, settings, code) belong to the site's maintainers, named with
--maintainers.

    python -m pelican.plugins.congkhai.tools.owners codeowners [--maintainers @org/team] > .github/CODEOWNERS
    python -m pelican.plugins.congkhai.tools.owners touched FILE…   # the bodies a change touches
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.model import Content, build_content, session_folder
from ..content.reading import RESPONSE_DIR, SESSION_DIR, read_tree
from ..domain import handovers

HEADER = ("# Generated from content/data/bodies.yaml by `invoke codeowners`; do not edit by hand.\n"
          "# Each body's editors review the changes to its sessions, their responses and its handovers.\n")


def folders(content: Content, root: str = "content") -> dict[str, list[str]]:
    """Body id -> the folders and files of the repository that are its own (paths from the repository root)."""
    owned: dict[str, list[str]] = {body: [] for body in content.bodies}
    for session in content.sessions:
        if session.body in owned:
            # its body's folders when it is there (a site of one body keeps them all in sessions/)
            folder = session_folder(session.source)
            mine = owned[session.body]
            if folder == session.body:
                own = [f"{root}/{SESSION_DIR}/{folder}/", f"{root}/{RESPONSE_DIR}/{folder}/"]
            else:
                own = [session.source, f"{root}/{RESPONSE_DIR}/{folder + '/' if folder else ''}{session.id}/"]
            mine += [path for path in own if path not in mine]
    for handover in content.handovers:
        if handover.source_body in owned:
            owned[handover.source_body].append(handover.source)
    # An item handed over is answered by the body that took it over: its answers are that body's.
    # They stay in the folder of the session's body (model.response_place).
    sessions = {session.id: session for session in content.sessions}
    for item_id, passed in handovers.transfers(content).items():
        receiver = passed[-1].rule.to
        if receiver in owned:
            item = content.items[item_id]
            folder = session_folder(sessions[item.session_id].source)
            owned[receiver].append(f"{root}/{RESPONSE_DIR}/{folder + '/' if folder else ''}{item.session_id}/"
                                   f"{item.number}-*")
    return owned


def codeowners(content: Content, maintainers: tuple[str, ...] = ()) -> str:
    """The CODEOWNERS file: the maintainers own everything, each body's editors its own folders,
    and the body an item was handed to its answers (a later line wins: the maintainers come
    first, the handed-over items' answers after the folders that hold them)."""
    lines = [HEADER]
    if maintainers:
        lines.append(f"* {' '.join(maintainers)}\n")
    owned = folders(content)
    for globs in (False, True):  # the folders, then the handed-over items' answers
        for body_id, paths in owned.items():
            body = content.bodies[body_id]
            chosen = [path for path in paths if path.endswith("*") == globs]
            if not body.editors or not chosen:
                continue
            lines.append(f"\n# {body.name}{' (nội dung được bàn giao)' if globs else ''}\n")
            lines += [f"/{path} {' '.join(body.editors)}\n" for path in chosen]
    return "".join(lines)


def touched(content: Content, changed: list[str]) -> dict[str, list[str]]:
    """Body id -> the changed files that are in its folders."""
    found: dict[str, list[str]] = {}
    for body_id, paths in folders(content).items():
        for name in changed:
            if any(name == path or (path.endswith("/") and name.startswith(path))
                   or (path.endswith("*") and name.startswith(path[:-1])) for path in paths):
                found.setdefault(body_id, []).append(name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congkhai-owners", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("codeowners", "touched"))
    parser.add_argument("files", nargs="*", help="touched: the files a change touches, from the repository root")
    parser.add_argument("--content", default="content", help="the content folder (default: content)")
    parser.add_argument("--maintainers", nargs="*", default=[], help="codeowners: who owns the rest of the site")
    args = parser.parse_args(argv)
    content = build_content(read_tree(Path(args.content)))
    if args.action == "codeowners":
        sys.stdout.write(codeowners(content, tuple(args.maintainers)))
        return 0
    bodies = touched(content, [Path(f).as_posix() for f in args.files])
    for body_id, names in bodies.items():
        body = content.bodies[body_id]
        editors = " ".join(body.editors) or "(no editors in bodies.yaml)"
        print(f"{body.name}: {len(names)} file(s), reviewed by {editors}")
    if len(bodies) > 1:
        # GitHub Actions shows this line as a warning on the pull request.
        print(f"::warning title=Nhiều đơn vị::This change touches the files of {len(bodies)} bodies "
              f"({', '.join(bodies)}): each body's editors must review it / Thay đổi này chạm đến hồ sơ của "
              f"{len(bodies)} đơn vị: biên tập viên của từng đơn vị cần duyệt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
