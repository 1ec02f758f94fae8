"""The largest classes and functions of a package, in lines: the house's size guide, checked.

    python bench/sizes.py fieldnotes [--top 8]

The guide (docs/architecture.md) is no class over about 400 lines and no function over about
80; this prints the largest of each and how many are over.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

CLASS_GUIDE = 400
FUNCTION_GUIDE = 80


def sizes(root: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Every class and function under `root`, largest first, as (lines, file:name)."""
    classes: list[tuple[int, str]] = []
    functions: list[tuple[int, str]] = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            where = f"{path.relative_to(root.parent)}:{node.name}"
            (classes if isinstance(node, ast.ClassDef) else functions).append((lines, where))
    return sorted(classes, reverse=True), sorted(functions, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    classes, functions = sizes(args.package.resolve())
    print("classes:", "; ".join(f"{n} {where}" for n, where in classes[: args.top]))
    print("functions:", "; ".join(f"{n} {where}" for n, where in functions[: args.top]))
    print(
        f"classes over {CLASS_GUIDE}: {sum(n > CLASS_GUIDE for n, _ in classes)}, "
        f"functions over {FUNCTION_GUIDE}: {sum(n > FUNCTION_GUIDE for n, _ in functions)}"
    )


if __name__ == "__main__":
    main()
