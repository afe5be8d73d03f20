// Bundle extension.js and what it requires (vscode-languageclient and its dependencies) into one
// file, dist/extension.js, with esbuild; write the licences of the bundled packages next to it
// (dist/THIRD-PARTY-NOTICES.txt). Run by `npm run bundle` (and by vsce, as vscode:prepublish).
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const HERE = __dirname;
const DIST = path.join(HERE, 'dist');

async function main() {
  fs.rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: HERE,
    entryPoints: ['extension.js'],
    bundle: true,
    outfile: 'dist/extension.js',
    // VS Code 1.82 (engines.vscode) runs extensions on Node 18.
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    minify: true,
    keepNames: true,
    legalComments: 'none', // the licences go to THIRD-PARTY-NOTICES.txt, in full
    metafile: true,
    logLevel: 'warning',
  });

  // The packages whose code went into the bundle, from the inputs esbuild read.
  const dirs = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (m) dirs.add(path.join(HERE, m[1]));
  }
  const notices = [
    'Third-party code bundled in dist/extension.js of the baocao-ls VS Code extension.',
    '',
  ];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licence = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    if (!licence) throw new Error(`${pkg.name}: no licence file to include`);
    notices.push('='.repeat(78), `${pkg.name} ${pkg.version} (${pkg.license})`, '='.repeat(78), '');
    notices.push(fs.readFileSync(path.join(dir, licence), 'utf8').trim(), '');
  }
  fs.writeFileSync(path.join(DIST, 'THIRD-PARTY-NOTICES.txt'), notices.join('\n'));
  const size = fs.statSync(path.join(DIST, 'extension.js')).size;
  console.log(`dist/extension.js: ${(size / 1024).toFixed(0)} KB from ${dirs.size} packages and extension.js`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
