#!/usr/bin/env node
// Writes the objects of a generated corpus (gen-shoots.mjs) as one List, the
// way `kubectl get shoots -A -o json` / `-o yaml` prints it, item by item:
//
//   node test/bench/shoot-list.mjs CORPUS_DIR OUT_FILE [--yaml]
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** Writes every object of `dir` (files in name order) to `out` as a List; returns the number of items. */
export function writeShootList(dir, out, yaml = false) {
  const fd = openSync(out, 'w');
  let n = 0;
  try {
    writeSync(fd, yaml ? 'apiVersion: v1\nitems:\n' : '{\n    "apiVersion": "v1",\n    "items": [');
    for (const f of readdirSync(dir).sort()) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
        const value = doc.toJS();
        if (value === null || typeof value !== 'object') continue;
        if (yaml) {
          const text = stringify(value, { indentSeq: false, lineWidth: 0 });
          writeSync(fd, `- ${text.trimEnd().split('\n').join('\n  ')}\n`.replace(/\n {2}\n/g, '\n\n'));
        } else {
          const text = JSON.stringify(value, null, 4).split('\n').join('\n        ');
          writeSync(fd, `${n ? ',' : ''}\n        ${text}`);
        }
        n++;
      }
    }
    writeSync(fd, yaml ? 'kind: List\nmetadata:\n  resourceVersion: ""\n' : `${n ? '\n    ' : ''}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
  } finally {
    closeSync(fd);
  }
  return n;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [dir, out, flag] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: node test/bench/shoot-list.mjs CORPUS_DIR OUT_FILE [--yaml]');
    process.exit(2);
  }
  console.log(`${writeShootList(dir, out, flag === '--yaml')} items`);
}
