#!/usr/bin/python3
"""Execute a Jupyter notebook top to bottom; exit non-zero with the failing cell's error.

Usage: run_notebook.py NOTEBOOK.ipynb [--save EXECUTED.ipynb]

The notebook runs with nbclient in a "python3" kernel started from this interpreter
(sys.executable, Debian's /usr/bin/python3 under CTest), whatever kernelspecs the machine
has, so the kernel sees the same numpy/pandas/matplotlib as the runner. The working
directory is the notebook's folder; each cell may take up to 120 s. Nothing is written back
to the notebook file (--save writes the executed copy, outputs included, elsewhere). The
environment (GRIDTHEORY_BINARY, MPLBACKEND) passes through to the kernel.
"""
import json
import os
import re
import sys
import tempfile
import time

CELL_TIMEOUT_S = 120
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks


def main(argv):
    save = None
    if len(argv) == 4 and argv[2] == "--save":
        save = argv[3]
    elif len(argv) != 2:
        print("usage: run_notebook.py NOTEBOOK.ipynb [--save EXECUTED.ipynb]", file=sys.stderr)
        return 2
    path = os.path.abspath(argv[1])
    if not os.path.isfile(path):
        print(f"run_notebook.py: no such notebook: {path}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="gridtheory-kernel-") as kernel_root:
        # A kernelspec named python3 that starts this interpreter. JUPYTER_PATH comes first
        # in Jupyter's search order, so it wins over a user's or a virtualenv's python3.
        spec_dir = os.path.join(kernel_root, "kernels", "python3")
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
            json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher",
                                "-f", "{connection_file}"],
                       "display_name": "Python 3", "language": "python"}, f)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            [kernel_root] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
        os.environ.setdefault("MPLBACKEND", "Agg")
        # ipykernel's debugger otherwise warns about frozen modules on every start.
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT_S,
                                resources={"metadata": {"path": os.path.dirname(path)}})
        name = os.path.basename(path)
        start = time.monotonic()
        try:
            try:
                client.execute()
            finally:
                if save:
                    nbformat.write(nb, save)
        except (CellExecutionError, CellTimeoutError) as error:
            failed = [i for i, cell in enumerate(nb.cells)
                      if cell.cell_type == "code" and any(
                          out.get("output_type") == "error" for out in cell.get("outputs", []))]
            where = f"cell {failed[0] + 1} of {len(nb.cells)}" if failed else "a cell"
            message = ANSI_ESCAPE.sub("", str(error))
            print(f"{name}: FAILED in {where} after {time.monotonic() - start:.1f} s\n{message}",
                  file=sys.stderr)
            return 1
        except Exception as error:  # the kernel did not start, died, ...
            print(f"{name}: FAILED ({type(error).__name__}): {error}", file=sys.stderr)
            return 1
        code_cells = sum(1 for cell in nb.cells if cell.cell_type == "code")
        print(f"{name}: {code_cells} code cells ran in {time.monotonic() - start:.1f} s")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
