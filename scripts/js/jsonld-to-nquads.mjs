// The JSON-LD reference processor (jsonld.js): JSON-LD file in, N-Quads out, with no document loading
// (the release's @context is inline; any attempt to fetch a remote document is an error).
// Usage: node scripts/js/jsonld-to-nquads.mjs FILE.jsonld
import { readFile } from 'node:fs/promises'
import jsonld from 'jsonld'

const noNetwork = async (url) => { throw new Error(`refusing to fetch ${url}: the release must be self-contained`) }

const doc = JSON.parse(await readFile(process.argv[2], 'utf8'))
const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: noNetwork })
process.stdout.write(nquads)
