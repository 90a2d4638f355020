#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('scr: not built yet; run `npm run build` (npm install does this).\n');
  process.exit(2);
}
require(cli).main(process.argv);
