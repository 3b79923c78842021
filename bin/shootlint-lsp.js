#!/usr/bin/env node
// The language server over stdio (the same as `shootlint lsp`).
import { startServer } from '../dist/lsp.mjs';

startServer();
