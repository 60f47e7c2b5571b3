// A second SHACL engine: rdf-validate-shacl (Zazuko), run on the same shapes and data as pySHACL.
// Usage: node scripts/js/validate-shacl.mjs SHAPES DATA [DATA ...]
//        node scripts/js/validate-shacl.mjs --pairs SHAPES DATA [SHAPES DATA ...]
// The first form validates the union of the data files; with --pairs, each data file is validated with
// its own shapes file. One JSON object is printed per validation, one per line.
// Each object: { conforms, results: [{ focusNode, path, sourceShape, severity, value, messages }] }.
import rdf from '@zazuko/env-node'
import SHACLValidator from 'rdf-validate-shacl'

const term = (t) => (t ? (t.termType === 'BlankNode' ? `_:${t.value}` : t.value) : null)

async function load (files) {
  const dataset = rdf.dataset()
  for (const file of files) {
    await dataset.import(rdf.fromFile(file))
  }
  return dataset
}

async function check (shapes, files) {
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(await load(files))
  const results = report.results.map((r) => ({
    focusNode: term(r.focusNode),
    path: term(r.path),
    sourceShape: term(r.sourceShape),
    severity: term(r.severity),
    value: term(r.value),
    messages: r.message.map((m) => m.value)
  }))
  return JSON.stringify({ conforms: report.conforms, results })
}

async function main () {
  const argv = process.argv.slice(2)
  if (argv[0] === '--pairs') {
    for (let i = 1; i + 1 < argv.length; i += 2) {
      process.stdout.write(await check(await load([argv[i]]), [argv[i + 1]]) + '\n')
    }
    return
  }
  const [shapesFile, ...dataFiles] = argv
  if (!shapesFile || dataFiles.length === 0) {
    console.error('usage: validate-shacl.mjs SHAPES DATA [DATA ...] | --pairs SHAPES DATA [SHAPES DATA ...]')
    process.exit(2)
  }
  process.stdout.write(await check(await load([shapesFile]), dataFiles) + '\n')
}

main().catch((err) => { console.error(String(err && err.stack ? err.stack : err)); process.exit(2) })
