// Parses the repository's PowerShell files (module, Pester tests, tools,
// build.ps1) with the tree-sitter PowerShell grammar and fails on any
// ERROR or MISSING node. The grammar also rejects PowerShell-7-only syntax
// such as ?: and ??, which Windows PowerShell 5.1 cannot run.
//
//   cd tests/ps_syntax && npm ci && node check.mjs [FILE...]
//
// Prints one line per file and "N passed, N failed" last; exits 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell/bindings/node/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function collect(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'bin' && entry.name !== 'obj') collect(full, out);
    } else if (/\.(ps1|psm1|psd1)$/i.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

let files = process.argv.slice(2).map((f) => path.resolve(f));
if (files.length === 0) {
  files = [];
  for (const dir of ['module', 'tests/pester', 'tools']) collect(path.join(root, dir), files);
  if (fs.existsSync(path.join(root, 'build.ps1'))) files.push(path.join(root, 'build.ps1'));
  files.sort();
}

// The grammar does not know two constructs of class-based DSC resources
// that PowerShell 5.1 and 7 parse (checked there by the Pester tests that
// import the module): an attribute on a class ([DscResource()] class X) and
// a [DscProperty(...)] followed by another attribute on a property. Those
// two attributes, and nothing else, are blanked out (spaces, so positions
// stay) before parsing; the rest of each class is checked as written.
function blankDscAttributes(source) {
  const blank = (m) => m.replace(/[^\n]/g, ' ');
  return source
    .replace(/^[ \t]*\[DscResource\([^)]*\)\](?=\s*class\b)/gim, blank)
    .replace(/\[DscProperty\([^)]*\)\]/gi, blank);
}

const parser = new Parser();
parser.setLanguage(PowerShell);
let passed = 0;
let failed = 0;
for (const file of files) {
  const source = blankDscAttributes(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const tree = parser.parse(source, null, { bufferSize: 4 * 1024 * 1024 });
  const problems = [];
  (function walk(node) {
    if (node.type === 'ERROR' || node.isMissing) {
      const text = source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 60)).replace(/\r?\n/g, '\\n');
      problems.push(`${node.isMissing ? 'missing ' + node.type : 'syntax error'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${text}`);
    }
    for (let i = 0; i < node.childCount; i++) walk(node.child(i));
  })(tree.rootNode);
  const name = path.relative(root, file);
  if (problems.length) {
    failed++;
    console.log(`FAIL  ${name}`);
    for (const p of problems.slice(0, 10)) console.log(`        - ${p}`);
  } else {
    passed++;
    console.log(`ok    ${name}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
