#!/usr/bin/env node
import { startEarlyScan } from '../dist/early-scan.mjs';

const argv = process.argv.slice(2);
// A warm --cache run stats the cached files on a worker thread while the CLI loads.
const earlyStats = startEarlyScan(argv, process.cwd());
const { main } = await import('../dist/cli.mjs');
process.exitCode = await main(argv, undefined, earlyStats);
