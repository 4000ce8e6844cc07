// Compiling .ksy specs into hexview's Python parsers: one definition, used by
// `make parsers` (tools/compile_ksy.js, ksy/ -> compiled/) and at run time for the
// .ksy files of protocols declared in folders (compile_folder.js, called by
// hexview/protocols/declared/ksy_cache.py). Neither reads YAML here: callers hand
// in parsed specs, so the run-time path needs node and the compiler, nothing else.
//
// What it makes: the compiler's Python (debug mode: every parsed field records its
// byte range in `_debug`), imports rewritten for a package, plus ksy_meta.py: per
// generated class, per field, the `doc`, the hexview display hints (`-hexview-show`),
// bit widths, struct formats and control marks hexview/decode reads, and `steers`
// (`-hexview-steers: true`): a field whose value hexview's own code decides by (an RPC
// program, the xid or cookie that pairs a reply with its request) -- like a control
// field, its value changes how the rest of a message decodes, but no expression of
// the specs names it (hexview/decode/not_captured.py reads both marks).
"use strict";

// Generated modules import each other by bare name; the output folder is a package
// (hexview.compiled, or a cached package of a declared protocol), so those imports
// become relative.
function relativiseImports(source, moduleNames) {
  return source.replace(/^import (\w+)$/gm, (line, name) =>
    moduleNames.has(name) ? `from . import ${name}` : line
  );
}

// Wire text is data, and bad input is normal input: a name that is not valid
// UTF-8 (legal where the XDR says opaque<>, or simply damaged) must not fail the
// whole parse. The compiler emits strict `.decode(u"UTF-8")`; bytes that do not
// decode are kept as \xNN escapes in the value instead (the bytes themselves stay
// in the message). ISO-8859-1 never fails and is left alone.
function lenientText(source) {
  return source.replace(/\.decode\(u"UTF-8"\)/g, '.decode(u"UTF-8", u"backslashreplace")');
}

// Every stream a parser opens -- the substreams of `size:` fields included -- is
// hexview's FastStream (hexview/decode/kaitai_stream.py): the runtime's KaitaiStream with
// its hottest reads done in one step. `streamImport` says where it is imported from.
const RUNTIME_IMPORT = "from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO";
function fastStreams(source, name, streamImport) {
  if (!source.includes(RUNTIME_IMPORT + "\n")) throw new Error(`${name}: the compiler's runtime import changed; update fastStreams()`);
  return source.replace(
    RUNTIME_IMPORT + "\n",
    `from kaitaistruct import KaitaiStruct, BytesIO\nfrom ${streamImport} import FastStream as KaitaiStream\n`
  );
}

function className(id) {
  return id.split("_").map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p)).join("");
}

// Collects doc / display hints / bit widths for one spec, keyed by the Python
// class qualname the compiler generates (TopLevel.Nested.Deeper). Enum values
// written as maps may carry `-hexview-label`, the text shown instead of the
// upper-cased identifier (e.g. "EX: Exclusive" for lock mode 5); those go to
// `labels`, keyed by the enum's class qualname and the value.
function collectMeta(spec, meta, labels, referenced) {
  const specEndian = spec.meta && typeof spec.meta.endian === "string" ? spec.meta.endian : null;
  const specEncoding = spec.meta && spec.meta.encoding;
  function visit(typeSpec, qualname, typeDoc) {
    const fields = {};
    for (const attr of typeSpec.seq || []) {
      if (!attr || !attr.id) continue;
      const info = {};
      if (attr.doc) info.doc = String(attr.doc).trim();
      if (attr["-hexview-show"]) info.show = attr["-hexview-show"];
      if (attr["-hexview-steers"]) info.steers = true;
      const bits = typeof attr.type === "string" && /^b(\d+)(be|le)?$/.exec(attr.type);
      if (bits) info.bits = Number(bits[1]);
      if (attr.enum) info.enum = attr.enum;
      Object.assign(info, readHints(attr, typeSpec, specEndian, specEncoding, referenced));
      fields[attr.id] = info;
    }
    let parseInstances = false;
    for (const [id, inst] of Object.entries(typeSpec.instances || {})) {
      const info = { instance: true };
      if (inst && inst.doc) info.doc = String(inst.doc).trim();
      if (inst && inst["-hexview-show"]) info.show = inst["-hexview-show"];
      if (inst && inst.value === undefined) parseInstances = true;
      fields[id] = info;
    }
    meta[qualname] = { doc: typeDoc ? String(typeDoc).trim() : "", fields };
    if (parseInstances) meta[qualname].parse_instances = true;
    const reach = streamReach(typeSpec);
    if (reach) meta[qualname].stream_end = reach;
    for (const [enumId, values] of Object.entries(typeSpec.enums || {})) {
      const found = {};
      for (const [value, entry] of Object.entries(values || {})) {
        if (entry && typeof entry === "object" && entry["-hexview-label"]) found[value] = String(entry["-hexview-label"]);
      }
      if (Object.keys(found).length) labels[`${qualname}.${className(enumId)}`] = found;
    }
    for (const [id, sub] of Object.entries(typeSpec.types || {})) {
      visit(sub, `${qualname}.${className(id)}`, sub.doc);
    }
  }
  visit(spec, className(spec.meta.id), spec.doc);
}

// What hexview/decode/field_templates.py needs to read a field again without the parser:
// `fmt`, the struct format of an integer (with its byte order); `encoding`, that of
// a string read whole; `control`, set on a field whose value can change how the
// rest of a message parses -- its name is used in some expression (size, if,
// repeat, switch, a value instance, a type's arguments) anywhere in the specs
// compiled together, or the parser checks it (contents, valid) or its length
// depends on its bytes (terminator). Counting too many fields as control only
// costs speed, never correctness.
const INT_FORMATS = { u1: "B", s1: "b", u2: "H", s2: "h", u4: "I", s4: "i", u8: "Q", s8: "q" };
function readHints(attr, typeSpec, specEndian, specEncoding, referenced) {
  const out = {};
  const type = typeof attr.type === "string" ? attr.type : null;
  const int = type && /^([us][1248])(be|le)?$/.exec(type);
  if (int) {
    const endian = int[2] || (typeSpec.meta && typeSpec.meta.endian) || specEndian;
    if (endian === "be" || endian === "le" || int[1].endsWith("1")) {
      out.fmt = (endian === "le" ? "<" : ">") + INT_FORMATS[int[1]];
    }
  }
  if (type === "str") {
    const encoding = attr.encoding || specEncoding;
    if (encoding) out.encoding = encoding;
  }
  if (referenced.has(attr.id) || attr.contents !== undefined || attr.valid !== undefined ||
      attr.terminator !== undefined || attr["pad-right"] !== undefined || attr.process !== undefined ||
      type === "strz") {
    out.control = true;
  }
  return out;
}

// Whether a type's parse depends on where its stream ends (a size-eos field, a repeat
// until eos, an expression on _io.eof or _io.size): "own" for its own stream, "any"
// when it asks another object's stream (_root._io, _parent._io). A template made
// without it holds for any message at least as long as what it read.
function streamReach(typeSpec) {
  let reach = null;
  const mark = (value) => {
    if (typeof value === "string") {
      if (/\b(_root|_parent)\._io\b/.test(value)) reach = "any";
      else if (/\b_io\.(eof|size)\b/.test(value) && reach !== "any") reach = "own";
    } else if (Array.isArray(value)) value.forEach(mark);
    else if (value && typeof value === "object") Object.values(value).forEach(mark);
  };
  for (const attr of typeSpec.seq || []) {
    if (attr && (attr["size-eos"] || attr.repeat === "eos") && reach !== "any") reach = "own";
    mark(attr);
  }
  for (const inst of Object.values(typeSpec.instances || {})) mark(inst);
  return reach;
}

// Every identifier in every expression of a spec: any string in a field's or an
// instance's definition but its id, docs, enum name, encoding and display hints.
const NOT_EXPRESSIONS = new Set(["id", "doc", "doc-ref", "-orig-id", "enum", "encoding"]);
function collectReferences(spec, names) {
  function strings(value, key) {
    if (key && (NOT_EXPRESSIONS.has(key) || key.startsWith("-hexview"))) return;
    if (typeof value === "string") {
      // string literals ("trusted.ec.size") name no field, and `_io.size`, `_io.eof`,
      // `_io.pos` are the stream's, not fields called size, eof, pos
      const code = value.replace(/"[^"]*"|'[^']*'/g, '""').replace(/\b_io\.[A-Za-z_]+/g, "_io");
      for (const word of code.match(/[A-Za-z_][A-Za-z0-9_]*/g) || []) names.add(word);
    } else if (Array.isArray(value)) {
      value.forEach((v) => strings(v, null));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (k === "cases") Object.entries(v || {}).forEach(([when, what]) => { strings(when, null); strings(what, null); });
        else strings(v, k);
      }
    }
  }
  function visit(typeSpec) {
    for (const attr of typeSpec.seq || []) strings(attr, null);
    for (const inst of Object.values(typeSpec.instances || {})) strings(inst, null);
    for (const sub of Object.values(typeSpec.types || {})) visit(sub);
  }
  visit(spec);
}

function pyLiteral(value) {
  return JSON.stringify(value, null, 1)
    .replace(/\btrue\b/g, "True")
    .replace(/\bfalse\b/g, "False")
    .replace(/\bnull\b/g, "None");
}

function sortKeys(obj) {
  if (Array.isArray(obj) || obj === null || typeof obj !== "object") return obj;
  const out = {};
  for (const key of Object.keys(obj).sort()) out[key] = sortKeys(obj[key]);
  return out;
}

// The text of a compiler exception (its Scala.js message field when it has one).
function compilerMessage(err) {
  return err && err.jl_Throwable__f_s ? err.jl_Throwable__f_s : String(err && err.message ? err.message : err);
}

class SpecError extends Error {
  // `file`: the spec's name as the caller shows it; `detail`: the compiler's message
  constructor(file, detail) {
    super(`${file}: ${detail}`);
    this.file = file;
    this.detail = detail;
  }
}

// Compiles `entries` ([{file, name, spec, importer}]: `file` as messages name it, `name`
// the file's base name without .ksy, which meta/id must equal) with `ksc`, the
// kaitai-struct-compiler module. Returns {module file name: source}, __init__.py
// and ksy_meta.py included. `options`: header (first line of every file), origin (what
// the package docstring says it was generated from), streamImport (the module
// FastStream comes from).
async function compileSpecs(ksc, entries, options) {
  const outputs = {};
  const meta = {};
  const labels = {};
  const owners = {};
  const referenced = new Set();
  for (const { spec } of entries) collectReferences(spec, referenced);
  for (const { file, name, spec, importer } of entries) {
    const id = spec && spec.meta && spec.meta.id;
    if (id !== name) throw new SpecError(file, `meta/id '${id}' must equal the file name '${name}'`);
    if (owners[id]) throw new SpecError(file, `meta/id '${id}' already used by ${owners[id]}`);
    owners[id] = file;
    collectMeta(spec, meta, labels, referenced);
    let result;
    try {
      result = await ksc.compile("python", spec, importer, true);
    } catch (err) {
      throw new SpecError(file, compilerMessage(err));
    }
    Object.assign(outputs, result);
  }
  const header = options.header;
  const moduleNames = new Set(Object.keys(outputs).map((f) => f.replace(/\.py$/, "")));
  const files = {};
  for (const [name, source] of Object.entries(outputs)) {
    files[name] = header + fastStreams(lenientText(relativiseImports(source, moduleNames)), name, options.streamImport);
  }
  files["__init__.py"] =
    header + '"""Python parsers generated from ' + options.origin + " by kaitai-struct-compiler " + ksc.version + ' (debug mode)."""\n';
  files["ksy_meta.py"] =
    header +
    '"""Docs, display hints and bit widths of every ksy field, keyed by generated class qualname."""\n\n' +
    "COMPILER_VERSION = " + JSON.stringify(ksc.version) + "\n\n" +
    "META = " + pyLiteral(sortKeys(meta)) + "\n\n" +
    "# enum class qualname -> str(value) -> display label (`-hexview-label`)\n" +
    "ENUM_LABELS = " + pyLiteral(sortKeys(labels)) + "\n";
  return files;
}

module.exports = { compileSpecs, SpecError };
