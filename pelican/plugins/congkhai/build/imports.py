"""The plugin's own imports, read from its source with `ast`: which module imports which.

A leaf of the plugin (imports nothing of the other rooms). The check cache keys its entries
by the code of the modules that read and check a file (content.checkcache), and a test holds
the rooms to their declared order with the same graph (tests/unit/build/test_imports.py).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # pelican/plugins/congkhai
NAME = "pelican.plugins.congkhai"


def module_name(path: Path) -> str:
    """'…/congkhai/content/model.py' -> 'content.model'; a package's __init__.py -> the package."""
    parts = list(path.resolve().relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    """Every module of the plugin by its name relative to the plugin ('' is the plugin's __init__)."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> list[str]:
    """The plugin modules one `from … import …` names: the module itself, or each imported submodule."""
    known = modules()
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join(base + ([node.module] if node.module else []))
    elif node.module and node.module.startswith(NAME):
        target = node.module[len(NAME):].lstrip(".")
    else:
        return []
    found = []
    for alias in node.names:
        child = f"{target}.{alias.name}" if target else alias.name
        found.append(child if child in known else target)
    return [name for name in dict.fromkeys(found) if name in known]


@functools.lru_cache(maxsize=None)
def imports_of(module: str) -> tuple[tuple[str, int, bool], ...]:
    """(imported plugin module, line, at the top level) of each import in `module`'s source."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = _resolve(module, node, path.name == "__init__.py")
        elif isinstance(node, ast.Import):
            names = [alias.name[len(NAME):].lstrip(".") for alias in node.names if alias.name.startswith(NAME + ".")]
        else:
            continue
        found += [(name, node.lineno, id(node) in top) for name in names if name != module]
    return tuple(found)


def closure(start: str) -> list[str]:
    """`start` and every plugin module it imports, directly or through another, sorted."""
    found, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += [imported for imported, _line, _top in imports_of(name)]
    return sorted(found)
