// Lints every cypher/**/*.cypher file with Neo4j's own linter (@neo4j-cypher/language-support, Cypher of
// Neo4j 5), declaring the parameters each file names in its "// params: $a, $b" header (or "// params: none").
// A file whose syntax is for Neo4j 3.x only says so with "// lint: neo4j-3 ..." and is listed as skipped,
// never silently. Exits 1 when any file has an error (or lacks its params header), else 0.
//
//   node lint.mjs [cypher-folder]      (default: ../../cypher)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, '..', '..', 'cypher'));

function* cypherFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* cypherFiles(path);
    else if (name.endsWith('.cypher')) yield path;
  }
}

/** The parameters a file declares: "// params: $rows, $after" or "// params: none"; null when there is no header. */
export function declaredParameters(text) {
  const match = text.match(/^\/\/\s*params:\s*(.*)$/m);
  if (!match) return null;
  const list = match[1].trim();
  if (list === 'none' || list === '') return [];
  return list.split(',').map((p) => p.trim().replace(/^\$/, '')).filter((p) => p.length > 0);
}

const severity = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
let files = 0, errors = 0, warnings = 0, skipped = 0;
for (const path of cypherFiles(root)) {
  const name = relative(root, path);
  const text = readFileSync(path, 'utf8');
  files++;
  const skip = text.match(/^\/\/\s*lint:\s*neo4j-3\b(.*)$/m);
  if (skip) {
    skipped++;
    console.log(`SKIP ${name}: Neo4j 3.x syntax, not Neo4j 5 Cypher${skip[1] ? ` ${skip[1].trim()}` : ''}`);
    continue;
  }
  const params = declaredParameters(text);
  if (params === null) {
    errors++;
    console.log(`FAIL ${name}:1:1 error: no "// params: $a, $b" (or "// params: none") header`);
    continue;
  }
  const parameters = Object.fromEntries(params.map((p) => [p, null]));
  const { diagnostics } = lintCypherQuery(text, { parameters });
  const own = diagnostics.filter((d) => d.severity === 1);
  for (const d of diagnostics) {
    const level = severity[d.severity] ?? 'note';
    if (d.severity === 1) errors++; else warnings++;
    console.log(`${d.severity === 1 ? 'FAIL' : 'WARN'} ${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${level}: ${d.message.split('\n')[0]}`);
  }
  if (own.length === 0) console.log(`ok   ${name} (params: ${params.length ? params.map((p) => '$' + p).join(', ') : 'none'})`);
}
console.log(`${files} files: ${files - skipped} linted, ${skipped} skipped, ${errors} errors, ${warnings} warnings`);
if (files === 0) { console.log(`no .cypher files under ${root}`); process.exit(1); }
process.exit(errors > 0 ? 1 : 0);
