"""The shape of the command-line package: no import circle among its modules, one way of adding commands, the
shared pieces defined once, and the flat event shape reachable without the terminal renderer."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import eventwatch.cli
from eventwatch.cli import main

CLI = Path(eventwatch.cli.__file__).parent
PACKAGE = CLI.parent
SHARED = {"__init__", "main", "common", "render"}  # the modules that add no commands


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text("utf-8")) for path in sorted(CLI.glob("*.py"))}


def _cli_imports(tree: ast.Module, names: set[str]) -> set[str]:
    """The package's modules this module imports, at its top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "eventwatch.cli":
            found |= {a.name if a.name in names else "__init__" for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventwatch.cli."):
            found.add(node.module.removeprefix("eventwatch.cli."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("eventwatch.cli.") for a in node.names
                      if a.name.startswith("eventwatch.cli.")}
    return found


def test_no_import_circle_among_the_cli_modules() -> None:
    modules = _modules()
    graph = {name: _cli_imports(tree, set(modules)) for name, tree in modules.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import circle: {' → '.join((*path, name))}"
        if name in done:
            return
        for other in graph[name]:
            visit(other, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_every_command_module_is_added_by_register_and_nothing_else() -> None:
    modules = _modules()
    commands = set(modules) - SHARED
    assert commands, "no command modules found"
    for name in commands:
        module = importlib.import_module(f"eventwatch.cli.{name}")
        assert callable(getattr(module, "register", None)), f"cli/{name}.py has no register(app)"
    assert _cli_imports(modules["main"], set(modules)) - {"common"} == commands
    for name, tree in modules.items():
        decorated_by_root = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                             and any("app.command" in ast.unparse(d) and ast.unparse(d).startswith("app.")
                                     for d in node.decorator_list)]
        assert name == "main" or not decorated_by_root, f"cli/{name}.py adds {decorated_by_root} by decorator"
    assert "noqa: E402" not in "".join(path.read_text("utf-8") for path in CLI.glob("*.py"))


def test_the_consoles_and_the_filter_options_are_defined_once() -> None:
    sources = {path.stem: path.read_text("utf-8") for path in CLI.glob("*.py")}
    assert [name for name, text in sources.items() if "Console(" in text] == ["common"]
    assert [name for name, text in sources.items() if "PLOVER type, e.g. THREATEN." in text] == ["common"]
    assert main.console is importlib.import_module("eventwatch.cli.watch").console


def test_the_flat_event_shape_needs_no_terminal_renderer() -> None:
    for consumer in ("api/models.py", "export/formats.py", "store/flat.py"):
        tree = ast.parse((PACKAGE / consumer).read_text("utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m and (m.startswith("eventwatch.cli") or m.startswith("rich"))}, consumer
    code = "import sys, eventwatch.store.flat; print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
