#!/usr/bin/env node
// Entry point of the `ecg-studio` command: runs the compiled CLI (built by `npm run build`, run on install).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(built)) {
  process.stderr.write('error: ecg-studio is not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}
require(built).runFromProcess();
