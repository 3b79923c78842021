#!/usr/bin/env node
// gen-shoots.mjs: deterministic synthetic corpus of Gardener Shoot manifests.
//
//   node gen-shoots.mjs OUTDIR N [--seed S] [--docs-per-file K]
//        [--insecure-ratio R] [--no-configmaps] [--truth FILE] [--force]
//
// Writes N Shoot manifests (core.gardener.cloud/v1beta1, modelled on Gardener's
// example/90-shoot.yaml: 60-150 lines each, 1-4 worker pools, aws/azure/gcp/openstack,
// comments, optional per-pool kubelet overrides, PodSecurity admission config,
// audit-policy refs, extensions, feature gates). About R (default 0.30) of the Shoots
// carry 1-3 insecure settings; the rest pass the STIG part of the rule specification's rows
// 242390 245543 242400 242436 242398 242399 242393/4 242434 245541 242403 242395 254800
// as far as the manifest itself decides them (they may still draw warnings: an audit-policy
// ConfigMap that is not in the corpus, exempted namespaces, alpha feature gates, no audit
// extension). Some Shoots get their audit-policy ConfigMap as the next document.
//
// Documents go into files of K documents each (default 1): with K=1 a Shoot file is
// shoot-NNNNNN-<name>.yaml and its ConfigMap auditpolicy-NNNNNN-<name>.yaml; with K>1
// the files are docs-NNNNNN.yaml ("---" separated). Shoot i's text depends only on
// (seed, i), never on N or K, so a corpus of 100 is a prefix of one of 1,000.
//
// stdout: the total number of bytes written (one integer). stderr: a summary.
// --truth FILE writes one JSON line per Shoot: file, name, namespace, provider,
// version, and the injected findings [{rule, path, note}] (empty for clean Shoots).
// No dependencies; plain Node >= 18.

import { mkdirSync, readdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// ---------------------------------------------------------------- arguments
function usage(msg) {
  if (msg) process.stderr.write(`gen-shoots: ${msg}\n`);
  process.stderr.write('usage: node gen-shoots.mjs OUTDIR N [--seed S] [--docs-per-file K] ' +
    '[--insecure-ratio R] [--no-configmaps] [--truth FILE] [--force]\n');
  process.exit(2);
}
const argv = process.argv.slice(2);
const pos = [];
const opt = { seed: '1', k: 1, ratio: 0.3, configmaps: true, truth: null, force: false };
for (let a = 0; a < argv.length; a++) {
  const s = argv[a];
  const val = () => { if (a + 1 >= argv.length) usage(`${s} needs a value`); return argv[++a]; };
  if (s === '--seed') opt.seed = val();
  else if (s.startsWith('--seed=')) opt.seed = s.slice(7);
  else if (s === '--docs-per-file') opt.k = Number(val());
  else if (s.startsWith('--docs-per-file=')) opt.k = Number(s.slice(16));
  else if (s === '--insecure-ratio') opt.ratio = Number(val());
  else if (s === '--no-configmaps') opt.configmaps = false;
  else if (s === '--truth') opt.truth = val();
  else if (s === '--force') opt.force = true;
  else if (s === '-h' || s === '--help') usage();
  else if (s.startsWith('--')) usage(`unknown option ${s}`);
  else pos.push(s);
}
if (pos.length !== 2) usage();
const OUTDIR = pos[0];
const N = Number(pos[1]);
if (!Number.isInteger(N) || N < 0) usage('N must be a non-negative integer');
if (!Number.isInteger(opt.k) || opt.k < 1) usage('--docs-per-file must be a positive integer');
if (!(opt.ratio >= 0 && opt.ratio <= 1)) usage('--insecure-ratio must be in [0,1]');

// ---------------------------------------------------------------- PRNG
// cyrb128 string hash -> sfc32; pure integer arithmetic, identical on every platform.
function cyrb128(str) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
function sfc32(a, b, c, d) {
  return function () {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
function makeRng(key) {
  const r = sfc32(...cyrb128(key));
  for (let i = 0; i < 12; i++) r();
  const rng = {
    f: r,
    chance: (p) => r() < p,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(r() * arr.length)],
    wpick: (pairs) => { // [[weight, value], ...]
      let tot = 0; for (const [w] of pairs) tot += w;
      let x = r() * tot;
      for (const [w, v] of pairs) { if ((x -= w) < 0) return v; }
      return pairs[pairs.length - 1][1];
    },
    sample: (arr, n) => { // n distinct elements, order of arr kept
      const idx = arr.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
      return idx.slice(0, n).sort((x, y) => x - y).map((i) => arr[i]);
    },
  };
  return rng;
}

// ---------------------------------------------------------------- vocabulary
const ADJ = ['crazy', 'quiet', 'brave', 'amber', 'silent', 'rapid', 'gentle', 'lucky', 'misty', 'proud',
  'bold', 'calm', 'eager', 'fancy', 'jolly', 'noble', 'polar', 'royal', 'sunny', 'witty', 'arctic', 'cosmic'];
const NOUN = ['botany', 'falcon', 'harbor', 'meadow', 'comet', 'canyon', 'lantern', 'orchid', 'glacier',
  'summit', 'prairie', 'beacon', 'cobalt', 'delta', 'ember', 'fjord', 'grove', 'island', 'juniper', 'kestrel'];
const PROJECTS = ['dev', 'payments', 'search', 'platform', 'data', 'ml', 'web', 'iot', 'core', 'ops', 'retail', 'hr'];
const TEAMS = ['payments', 'search', 'platform', 'data-eng', 'ml-infra', 'frontend', 'sre', 'security'];
const PURPOSES = [[3, 'evaluation'], [4, 'development'], [2, 'testing'], [5, 'production']];

const PROVIDERS = {
  aws: {
    profile: 'aws', regions: ['eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'],
    zones: (r) => [r + 'a', r + 'b', r + 'c'],
    machines: ['m5.large', 'm5.xlarge', 'm6i.xlarge', 'm6i.2xlarge', 'c5.xlarge', 'r5.large', 'g4dn.xlarge', 'm6g.large'],
    volumes: ['gp3', 'gp2', 'io1'], volSize: [20, 50, 80, 100], dns: 'aws-route53',
  },
  azure: {
    profile: 'az', regions: ['westeurope', 'northeurope', 'eastus', 'germanywestcentral'],
    zones: () => ['1', '2', '3'],
    machines: ['Standard_D4s_v5', 'Standard_D8s_v3', 'Standard_E4s_v5', 'Standard_F8s_v2', 'Standard_D2s_v3'],
    volumes: ['StandardSSD_LRS', 'Premium_LRS', 'Standard_LRS'], volSize: [30, 50, 128], dns: 'azure-dns',
  },
  gcp: {
    profile: 'gcp', regions: ['europe-west1', 'europe-west3', 'us-central1', 'asia-east1'],
    zones: (r) => [r + '-a', r + '-b', r + '-c'],
    machines: ['n2-standard-4', 'n1-standard-8', 'e2-standard-4', 'c2-standard-8', 'n2-highmem-4'],
    volumes: ['pd-balanced', 'pd-ssd', 'pd-standard'], volSize: [30, 50, 100], dns: 'google-clouddns',
  },
  openstack: {
    profile: 'converged-cloud', regions: ['eu-de-1', 'eu-de-2', 'eu-nl-1', 'na-us-1'],
    zones: (r) => [r + 'a', r + 'b', r + 'd'],
    machines: ['g_c4_m16', 'g_c8_m32', 'g_c16_m64', 'm1.large', 'x1.xlarge'],
    volumes: ['standard', 'performance'], volSize: [40, 64, 100], dns: 'openstack-designate',
  },
};
const IMAGES = [[6, ['gardenlinux', ['1592.9.0', '1592.10.0', '1877.3.0', '1877.5.0']]],
  [2, ['suse-chost', ['15.6.20250312', '15.5.20240612']]], [1, ['ubuntu', ['22.4.20240726']]]];
const POOL_NAMES = ['cpu-worker', 'system', 'pool-a', 'pool-b', 'batch', 'mem-opt', 'gpu', 'ingress', 'general', 'spot'];
const BENIGN_GATES = {
  apiserver: ['StructuredAuthenticationConfiguration', 'ServiceAccountTokenNodeBinding', 'MutatingAdmissionPolicy',
    'StrictCostEnforcementForVAP', 'ResilientWatchCacheInitialization', 'CoordinatedLeaderElection'],
  kcm: ['HPAConfigurableTolerance', 'StatefulSetAutoDeletePVC', 'PodDisruptionConditions', 'JobPodReplacementPolicy'],
  scheduler: ['SchedulerQueueingHints', 'PodLevelResources', 'DynamicResourceAllocation'],
  proxy: ['NFTablesProxyMode', 'TopologyAwareHints', 'ServiceTrafficDistribution'],
  kubelet: ['InPlacePodVerticalScaling', 'MemoryQoS', 'SidecarContainers', 'KubeletTracing', 'ImageMaximumGCAge',
    'GracefulNodeShutdownBasedOnPodPriority', 'UserNamespacesSupport'],
};
const EXTENSIONS = [
  [5, 'shoot-dns-service'], [5, 'shoot-cert-service'], [3, 'shoot-lakom-service'], [2, 'auditing'],
  [2, 'shoot-networking-problemdetector'], [1, 'shoot-rsyslog-relp'], [1, 'registry-cache'], [1, 'shoot-oidc-service'],
];

// Insecure settings; rule = the rule's name, brief = the number of the check in the benchmark's check list.
const INSECURE = [
  { id: 'anonymous-auth', rule: 'no-anonymous-auth', brief: 1, w: 3 },
  { id: 'static-token', rule: 'no-static-token-kubeconfig', brief: 2, w: 1 },
  { id: 'all-alpha', rule: 'no-alpha-apis', brief: 3, w: 2 },
  { id: 'vaw-disabled', rule: 'validating-admission-webhook', brief: 4, w: 2 },
  { id: 'dynamic-auditing', rule: 'no-dynamic-auditing', brief: 5, w: 1 },
  { id: 'dynamic-kubelet-config', rule: 'no-dynamic-kubelet-config', brief: 5, w: 1 },
  { id: 'ssh-enabled', rule: 'no-sshd-running', brief: 6, w: 3 },
  { id: 'ssh-default', rule: 'no-sshd-running', brief: 6, w: 1 },
  { id: 'protect-kernel-false', rule: 'kubelet-kernel-protection', brief: 7, w: 2 },
  { id: 'streaming-zero', rule: 'kubelet-streaming-timeout', brief: 8, w: 2 },
  { id: 'no-audit-policy', rule: 'audit-policy', brief: 9, w: 2 },
  { id: 'audit-policy-none', rule: 'audit-policy', brief: null, w: 1 }, // policy records nothing: needs the ConfigMap
  { id: 'dashboard', rule: 'no-dashboard', brief: 10, w: 2 },
  { id: 'no-podsecurity', rule: 'pod-security-admission', brief: 11, w: 2 },
  { id: 'podsecurity-privileged', rule: 'pod-security-admission', brief: null, w: 1 }, // below baseline
];

// ---------------------------------------------------------------- YAML line writer
function q(v) { // scalar -> YAML text (quotes only where a plain scalar would change type or break)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  const s = String(v);
  if (s === '' || /^[\s\-?:,\[\]{}#&*!|>'"%@`]/.test(s) || /[:#]\s|\s$|: |\s#/.test(s) ||
      /^(true|false|yes|no|on|off|null|~|y|n)$/i.test(s) || /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) ||
      /^0x[0-9a-f]+$/i.test(s) || /^0o[0-7]+$/.test(s)) return JSON.stringify(s);
  return s;
}
class W {
  constructor(compactSeq) { this.lines = []; this.compact = compactSeq; }
  l(ind, s) { this.lines.push(' '.repeat(ind) + s); }
  kv(ind, k, v, c) { this.l(ind, `${k}: ${q(v)}${c ? ' # ' + c : ''}`); }
  c(ind, s) { this.l(ind, '# ' + s); }
  seq(ind) { return this.compact ? ind : ind + 2; } // column of "- " for a sequence under a key at ind
}

// ---------------------------------------------------------------- one Shoot
function durationOf(rng) { return rng.pick(['5m', '10m', '15m', '30m', '1h', '2h', '4h', '300s', '1h30m']); }

function genShoot(i) {
  const rng = makeRng(`${opt.seed}:shoot:${i}`);
  const provName = rng.wpick([[4, 'aws'], [3, 'azure'], [3, 'gcp'], [2, 'openstack']]);
  const P = PROVIDERS[provName];
  const project = rng.pick(PROJECTS);
  const ns = `garden-${project}`;
  const name = `${rng.pick(ADJ)}-${rng.pick(NOUN)}-${i.toString(36)}`.slice(0, 21).replace(/-$/, '');
  const region = rng.pick(P.regions);
  const zones = P.zones(region);
  const purpose = rng.wpick(PURPOSES);
  const nPools = rng.wpick([[4, 1], [4, 2], [2, 3], [1, 4]]);
  const compact = rng.chance(0.8);
  const leadingDash = rng.chance(0.35);

  // ---- insecure selection (fixed before any layout choice)
  const insecureSet = new Set();
  if (rng.chance(opt.ratio)) {
    const n = rng.wpick([[6, 1], [3, 2], [1, 3]]);
    while (insecureSet.size < n) insecureSet.add(rng.wpick(INSECURE.map((x) => [x.w, x.id])));
    if (insecureSet.has('no-audit-policy')) insecureSet.delete('audit-policy-none');
    if (insecureSet.has('no-podsecurity')) insecureSet.delete('podsecurity-privileged');
    if (insecureSet.has('ssh-enabled')) insecureSet.delete('ssh-default');
    if (insecureSet.size === 0) insecureSet.add('anonymous-auth');
  }
  const has = (id) => insecureSet.has(id);
  const minor = has('static-token') ? 26 : rng.wpick([[1, 29], [2, 30], [3, 31], [3, 32], [2, 33]]);
  const version = `1.${minor}.${rng.int(1, 12)}`;
  const findings = [];
  const F = (id, path, note) => findings.push({ rule: INSECURE.find((x) => x.id === id).rule, brief: INSECURE.find((x) => x.id === id).brief, id, path, ...(note ? { note } : {}) });

  // where kubelet-level insecure settings go: 'shoot' or a pool index
  const kubeletTarget = (rng2) => rng2.chance(0.5) ? 'shoot' : rng2.int(0, nPools - 1);
  const alphaComp = rng.pick(['kubeAPIServer', 'kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'kubelet', 'worker']);
  const pkTarget = kubeletTarget(rng), szTarget = kubeletTarget(rng), dkTarget = kubeletTarget(rng);
  const alphaPool = rng.int(0, nPools - 1);
  const streamZero = rng.pick(['0s', 0, '0', '0m', '0h0m0s']);
  const withConfigMap = opt.configmaps && !has('no-audit-policy') && (has('audit-policy-none') || rng.chance(0.4));
  const pools = [];
  for (let p = 0; p < nPools; p++) {
    const pname = p === 0 ? rng.pick(['cpu-worker', 'system', 'worker', 'pool-a']) : `${rng.pick(POOL_NAMES)}-${p}`;
    const [imgName, imgVersions] = rng.wpick(IMAGES);
    const min = rng.int(1, 3);
    pools.push({ pname, imgName, imgVersion: rng.pick(imgVersions), machine: rng.pick(P.machines), min, max: min + rng.int(0, 7),
      volType: rng.pick(P.volumes), volSize: rng.pick(P.volSize), zones: rng.sample(zones, rng.int(1, zones.length)) });
  }
  const layoutSeed = rng.int(0, 1e9);
  const verbosity = 0.05 + 1.25 * rng.f(); // scales every optional section's odds: spreads the line count

  // ---- layout: optional sections re-rolled until the Shoot is 60..150 lines
  let text, lines, tries = 0;
  do {
    const r = makeRng(`${opt.seed}:layout:${i}:${layoutSeed}:${tries}`);
    const bias = tries < 4 ? 0 : (lines < 60 ? 0.25 : -0.25); // push toward the range after a few misses
    const p = (x) => r.chance(Math.min(1, Math.max(0, x * verbosity + bias)));
    findings.length = 0;
    const w = new W(compact);
    emitShoot(w, r, p);
    lines = w.lines.length;
    text = w.lines.join('\n') + '\n';
    tries++;
  } while ((lines < 60 || lines > 150) && tries < 200);

  function emitShoot(w, r, p) {
    if (p(0.3)) { w.c(0, `Shoot ${name} for team ${r.pick(TEAMS)} (${purpose})`); if (p(0.4)) w.c(0, 'Managed via GitOps: changes go through a pull request.'); }
    w.l(0, 'apiVersion: core.gardener.cloud/v1beta1');
    w.l(0, 'kind: Shoot');
    w.l(0, 'metadata:');
    w.kv(2, 'name', name);
    w.kv(2, 'namespace', ns);
    if (p(0.35)) { w.l(2, 'labels:'); w.kv(4, 'team', r.pick(TEAMS)); if (p(0.5)) w.kv(4, 'environment', purpose === 'production' ? 'prod' : 'nonprod'); }
    if (p(0.2)) { w.l(2, 'annotations:'); w.kv(4, 'shoot.gardener.cloud/infrastructure-cleanup-wait-period-seconds', '300'); }
    w.l(0, 'spec:');
    if (p(0.7)) { w.l(2, 'cloudProfile:'); if (p(0.5)) w.kv(4, 'kind', 'CloudProfile'); w.kv(4, 'name', P.profile); }
    else w.kv(2, 'cloudProfileName', P.profile);
    w.kv(2, 'region', region);
    if (p(0.75)) w.kv(2, 'credentialsBindingName', `${project}-${provName}`); else w.kv(2, 'secretBindingName', `${project}-${provName}`);
    w.kv(2, 'purpose', purpose, p(0.3) ? '{testing,development,production,infrastructure}' : undefined);
    if (p(0.15)) w.c(0, 'schedulerName: default-scheduler');
    emitProvider(w, r, p);
    emitKubernetes(w, r, p);
    emitNetworking(w, r, p);
    if (p(0.3)) {
      w.l(2, 'dns:');
      w.kv(4, 'domain', `${name}.${project}.shoot.example.com`);
      if (p(0.4)) {
        w.l(4, 'providers:'); const s = w.seq(4);
        w.l(s, `- type: ${P.dns}`); w.l(s + 2, 'primary: true'); w.l(s + 2, 'credentialsRef:');
        w.kv(s + 4, 'apiVersion', 'v1'); w.kv(s + 4, 'kind', 'Secret'); w.kv(s + 4, 'name', `${project}-dns`);
      }
    }
    // extensions
    const exts = r.sample(EXTENSIONS.map((x) => x[1]), r.int(0, 4));
    if (exts.length) {
      w.l(2, 'extensions:'); const s = w.seq(2);
      for (const e of exts) {
        w.l(s, `- type: ${e}`);
        if (e === 'shoot-dns-service' && p(0.5)) {
          w.l(s + 2, 'providerConfig:'); w.kv(s + 4, 'apiVersion', 'service.dns.extensions.gardener.cloud/v1alpha1');
          w.kv(s + 4, 'kind', 'DNSConfig'); w.kv(s + 4, 'syncProvidersFromShootSpecDNS', true);
        } else if (e === 'shoot-lakom-service' && p(0.6)) {
          w.l(s + 2, 'providerConfig:'); w.kv(s + 4, 'apiVersion', 'lakom.extensions.gardener.cloud/v1alpha1');
          w.kv(s + 4, 'kind', 'LakomConfig'); w.kv(s + 4, 'scope', r.pick(['KubeSystem', 'KubeSystemManagedByGardener', 'Cluster']));
        } else if (e === 'shoot-cert-service' && p(0.3)) {
          w.l(s + 2, 'providerConfig:'); w.kv(s + 4, 'apiVersion', 'service.cert.extensions.gardener.cloud/v1alpha1');
          w.kv(s + 4, 'kind', 'CertConfig'); w.l(s + 4, 'shootIssuers:'); w.kv(s + 6, 'enabled', true);
        } else if (e === 'registry-cache' && p(0.6)) {
          w.l(s + 2, 'providerConfig:'); w.kv(s + 4, 'apiVersion', 'registry.extensions.gardener.cloud/v1alpha3');
          w.kv(s + 4, 'kind', 'RegistryConfig'); w.l(s + 4, 'caches:'); const s2 = w.seq(s + 4);
          w.l(s2, '- upstream: docker.io'); w.l(s2 + 2, 'volume:'); w.kv(s2 + 4, 'size', '10Gi');
        } else if (p(0.15)) w.kv(s + 2, 'disabled', false);
      }
    }
    // maintenance
    w.l(2, 'maintenance:');
    const h = r.int(0, 23);
    w.l(4, 'timeWindow:'); w.kv(6, 'begin', `${String(h).padStart(2, '0')}0000+0${r.int(0, 2)}00`);
    w.kv(6, 'end', `${String((h + 1) % 24).padStart(2, '0')}0000+0${r.int(0, 2)}00`);
    w.l(4, 'autoUpdate:'); w.kv(6, 'kubernetesVersion', purpose !== 'production'); w.kv(6, 'machineImageVersion', true);
    if (p(0.2)) w.c(2, 'confineSpecUpdateRollout: false');
    // addons
    if (has('dashboard')) {
      w.l(2, 'addons:'); w.l(4, 'kubernetesDashboard:');
      w.kv(6, 'enabled', true, p(0.5) ? 'TODO: remove after debugging' : undefined);
      if (p(0.5)) w.kv(6, 'authenticationMode', 'token');
      if (p(0.4)) { w.l(4, 'nginxIngress:'); w.kv(6, 'enabled', false); }
      F('dashboard', 'spec.addons.kubernetesDashboard.enabled');
    } else if (p(0.25)) {
      w.l(2, 'addons:'); w.l(4, 'kubernetesDashboard:'); w.kv(6, 'enabled', false);
      if (p(0.4)) { w.l(4, 'nginxIngress:'); w.kv(6, 'enabled', false); }
    }
    if (purpose === 'production' && p(0.5)) {
      w.l(2, 'controlPlane:'); w.l(4, 'highAvailability:'); w.l(6, 'failureTolerance:'); w.kv(8, 'type', r.pick(['zone', 'node']));
    }
    if (purpose !== 'production' && p(0.3)) {
      w.l(2, 'hibernation:'); w.l(4, 'schedules:'); const s = w.seq(4);
      w.l(s, '- start: "00 19 * * 1,2,3,4,5"'); w.l(s + 2, 'end: "00 07 * * 1,2,3,4,5"');
      w.kv(s + 2, 'location', r.pick(['Europe/Berlin', 'America/New_York', 'Asia/Singapore']));
    }
    if (p(0.15)) { w.l(2, 'monitoring:'); w.l(4, 'alerting:'); w.l(6, 'emailReceivers:'); w.l(w.seq(6), `- ${r.pick(TEAMS)}-oncall@example.com`); }
    if (p(0.15)) { w.l(2, 'systemComponents:'); w.l(4, 'nodeLocalDNS:'); w.kv(6, 'enabled', true); if (p(0.5)) w.kv(6, 'forceTCPToClusterDNS', true); }
    if (p(0.1)) { w.c(0, 'seedSelector:'); w.c(0, '  matchLabels:'); w.c(0, '    seed.gardener.cloud/eu-access: "true"'); }
  }

  function emitProvider(w, r, p) {
    w.l(2, 'provider:');
    w.kv(4, 'type', provName, p(0.2) ? '{aws,azure,gcp,openstack,...}' : undefined);
    w.l(4, 'infrastructureConfig:');
    w.kv(6, 'apiVersion', `${provName}.provider.extensions.gardener.cloud/v1alpha1`);
    w.kv(6, 'kind', 'InfrastructureConfig');
    if (provName === 'aws') {
      if (p(0.3)) w.kv(6, 'enableECRAccess', true);
      w.l(6, 'networks:'); w.l(8, 'vpc:'); w.kv(10, 'cidr', '10.250.0.0/16');
      w.l(8, 'zones:'); const s = w.seq(8);
      zones.slice(0, p(0.5) ? 1 : 2).forEach((z, zi) => {
        w.l(s, `- name: ${z}`); w.kv(s + 2, 'internal', `10.250.${112 + zi * 4}.0/22`);
        w.kv(s + 2, 'public', `10.250.${96 + zi * 4}.0/22`); w.kv(s + 2, 'workers', `10.250.${zi * 32}.0/19`);
      });
    } else if (provName === 'azure') {
      w.l(6, 'networks:'); w.l(8, 'vnet:'); w.kv(10, 'cidr', '10.250.0.0/16');
      w.kv(8, 'workers', '10.250.0.0/19');
      if (p(0.5)) { w.l(8, 'natGateway:'); w.kv(10, 'enabled', true); if (p(0.5)) w.kv(10, 'idleConnectionTimeoutMinutes', 4); }
      w.kv(6, 'zoned', true);
    } else if (provName === 'gcp') {
      w.l(6, 'networks:'); w.kv(8, 'workers', '10.250.0.0/16');
      if (p(0.5)) { w.l(8, 'cloudNAT:'); w.kv(10, 'minPortsPerVM', 2048); }
      if (p(0.3)) { w.l(8, 'flowLogs:'); w.kv(10, 'aggregationInterval', 'INTERVAL_5_SEC'); w.kv(10, 'flowSampling', 0.2); }
    } else {
      w.kv(6, 'floatingPoolName', 'FloatingIP-external-monsoon3-01');
      w.l(6, 'networks:'); w.kv(8, 'workers', '10.250.0.0/19');
      if (p(0.3)) w.c(8, 'router: {id: <existing-router-id>}');
    }
    w.l(4, 'controlPlaneConfig:');
    w.kv(6, 'apiVersion', `${provName}.provider.extensions.gardener.cloud/v1alpha1`);
    w.kv(6, 'kind', 'ControlPlaneConfig');
    if (provName === 'gcp') w.kv(6, 'zone', zones[0]);
    if (provName === 'openstack') w.kv(6, 'loadBalancerProvider', r.pick(['octavia', 'f5']));
    if (provName === 'aws' && p(0.3)) { w.l(6, 'storage:'); w.kv(8, 'managedDefaultClass', true); }
    w.l(4, 'workers:');
    const s = w.seq(4);
    pools.forEach((pl, pi) => {
      w.l(s, `- name: ${pl.pname}`);
      const b = s + 2;
      if (p(0.1)) { w.c(b, 'cri:'); w.c(b, '  name: containerd'); }
      w.l(b, 'machine:'); w.kv(b + 2, 'type', pl.machine);
      w.l(b + 2, 'image:'); w.kv(b + 4, 'name', pl.imgName); w.kv(b + 4, 'version', pl.imgVersion);
      if (p(0.25)) w.kv(b + 2, 'architecture', pl.machine.startsWith('m6g') ? 'arm64' : 'amd64');
      w.kv(b, 'minimum', pl.min); w.kv(b, 'maximum', pl.max);
      if (p(0.4)) { w.kv(b, 'maxSurge', 1); w.kv(b, 'maxUnavailable', 0); }
      else if (p(0.2)) { w.c(b, 'maxSurge: 1'); w.c(b, 'maxUnavailable: 0'); }
      if (provName !== 'openstack' || p(0.4)) {
        w.l(b, 'volume:'); w.kv(b + 2, 'type', pl.volType); w.kv(b + 2, 'size', `${pl.volSize}Gi`);
        if (provName === 'aws' && p(0.5)) w.kv(b + 2, 'encrypted', true);
      }
      w.l(b, 'zones:'); for (const z of pl.zones) w.l(w.seq(b), `- ${q(z)}`);
      if (p(0.2)) { w.l(b, 'labels:'); w.kv(b + 2, 'workload-class', pl.pname.replace(/-\d+$/, '')); }
      if (pl.pname.startsWith('gpu') || p(0.1)) {
        w.l(b, 'taints:'); const ts = w.seq(b);
        w.l(ts, '- key: dedicated'); w.kv(ts + 2, 'value', pl.pname.replace(/-\d+$/, '')); w.kv(ts + 2, 'effect', 'NoSchedule');
      }
      if (p(0.1)) { w.l(b, 'systemComponents:'); w.kv(b + 2, 'allow', pi === 0); }
      if (p(0.12)) { w.l(b, 'machineControllerManager:'); w.kv(b + 2, 'machineDrainTimeout', '2h'); if (p(0.5)) w.kv(b + 2, 'machineHealthTimeout', '10m'); }
      if (p(0.1)) w.kv(b, 'updateStrategy', 'AutoRollingUpdate', 'AutoRollingUpdate/AutoInPlaceUpdate/ManualInPlaceUpdate');
      // per-pool kubernetes.kubelet override
      const needPK = has('protect-kernel-false') && pkTarget === pi;
      const needSZ = has('streaming-zero') && szTarget === pi;
      const needDK = has('dynamic-kubelet-config') && dkTarget === pi;
      const needAA = has('all-alpha') && alphaComp === 'worker' && alphaPool === pi;
      if (needPK || needSZ || needDK || needAA || p(0.22)) {
        w.l(b, 'kubernetes:');
        if (p(0.2)) w.kv(b + 2, 'version', `1.${Math.max(29, minor - 1)}.${r.int(1, 9)}`);
        w.l(b + 2, 'kubelet:');
        const base = w.lines.length;
        emitKubelet(w, r, p, b + 4, `spec.provider.workers[${pi}].kubernetes.kubelet`, { needPK, needSZ, needDK, needAA });
        if (w.lines.length === base) w.kv(b + 4, r.pick(['maxPods', 'podPidsLimit']), r.pick([110, 2048]));
      }
    });
    // workersSettings
    if (has('ssh-enabled')) {
      w.l(4, 'workersSettings:'); w.l(6, 'sshAccess:'); w.kv(8, 'enabled', true, p(0.5) ? 'needed for node debugging' : undefined);
      F('ssh-enabled', 'spec.provider.workersSettings.sshAccess.enabled');
    } else if (has('ssh-default')) {
      if (p(0.5)) { w.c(4, 'workersSettings:'); w.c(4, '  sshAccess:'); w.c(4, '    enabled: false'); }
      F('ssh-default', 'spec.provider', 'sshAccess.enabled absent: defaults to true');
    } else {
      w.l(4, 'workersSettings:'); w.l(6, 'sshAccess:'); w.kv(8, 'enabled', false);
    }
  }

  function emitKubelet(w, r, p, ind, path, need) {
    if (need.needPK) { w.kv(ind, 'protectKernelDefaults', false); F('protect-kernel-false', `${path}.protectKernelDefaults`); }
    else if (p(0.5)) w.kv(ind, 'protectKernelDefaults', true);
    if (need.needSZ) { w.kv(ind, 'streamingConnectionIdleTimeout', streamZero, p(0.4) ? 'long-running exec sessions' : undefined); F('streaming-zero', `${path}.streamingConnectionIdleTimeout`); }
    else if (p(0.4)) w.kv(ind, 'streamingConnectionIdleTimeout', durationOf(r));
    if (p(0.3)) w.kv(ind, 'seccompDefault', true);
    if (p(0.3)) w.kv(ind, 'serializeImagePulls', false);
    if (p(0.3)) w.kv(ind, 'podPidsLimit', r.pick([1024, 2048, 4096]));
    if (p(0.25)) w.kv(ind, 'maxPods', r.pick([64, 110, 150]));
    if (p(0.15)) w.kv(ind, 'cpuManagerPolicy', r.pick(['none', 'static']));
    if (p(0.15)) { w.l(ind, 'evictionHard:'); w.kv(ind + 2, 'memoryAvailable', '100Mi'); w.kv(ind + 2, 'nodeFSAvailable', '5%'); if (p(0.5)) w.kv(ind + 2, 'imageFSAvailable', '5%'); }
    if (p(0.12)) { w.l(ind, 'kubeReserved:'); w.kv(ind + 2, 'cpu', '100m'); w.kv(ind + 2, 'memory', '1Gi'); if (p(0.5)) w.kv(ind + 2, 'pid', '1000'); }
    const gates = [];
    if (p(0.3)) gates.push([r.pick(BENIGN_GATES.kubelet), r.chance(0.7)]);
    if (need.needDK) { gates.push(['DynamicKubeletConfig', true]); F('dynamic-kubelet-config', `${path}.featureGates.DynamicKubeletConfig`); }
    if (need.needAA) { gates.push(['AllAlpha', true]); F('all-alpha', `${path}.featureGates.AllAlpha`); }
    if (gates.length) { w.l(ind, 'featureGates:'); for (const [g, v] of gates) w.kv(ind + 2, g, v); }
  }

  function emitGates(w, r, p, ind, kind, path, extra) {
    const gates = [];
    if (p(0.5)) for (const g of r.sample(BENIGN_GATES[kind], r.int(1, 2))) gates.push([g, r.chance(0.75)]);
    for (const [g, id] of extra) { gates.push([g, true]); F(id, `${path}.featureGates.${g}`); }
    if (gates.length) { w.l(ind, 'featureGates:'); for (const [g, v] of gates) w.kv(ind + 2, g, v); return true; }
    return false;
  }

  function emitKubernetes(w, r, p) {
    w.l(2, 'kubernetes:');
    w.kv(4, 'version', version);
    if (has('static-token')) {
      w.kv(4, 'enableStaticTokenKubeconfig', true, p(0.5) ? 'legacy CI pipeline still uses the static token' : undefined);
      F('static-token', 'spec.kubernetes.enableStaticTokenKubeconfig');
    } else if (minor < 27 || p(0.1)) w.kv(4, 'enableStaticTokenKubeconfig', false);
    if (p(0.15)) { w.l(4, 'etcd:'); w.l(6, 'main:'); w.l(8, 'autoscaling:'); w.l(10, 'minAllowed:'); w.kv(12, 'cpu', '2'); w.kv(12, 'memory', '6Gi'); }
    // kube-apiserver
    const K = 'spec.kubernetes.kubeAPIServer';
    w.l(4, 'kubeAPIServer:');
    if (has('anonymous-auth')) {
      w.kv(6, 'enableAnonymousAuthentication', true, p(0.5) ? 'health checks of the external LB' : undefined);
      F('anonymous-auth', `${K}.enableAnonymousAuthentication`);
    } else if (p(0.3)) w.kv(6, 'enableAnonymousAuthentication', false, p(0.4) ? 'Deprecated, will be removed in a future version of gardener.' : undefined);
    const extraA = [];
    if (has('all-alpha') && alphaComp === 'kubeAPIServer') extraA.push(['AllAlpha', 'all-alpha']);
    if (has('dynamic-auditing')) extraA.push(['DynamicAuditing', 'dynamic-auditing']);
    emitGates(w, r, p, 6, 'apiserver', K, extraA);
    if (p(0.15)) { w.l(6, 'runtimeConfig:'); w.kv(8, 'scheduling.k8s.io/v1alpha1', false); }
    // admission plugins
    const plugins = [];
    if (!has('no-podsecurity')) plugins.push('PodSecurity');
    if (has('vaw-disabled') || p(0.3)) plugins.push('ValidatingAdmissionWebhook');
    if (p(0.2)) plugins.push('PodNodeSelector');
    if (p(0.12)) plugins.push('EventRateLimit');
    r.sample(plugins, plugins.length); // order stays; consume randomness uniformly
    if (plugins.length) {
      w.l(6, 'admissionPlugins:'); const s = w.seq(6);
      plugins.forEach((pl, pi) => {
        w.l(s, `- name: ${pl}`);
        const b = s + 2;
        if (pl === 'PodSecurity') {
          const priv = has('podsecurity-privileged');
          const lvl = priv ? 'privileged' : r.pick(['baseline', 'restricted']);
          if (priv) F('podsecurity-privileged', `${K}.admissionPlugins[${pi}].config.defaults.enforce`, 'enforce below baseline');
          w.l(b, 'config:');
          w.kv(b + 2, 'apiVersion', r.chance(0.85) ? 'pod-security.admission.config.k8s.io/v1' : 'pod-security.admission.config.k8s.io/v1beta1');
          w.kv(b + 2, 'kind', 'PodSecurityConfiguration');
          if (p(0.3)) { w.c(b + 2, 'Defaults applied when a mode label is not set.'); w.c(b + 2, 'Level label values must be one of: privileged, baseline, restricted'); }
          w.l(b + 2, 'defaults:');
          w.kv(b + 4, 'enforce', lvl); if (p(0.6)) w.kv(b + 4, 'enforce-version', 'latest');
          w.kv(b + 4, 'audit', priv ? 'privileged' : 'restricted'); if (p(0.5)) w.kv(b + 4, 'audit-version', 'latest');
          w.kv(b + 4, 'warn', priv ? 'baseline' : 'restricted'); if (p(0.5)) w.kv(b + 4, 'warn-version', 'latest');
          if (p(0.6)) {
            w.l(b + 2, 'exemptions:');
            w.l(b + 4, 'usernames: []'); w.l(b + 4, 'runtimeClasses: []');
            if (p(0.3)) { w.l(b + 4, 'namespaces:'); w.l(w.seq(b + 4), `- ${r.pick(['monitoring', 'istio-system', 'ingress-nginx'])}`); } else w.l(b + 4, 'namespaces: []');
          }
        } else if (pl === 'ValidatingAdmissionWebhook') {
          if (has('vaw-disabled')) { w.kv(b, 'disabled', true, p(0.4) ? 'flaky webhooks blocked deployments' : undefined); F('vaw-disabled', `${K}.admissionPlugins[${pi}].disabled`); }
          else w.kv(b, 'disabled', false);
        } else if (pl === 'PodNodeSelector') {
          w.l(b, 'config:'); w.l(b + 2, 'podNodeSelectorPluginConfig:'); w.kv(b + 4, 'clusterDefaultNodeSelector', `workload-class=${pools[0].pname}`);
        } else if (pl === 'EventRateLimit') {
          w.l(b, 'config:'); w.kv(b + 2, 'apiVersion', 'eventratelimit.admission.k8s.io/v1alpha1'); w.kv(b + 2, 'kind', 'Configuration');
          w.l(b + 2, 'limits:'); const ls = w.seq(b + 2); w.l(ls, '- type: Namespace'); w.kv(ls + 2, 'qps', 50); w.kv(ls + 2, 'burst', 100);
        }
      });
    }
    if (has('no-podsecurity')) F('no-podsecurity', `${K}.admissionPlugins`, 'no PodSecurity plugin');
    if (has('no-audit-policy')) {
      if (p(0.4)) { w.c(6, 'auditConfig:'); w.c(6, '  auditPolicy:'); w.c(6, '    configMapRef:'); w.c(6, '      name: auditpolicy'); }
      F('no-audit-policy', `${K}.auditConfig.auditPolicy.configMapRef.name`, 'no audit policy reference');
    } else {
      w.l(6, 'auditConfig:'); w.l(8, 'auditPolicy:'); w.l(10, 'configMapRef:');
      w.kv(12, 'name', withConfigMap ? `${name}-audit-policy` : r.pick(['audit-policy', 'auditpolicy', `${project}-audit-policy`]));
      if (has('audit-policy-none')) F('audit-policy-none', `${K}.auditConfig.auditPolicy.configMapRef.name`, 'referenced policy records nothing');
    }
    if (p(0.2)) { w.l(6, 'requests:'); w.kv(8, 'maxNonMutatingInflight', 400); w.kv(8, 'maxMutatingInflight', 200); }
    if (p(0.15)) w.kv(6, 'eventTTL', '1h');
    if (p(0.15)) { w.l(6, 'logging:'); w.kv(8, 'verbosity', 2); if (p(0.5)) w.kv(8, 'httpAccessVerbosity', 3); }
    if (p(0.15)) { w.l(6, 'serviceAccountConfig:'); w.kv(8, 'maxTokenExpiration', r.pick(['720h', '2160h'])); if (p(0.5)) w.kv(8, 'extendTokenExpiration', false); }
    if (p(0.1)) { w.l(6, 'encryptionConfig:'); w.l(8, 'resources:'); w.l(w.seq(8), '- configmaps'); }
    // other components
    for (const [comp, kind] of [['kubeControllerManager', 'kcm'], ['kubeScheduler', 'scheduler'], ['kubeProxy', 'proxy']]) {
      const forced = has('all-alpha') && alphaComp === comp;
      if (!forced && !p(0.3)) continue;
      const base = w.lines.length;
      w.l(4, `${comp}:`);
      if (comp === 'kubeControllerManager' && p(0.5)) w.kv(6, 'nodeCIDRMaskSize', 24);
      if (comp === 'kubeControllerManager' && p(0.3)) { w.l(6, 'horizontalPodAutoscaler:'); w.kv(8, 'syncPeriod', '30s'); w.kv(8, 'tolerance', 0.1); }
      if (comp === 'kubeScheduler' && p(0.6)) w.kv(6, 'profile', r.pick(['balanced', 'bin-packing']));
      if (comp === 'kubeProxy') { w.kv(6, 'mode', r.pick(['IPTables', 'IPVS', 'NFTables']), p(0.3) ? '{IPTables,NFTables}' : undefined); if (p(0.5)) w.kv(6, 'enabled', true); }
      emitGates(w, r, p, 6, kind, `spec.kubernetes.${comp}`, forced ? [['AllAlpha', 'all-alpha']] : []);
      if (w.lines.length === base + 1) w.lines.pop(); // nothing under it: drop the empty key
    }
    // shoot-level kubelet
    const needPK = has('protect-kernel-false') && pkTarget === 'shoot';
    const needSZ = has('streaming-zero') && szTarget === 'shoot';
    const needDK = has('dynamic-kubelet-config') && dkTarget === 'shoot';
    const needAA = has('all-alpha') && alphaComp === 'kubelet';
    if (needPK || needSZ || needDK || needAA || p(0.45)) {
      const base = w.lines.length;
      w.l(4, 'kubelet:');
      emitKubelet(w, r, p, 6, 'spec.kubernetes.kubelet', { needPK, needSZ, needDK, needAA });
      if (w.lines.length === base + 1) w.kv(6, r.pick(['protectKernelDefaults', 'seccompDefault']), true);
    }
    if (p(0.2)) { w.l(4, 'verticalPodAutoscaler:'); w.kv(6, 'enabled', true); w.kv(6, 'evictAfterOOMThreshold', '10m0s'); if (p(0.5)) w.kv(6, 'evictionTolerance', 0.5); }
    if (p(0.15)) { w.l(4, 'clusterAutoscaler:'); w.kv(6, 'expander', 'priority,least-waste'); w.kv(6, 'scaleDownUnneededTime', '30m'); }
  }

  function emitNetworking(w, r, p) {
    w.l(2, 'networking:');
    const net = r.pick(['calico', 'calico', 'cilium']);
    w.kv(4, 'type', net, p(0.2) ? '{calico,cilium}' : undefined);
    if (p(0.4)) { w.l(4, 'ipFamilies:'); w.l(w.seq(4), '- IPv4'); }
    w.kv(4, 'pods', '100.96.0.0/11'); w.kv(4, 'nodes', '10.250.0.0/16'); w.kv(4, 'services', '100.64.0.0/13');
    if (p(0.25)) {
      w.l(4, 'providerConfig:'); w.kv(6, 'apiVersion', `${net}.networking.extensions.gardener.cloud/v1alpha1`);
      w.kv(6, 'kind', 'NetworkConfig');
      if (net === 'calico') { w.kv(6, 'backend', 'bird'); w.l(6, 'overlay:'); w.kv(8, 'enabled', r.chance(0.5)); }
      else { w.l(6, 'hubble:'); w.kv(8, 'enabled', true); }
    }
  }

  // ---- audit-policy ConfigMap (next document)
  let cm = null;
  if (withConfigMap) {
    const cr = makeRng(`${opt.seed}:cm:${i}`);
    const c = new W(true);
    if (cr.chance(0.3)) c.c(0, `Audit policy for Shoot ${name}`);
    c.l(0, 'apiVersion: v1'); c.l(0, 'kind: ConfigMap'); c.l(0, 'metadata:');
    c.kv(2, 'name', `${name}-audit-policy`); c.kv(2, 'namespace', ns);
    c.l(0, 'data:'); c.l(2, 'policy: |-');
    const P4 = (s) => c.l(4, s);
    P4('apiVersion: audit.k8s.io/v1'); P4('kind: Policy');
    if (cr.chance(0.7)) { P4('omitStages:'); P4('  - "RequestReceived"'); }
    P4('rules:');
    if (has('audit-policy-none')) {
      P4('  - level: None');
      if (cr.chance(0.5)) { P4('    users: ["system:kube-proxy"]'); P4('  - level: None'); }
    } else {
      if (cr.chance(0.6)) { P4('  - level: None'); P4('    users: ["system:kube-proxy"]'); P4('    verbs: ["watch"]'); }
      if (cr.chance(0.5)) { P4('  - level: None'); P4('    nonResourceURLs:'); P4('      - "/healthz*"'); P4('      - "/version"'); }
      P4('  - level: Metadata'); P4('    resources:'); P4('      - group: ""'); P4('        resources: ["secrets", "configmaps"]');
      if (cr.chance(0.5)) { P4('  - level: RequestResponse'); P4('    resources:'); P4('      - group: "rbac.authorization.k8s.io"'); }
      P4(`  - level: ${cr.pick(['Metadata', 'Request'])}`);
    }
    cm = c.lines.join('\n') + '\n';
  }
  return { name, ns, provider: provName, version, lines, text, leadingDash, cm, findings: findings.slice() };
}

// ---------------------------------------------------------------- write
if (existsSync(OUTDIR)) {
  const present = readdirSync(OUTDIR);
  if (present.length) {
    if (!opt.force) usage(`${OUTDIR} is not empty (use --force to replace generated files)`);
    for (const f of present) if (/^(shoot|auditpolicy|docs)-\d{6}.*\.yaml$/.test(f)) rmSync(join(OUTDIR, f));
  }
} else mkdirSync(OUTDIR, { recursive: true });

let bytes = 0, files = 0, nCm = 0, nInsecure = 0, minL = Infinity, maxL = 0, sumL = 0;
const truth = [];
let bundle = [], bundleNo = 0;
function flush() {
  if (!bundle.length) return;
  bundleNo++;
  const body = bundle.map((d, j) => (j === 0 ? '' : '---\n') + d).join('');
  const f = `docs-${String(bundleNo).padStart(6, '0')}.yaml`;
  writeFileSync(join(OUTDIR, f), body); bytes += Buffer.byteLength(body); files++;
  bundle = [];
}
function emitDoc(text, fileName) {
  if (opt.k === 1) {
    writeFileSync(join(OUTDIR, fileName), text); bytes += Buffer.byteLength(text); files++;
    return fileName;
  }
  bundle.push(text);
  const f = `docs-${String(bundleNo + 1).padStart(6, '0')}.yaml`;
  if (bundle.length >= opt.k) flush();
  return f;
}
for (let i = 1; i <= N; i++) {
  const s = genShoot(i);
  const shootText = (opt.k === 1 && s.leadingDash ? '---\n' : '') + s.text;
  const f = emitDoc(shootText, `shoot-${String(i).padStart(6, '0')}-${s.name}.yaml`);
  let cmFile = null;
  if (s.cm) { nCm++; cmFile = emitDoc(s.cm, `auditpolicy-${String(i).padStart(6, '0')}-${s.name}.yaml`); }
  if (s.findings.length) nInsecure++;
  minL = Math.min(minL, s.lines); maxL = Math.max(maxL, s.lines); sumL += s.lines;
  if (opt.truth) truth.push(JSON.stringify({ i, file: f, configMapFile: cmFile, name: s.name, namespace: s.ns, provider: s.provider, version: s.version, lines: s.lines, findings: s.findings }));
}
flush();
if (opt.truth) writeFileSync(opt.truth, truth.join('\n') + (truth.length ? '\n' : ''));
process.stdout.write(`${bytes}\n`);
process.stderr.write(`gen-shoots: seed=${opt.seed} shoots=${N} configmaps=${nCm} files=${files} docs-per-file=${opt.k} ` +
  `bytes=${bytes} insecure-shoots=${nInsecure} (${N ? (100 * nInsecure / N).toFixed(1) : 0}%) ` +
  `shoot-lines min/mean/max=${N ? `${minL}/${(sumL / N).toFixed(1)}/${maxL}` : '-'}\n`);
