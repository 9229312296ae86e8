"""The rooms' imports point one way (docs/internals.md): a module imports only its own room and
the rooms below it, nothing imports the command-line tools, no cycle, and no Pelican below the
generator. Read from the source with ast (build/imports.py), so a lazy import counts too."""

from __future__ import annotations

import pytest

from pelican.plugins.congkhai.build import imports

# Each room and the rooms it may import, lowest first.
LAYERS = {
    "base": set(),  # settings, pelican_settings, vietnamese
    "build": {"base"},
    "content": {"base", "build"},
    "domain": {"base", "build", "content"},
    "site": {"base", "build", "content", "domain"},
    "outputs": {"base", "build", "content", "domain", "site"},
    "search": {"base", "build", "content", "domain", "site"},
    "glue": {"base", "build", "content", "domain", "site", "outputs", "search"},  # families, generator
    "plugin": {"glue"},
    "tools": {"base", "build", "content", "domain", "site", "outputs", "search"},
}
TOP = {"settings": "base", "pelican_settings": "base", "vietnamese": "base", "families": "glue", "generator": "glue", "shards": "glue", "plugin": "plugin",
       "": "plugin"}


def room(module: str) -> str:
    first = module.split(".")[0]
    return TOP[module] if module in TOP else first


def test_every_module_is_in_a_declared_room():
    assert {room(module) for module in imports.modules()} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(imports.modules()))
def test_imports_point_one_way(module):
    mine = room(module)
    wrong = [(imported, line) for imported, line, _top in imports.imports_of(module)
             if room(imported) != mine and room(imported) not in LAYERS[mine]]
    assert wrong == [], f"{module} imports {wrong} against the rooms' order"


def test_no_import_cycle():
    graph = {module: {imported for imported, _line, _top in imports.imports_of(module)}
             for module in imports.modules()}
    state: dict[str, int] = {}

    def visit(module, path):
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                pytest.fail("import cycle: " + " -> ".join(path + [module, imported]))
            if imported not in state:
                visit(imported, path + [module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_only_the_generator_the_plugin_and_the_tools_import_pelican():
    import ast
    found = []
    for module, path in imports.modules().items():
        if room(module) in ("glue", "plugin", "tools"):  # tools read pelicanconf.py with Pelican
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            found += [(module, name) for name in names if name == "pelican" or name.startswith("pelican.")
                      and not name.startswith(imports.NAME)]
    assert found == []


def test_the_graph_sees_relative_and_lazy_imports():
    """The checks above are only as good as the graph: it must see both kinds of import."""
    graph = {imported for imported, _line, _top in imports.imports_of("generator")}
    assert {"families", "site.views", "domain.checking", "build.rendering"} <= graph
    assert ("content.model", True) in {(i, top) for i, _line, top in imports.imports_of("content.validation")}
