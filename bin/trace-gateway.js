#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// The compiled build when there is one (Docker image), otherwise the TypeScript sources through tsx.
const built = path.join(__dirname, '..', 'dist', 'cli.js');
if (fs.existsSync(built)) {
  require(built).run();
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'src', 'cli.ts')).run();
}
