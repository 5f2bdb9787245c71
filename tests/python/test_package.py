"""The package as a whole: every public function has a real signature (inspect.signature works)
and a docstring, every name of the compiled gridtheory._core has a stub in _core.pyi, and the
package ships its stubs and py.typed."""

import ast
import inspect
import os
import unittest

import gridtheory
from gridtheory import _core

PACKAGE = os.path.dirname(gridtheory.__file__)


def stub_names():
    """The top-level names _core.pyi declares (functions, classes, attributes)."""
    with open(os.path.join(PACKAGE, "_core.pyi")) as f:
        tree = ast.parse(f.read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


class Package(unittest.TestCase):
    def test_every_public_function_has_a_signature_and_a_docstring(self):
        functions = [n for n in gridtheory.__all__
                     if inspect.isfunction(getattr(gridtheory, n))
                     or inspect.isbuiltin(getattr(gridtheory, n))]
        self.assertGreaterEqual(len(functions), 17, functions)
        for name in functions:
            with self.subTest(function=name):
                f = getattr(gridtheory, name)
                self.assertTrue(inspect.isfunction(f), f"{name} is not a Python function")
                sig = inspect.signature(f)  # raises for a bare builtin
                self.assertGreater(len(sig.parameters), 0)
                self.assertGreater(len(inspect.getdoc(f) or ""), 100, name)

    def test_predict_signature_keeps_the_cli_names_and_defaults(self):
        sig = inspect.signature(gridtheory.predict)
        self.assertEqual(list(sig.parameters)[:8],
                         ["encoding", "sigma", "surround_ratio", "surround_variance_ratio",
                          "alpha_e", "alpha_i", "fields_per_cell", "cells"])
        self.assertEqual(sig.parameters["encoding"].default, "dos")
        self.assertEqual(sig.parameters["box"].default, 2.2)
        self.assertEqual(sig.parameters["activation"].default, "relu")

    def test_every_native_name_has_a_stub(self):
        native = {n for n in dir(_core) if not n.startswith("__") or n == "__version__"}
        missing = sorted(native - stub_names())
        self.assertEqual(missing, [], "names of gridtheory._core without a stub in _core.pyi")
        stale = sorted(n for n in stub_names() - native if not n.startswith("_"))
        self.assertEqual(stale, [], "stubs of names gridtheory._core does not have")

    def test_the_package_ships_its_stubs(self):
        for name in ("py.typed", "_core.pyi", "__init__.py"):
            self.assertTrue(os.path.isfile(os.path.join(PACKAGE, name)), name)


if __name__ == "__main__":
    unittest.main()
