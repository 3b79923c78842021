/**
 * A List on standard input is handed on as it is linted (lib/run/stdin-list.ts):
 * standard input's findings go out in parts before the last batch is linted,
 * and the parts joined are the findings of the List linted as one batch,
 * whatever the batch size, with references between items in any batch.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../../lib/engine/lint.ts';
import type { FileResult, LintMessage, LintOutput, RuleResult, SourceFile } from '../../lib/engine/types.ts';
import { readStdin } from '../../lib/input/stdin.ts';
import type { Held } from '../../lib/run/message-spool.ts';
import { compareHeld, MessageSpool } from '../../lib/run/message-spool.ts';
import { collectList, lintSpooledList } from '../../lib/run/stdin-list.ts';
import { RULES } from '../../rules/index.ts';
import { configFor } from '../helpers/fixture.ts';

const config = configFor({});

function shoot(i: number, policy: string): Record<string, unknown> {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name: `shoot-${i}`, namespace: 'garden-dev' },
    spec: {
      addons: { kubernetesDashboard: { enabled: i % 2 === 0 } },
      kubernetes: { version: '1.30.1', kubeAPIServer: { auditConfig: { auditPolicy: { configMapRef: { name: policy } } } } },
    },
  };
}

function policy(name: string, level: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'garden-dev' }, data: { policy: `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: ${level}\n` } };
}

function listOf(items: readonly unknown[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4)}\n`;
}

/** 40 Shoots between two audit-policy ConfigMaps: the first Shoot uses the last ConfigMap, the last Shoot the first. */
function listText(): string {
  const shoots = Array.from({ length: 40 }, (_, i) => shoot(i, i === 39 ? 'first' : i === 0 ? 'last' : 'middle'));
  return listOf([policy('first', 'Metadata'), ...shoots.slice(0, 20), policy('middle', 'None'), ...shoots.slice(20), policy('last', 'Metadata')]);
}

/** 40 Shoots, each ten followed by the ConfigMap they use; the first Shoot uses the last ConfigMap. */
function groupedText(): string {
  const items: unknown[] = [];
  for (let i = 0; i < 40; i++) {
    items.push(shoot(i, i === 0 ? 'last' : `group-${Math.floor(i / 10)}`));
    if (i % 10 === 9) items.push(policy(`group-${Math.floor(i / 10)}`, i % 20 === 9 ? 'None' : 'RequestResponse'));
  }
  items.push(policy('last', 'Metadata'));
  return listOf(items);
}

interface Part {
  readonly file: FileResult;
  readonly more: boolean | undefined;
  /** Batches linted when the part was handed on. */
  readonly linted: number;
}

function run(text: string, batchItems: number): { parts: Part[]; batches: number; output: LintOutput } {
  const parts: Part[] = [];
  let batches = 0;
  const input = () => {
    const r = readStdin([Buffer.from(text)], { maxBytes: 8 * 1024 });
    if (r.kind !== 'list') throw new Error(`not read as a List: ${r.kind}`);
    return r.list;
  };
  const lintBatch = (files: SourceFile[]) => {
    batches++;
    return { output: lint({ files, config, rules: RULES, collectPasses: false }) };
  };
  const output = collectList((emit) => {
    const list = input();
    try {
      lintSpooledList(list, {
        path: '<stdin>',
        keepResults: false,
        batchItems,
        lint: lintBatch,
        emit: (file: FileResult, results: readonly RuleResult[], more?: boolean) => {
          parts.push({ file, more, linted: batches });
          emit(file, results, more);
        },
      });
    } finally {
      list.close();
    }
  });
  return { parts, batches, output };
}

test('standard input goes out in parts while the List is linted, its findings in order', () => {
  const { parts, batches, output } = run(groupedText(), 4);
  assert.ok(batches >= 10);
  assert.ok(parts.length > 2, `${parts.length} parts`);
  assert.ok(parts[0]!.linted < batches, 'the first part goes before the last batch is linted');
  assert.ok(parts.slice(0, -1).every((p) => p.more === true && p.file.filePath === '<stdin>'));
  assert.is(parts.at(-1)!.more, undefined);
  const offsets = parts.flatMap((p) => p.file.messages.map((m) => m.offset));
  assert.equal(offsets, [...offsets].sort((a, b) => a - b));
  assert.equal(output, run(groupedText(), 1000).output);
  // A List whose first item is used by its last waits for it: one part with everything, and the last.
  const { parts: held } = run(listText(), 4);
  assert.ok(held.length <= 2);
});

test('the parts joined are the findings of the List as one batch, whatever the batch size; references resolve across batches', () => {
  const text = listText();
  const one = run(text, 1000).output;
  assert.is(one.files.length, 1);
  const messages = one.files[0]!.messages;
  // The first Shoot's policy is the last item and the last Shoot's the first: both are judged (level Metadata).
  for (const name of ['first', 'last']) assert.ok(messages.some((m) => m.ruleId === '242403' && m.object?.name === name), `policy ${name} judged`);
  assert.not.ok(messages.some((m) => m.ruleId === '242403' && /not found|cannot be found/.test(m.message)));
  for (const size of [1, 3, 7, 21]) assert.equal(run(text, size).output, one, `batches of ${size}`);
});

test('held findings come back from their file in order, those before a place first, shown as they were held', () => {
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const held: Held[] = [];
  for (let i = 0; i < 20_000; i++) {
    // Few places and rules: many findings share a place, an end and a rule, and are ordered by their text.
    const offset = random(500);
    const order: LintMessage = { ruleId: `24240${random(3)}`, ruleName: 'r', severity: 2, message: `finding ${random(50)} äö ${'x'.repeat(random(300))}`, state: 'fail', path: 'spec', offset, endOffset: offset + random(3), line: 1, column: 1, endLine: 1, endColumn: 2 };
    held.push([order, i % 5 === 0 ? { ...order, message: `${order.message}. Used by Shoot a/b.` } : order]);
  }
  const spool = new MessageSpool();
  try {
    for (const [order, shown] of held) spool.add(order, shown);
    const first = [...spool.take(250)];
    const rest = [...spool.take(Infinity)];
    assert.equal([...spool.take(Infinity)], []);
    const sorted = [...held].sort(compareHeld);
    assert.equal(first, sorted.filter((x) => x[0].offset < 250));
    assert.equal(rest, sorted.filter((x) => x[0].offset >= 250));
  } finally {
    spool.close();
  }
});

test.run();
