"""Build step: ship kaitai-struct-compiler's JavaScript inside the package.

Declared protocols (hexview/protocols/declared) compile their .ksy at run time with
Node and this compiler, so ``pip install`` users need it without npm. It is copied
at build time from node_modules (``npm ci``), with its LICENSE (GPLv3) and
package.json (its version keys the cache), into hexview/protocols/declared/ksc/ of
the built package -- never into git. A build without node_modules leaves it out
and says so: hexview then looks for the compiler on PATH.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
COMPILER = ROOT / "node_modules" / "kaitai-struct-compiler"
SHIPPED = ("kaitai-struct-compiler.js", "LICENSE", "package.json")


class BuildWithCompiler(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "hexview" / "protocols" / "declared" / "ksc"
        if not (COMPILER / SHIPPED[0]).is_file():
            print(
                "warning: node_modules/kaitai-struct-compiler is missing (run `npm ci`): "
                "the package will not carry the .ksy compiler"
            )
            return
        target.mkdir(parents=True, exist_ok=True)
        for name in SHIPPED:
            shutil.copyfile(COMPILER / name, target / name)


setup(cmdclass={"build_py": BuildWithCompiler})
