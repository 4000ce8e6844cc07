// Run time: compiles one declared protocol's .ksy files (already parsed by Python,
// so no YAML library is needed here) with the kaitai-struct-compiler found by
// hexview/protocols/declared/ksy_cache.py, through ksy_compile.js -- the same code
// `make parsers` uses.
//
//   node compile_folder.js JOB.json RESULT.json
//
// JOB.json: {compiler: path of kaitai-struct-compiler.js, header, origin,
//            specs: {"relative/path.ksy": parsed spec}}
// RESULT.json: {files: {name: source}} or {error: {file, detail}}
"use strict";

const fs = require("fs");
const path = require("path");
const { compileSpecs, SpecError } = require("./ksy_compile.js");

async function main() {
  const [jobFile, resultFile] = process.argv.slice(2);
  const job = JSON.parse(fs.readFileSync(jobFile, "utf8"));
  const ksc = require(job.compiler);
  const specs = job.specs;
  // Imports: "rel" names are relative to the importing spec's folder, "abs" names
  // (leading "/") to the protocol's folder; only the folder's own .ksy are known.
  const makeImporter = (dir) => ({
    importYaml(name, mode) {
      const rel = path.posix.normalize(path.posix.join(mode === "abs" ? "" : dir, name.replace(/^\//, "") + ".ksy"));
      if (!(rel in specs)) return Promise.reject(new Error(`imports '${name}': no ${rel} in the protocol's folder`));
      return Promise.resolve(specs[rel]);
    },
  });
  const entries = Object.keys(specs).sort().map((file) => ({
    file,
    name: path.posix.basename(file, ".ksy"),
    spec: specs[file],
    importer: makeImporter(path.posix.dirname(file)),
  }));
  let result;
  try {
    result = { files: await compileSpecs(ksc, entries, { header: job.header, origin: job.origin, streamImport: "hexview.decode.kaitai_stream" }) };
  } catch (err) {
    result = err instanceof SpecError ? { error: { file: err.file, detail: err.detail } } : { error: { file: "", detail: String(err && err.message ? err.message : err) } };
  }
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((err) => {
  console.error(String(err && err.message ? err.message : err));
  process.exit(1);
});
