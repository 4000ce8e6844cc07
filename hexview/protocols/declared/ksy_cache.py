"""Compiling a declared protocol's .ksy files at run time, into a cache, and loading them.

The compiling is ``ksy_compile.js``'s, the code ``make parsers`` runs too, so a
folder's parsers are the same kind of module as hexview's own, with the same
``ksy_meta`` (docs, display hints, struct formats) registered for
``hexview.decode.kaitai_tree`` by module. Node runs kaitai-struct-compiler's
JavaScript, found (in this order) inside the installed package (the build copies it
there), in the checkout's node_modules (editable installs), or as a
``kaitai-struct-compiler.js`` on PATH.

The cache (``$HEXVIEW_CACHE``, else ``$XDG_CACHE_HOME/hexview``, else
``~/.cache/hexview``) holds one package per set of sources, keyed by the .ksy files'
content, the compiler's version and these scripts' content: a second run with the
same files loads the package and never starts node.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from enum import IntEnum
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias

from ...decode import kaitai_tree
from .schema import DeclarationError, read_yaml

HERE = Path(__file__).resolve().parent
SCRIPTS = (HERE / "ksy_compile.js", HERE / "compile_folder.js")
COMPILER_JS = "kaitai-struct-compiler.js"
SHIPPED = HERE / "ksc" / COMPILER_JS  # copied from node_modules by the build (setup.py)
CHECKOUT = HERE.parents[2] / "node_modules" / "kaitai-struct-compiler" / COMPILER_JS
COMPILE_TIMEOUT = 300
PACKAGE_PREFIX = "hexview_declared_"

# a class generated from a .ksy (generated code, untyped: what it reads is Kaitai's business)
ParserClass: TypeAlias = type[Any]

compiles_run = 0  # how many times node was started (tests count them)


def cache_root() -> Path:
    if os.environ.get("HEXVIEW_CACHE"):
        return Path(os.environ["HEXVIEW_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hexview"


def find_compiler() -> Path | None:
    """kaitai-struct-compiler's JavaScript: in the package, the checkout, or on PATH."""
    for candidate in (SHIPPED, CHECKOUT):
        if candidate.is_file():
            return candidate
    found = shutil.which("kaitai-struct-compiler.js") or shutil.which("kaitai-struct-compiler")
    if found:
        real = Path(os.path.realpath(found))
        if real.suffix == ".js":
            return real
        beside = real.parent / COMPILER_JS
        if beside.is_file():
            return beside
    return None


def compiler_version(compiler: Path) -> str:
    """The package.json version beside it; else a digest of the file itself."""
    try:
        return str(json.loads((compiler.parent / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return "sha256:" + hashlib.sha256(compiler.read_bytes()).hexdigest()


def ksy_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ksy") if p.is_file())


def cache_key(folder: Path, files: list[Path], version: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"compiler {version}\n".encode())
    for script in SCRIPTS:
        digest.update(hashlib.sha256(script.read_bytes()).digest())
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Parsers:
    """A loaded package of one folder's parsers: ``cls("toy_request")`` is the generated
    top-level class of toy_request.ksy, ``enum("toy_common::opcode")`` an enum class."""

    def __init__(self, package: str, modules: dict[str, ModuleType]) -> None:
        self.package = package
        self.modules = modules

    def cls(self, ksy_id: str) -> ParserClass | None:
        module = self.modules.get(ksy_id)
        found: ParserClass | None = getattr(module, _class_name(ksy_id), None) if module is not None else None
        return found

    def enum(self, ref: str) -> type[IntEnum] | None:
        parts = ref.split("::")
        owner: Any = self.cls(parts[0])  # a generated class, then the classes and the enum inside it
        for part in parts[1:]:
            owner = getattr(owner, _class_name(part), None) if owner is not None else None
        found: type[IntEnum] | None = owner
        return found


def _class_name(ident: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in ident.split("_"))


def load_parsers(folder: Path, label: str) -> Parsers:
    """The folder's parsers, compiled now if the cache has none for these sources.
    ``label``: the protocol's name, for the package's docstring. DeclarationError
    names the .ksy (and its line) when a file does not compile."""
    files = ksy_files(folder)
    if not files:
        return Parsers("", {})
    compiler = find_compiler()
    if compiler is None:
        raise DeclarationError(
            files[0],
            "cannot compile: kaitai-struct-compiler.js not found (not in the installed package, "
            "no node_modules in the checkout, none on PATH); run `npm ci` in a checkout",
        )
    key = cache_key(folder, files, compiler_version(compiler))
    target = cache_root() / "parsers" / key
    if not (target / "ksy_meta.py").is_file():
        _compile(folder, files, compiler, target, label)
    return _import(target, PACKAGE_PREFIX + key[:20])


def _compile(folder: Path, files: list[Path], compiler: Path, target: Path, label: str) -> None:
    global compiles_run
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise DeclarationError(
            files[0],
            "cannot compile: node (Node.js) is not on PATH; install it to use .ksy files (the built-in protocols need no node)",
        )
    specs: dict[str, object] = {}
    for path in files:
        spec = read_yaml(path)  # a syntax error is reported with its line here
        if not isinstance(spec, dict):
            raise DeclarationError(path, "not a Kaitai Struct spec (expected a mapping with meta, seq, types ...)")
        specs[path.relative_to(folder).as_posix()] = json.loads(json.dumps(spec, default=str))
    job = {
        "compiler": str(compiler),
        "header": f"# Generated by hexview from the .ksy files of the {label} protocol's folder - a cache, do not edit.\n",
        "origin": f"the {label} protocol's .ksy files",
        "specs": specs,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".compiling-") as work:
        work_dir = Path(work)
        (work_dir / "job.json").write_text(json.dumps(job))
        compiles_run += 1
        try:
            done = subprocess.run(
                [node, str(HERE / "compile_folder.js"), str(work_dir / "job.json"), str(work_dir / "result.json")],
                capture_output=True,
                text=True,
                timeout=COMPILE_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeclarationError(files[0], f"cannot compile: {exc}") from None
        try:
            result = json.loads((work_dir / "result.json").read_text())
        except (OSError, ValueError):
            message = " ".join((done.stderr or done.stdout or f"node exited with {done.returncode}").split())
            raise DeclarationError(files[0], f"the compiler failed: {message[:300]}") from None
        if "error" in result:
            raise _located(folder, files, result["error"])
        out = work_dir / "package"
        out.mkdir()
        for name, source in result["files"].items():
            (out / name).write_text(source)
        try:
            os.replace(out, target)
        except OSError:
            if not (target / "ksy_meta.py").is_file():  # another run made it meanwhile: fine
                raise


_PLACE = re.compile(r"^(?:(?P<spec>[\w()]+): )?(?P<path>/[^\s:]*):\s*(?:error:\s*)?(?P<message>.*)$", re.S)


def _located(folder: Path, files: list[Path], error: dict[str, Any]) -> DeclarationError:
    """The compiler's error as file:line: message. Its messages read
    'spec_id: /seq/1/type:\\n\\terror: unable to find type ...': the YAML path is
    turned into the line of that node, in the file whose meta/id is spec_id."""
    detail = " ".join(str(error.get("detail", "")).split())
    file = folder / error["file"] if error.get("file") else files[0]
    found = _PLACE.match(detail)
    if not found:
        return DeclarationError(file, detail or "the compiler failed")
    spec = found.group("spec")
    if spec and spec != "(main)":
        named = [p for p in files if p.stem == spec]
        file = named[0] if named else file
    return DeclarationError(file, found.group("message").strip(), _line_of(file, found.group("path")))


def _line_of(path: Path, pointer: str) -> int | None:
    """The 1-based line of the YAML node at ``pointer`` ('/seq/1/type'), or of the
    deepest node on the way that exists."""
    import yaml

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for step in [s for s in pointer.split("/") if s]:
        child = None
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == step), None)
            if pair is not None:
                line, child = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and step.isdigit() and int(step) < len(node.value):
            child = node.value[int(step)]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _import(target: Path, package: str) -> Parsers:
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(package, target / "__init__.py", submodule_search_locations=[str(target)])
        if spec is None or spec.loader is None:  # a file location always has a spec and a loader
            raise DeclarationError(target, "cached parsers did not load (no importable package)")
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    names = sorted(p.stem for p in target.glob("*.py") if p.stem not in ("__init__", "ksy_meta"))
    try:
        meta = importlib.import_module(f"{package}.ksy_meta")
        modules = {name: importlib.import_module(f"{package}.{name}") for name in names}
    except Exception as exc:  # a damaged cache entry: say so, the next run compiles afresh
        shutil.rmtree(target, ignore_errors=True)
        raise DeclarationError(
            target, f"cached parsers did not load ({exc}); removed, they are compiled again next run"
        ) from None
    kaitai_tree.add_runtime_meta([m.__name__ for m in modules.values()], meta.META, meta.ENUM_LABELS)
    return Parsers(package, modules)
