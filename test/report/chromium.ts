/**
 * Loads a page in headless Chromium and reports what a reader would see: the
 * value of an expression evaluated in the page, the console errors and every
 * network request (anything not file:, data: or about:). Speaks the DevTools
 * protocol over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-terminated
 * JSON messages), so it needs no dependency and opens no port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export function chromiumPath(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

export interface PageRun {
  readonly value: unknown;
  readonly consoleErrors: string[];
  readonly requests: string[];
}

export interface PageOptions {
  /** Expression evaluated after load; its JSON value is returned. */
  readonly expression: string;
  readonly width?: number;
  readonly height?: number;
  /** Write a PNG of the viewport here. */
  readonly screenshot?: string;
  readonly timeoutMs?: number;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export async function loadPage(file: string, o: PageOptions): Promise<PageRun> {
  const exe = chromiumPath();
  if (!exe) throw new Error('chromium not found');
  const profile = mkdtempSync(join(tmpdir(), 'shootlint-chromium-'));
  const child = spawn(
    exe,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-extensions', '--disable-default-apps', '--mute-audio',
      `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
    ],
    // Its own process group, so the browser's helper processes end with it.
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr!.on('data', (c) => void (stderr += c));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;

  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners: ((m: Message) => void)[] = [];
  let buffer = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\u0000'); i !== -1; i = buffer.indexOf('\u0000')) {
      const m = JSON.parse(buffer.slice(0, i)) as Message;
      buffer = buffer.slice(i + 1);
      if (m.id !== undefined && pending.has(m.id)) {
        const p = pending.get(m.id)!;
        pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error.message));
        else p.resolve(m);
      } else for (const l of listeners) l(m);
    }
  });
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\u0000`);
    });

  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let loaded: () => void = () => {};
  const loadedP = new Promise<void>((r) => (loaded = r));
  listeners.push((m) => {
    const p = m.params ?? {};
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
      consoleErrors.push(JSON.stringify((p.args as { value?: unknown; description?: string }[]).map((a) => a.value ?? a.description)));
    } else if (m.method === 'Runtime.exceptionThrown') {
      consoleErrors.push(JSON.stringify(p.exceptionDetails));
    } else if (m.method === 'Log.entryAdded') {
      const e = p.entry as { level: string; text: string; url?: string };
      if (e.level === 'error') consoleErrors.push(`${e.text}${e.url ? ` (${e.url})` : ''}`);
    } else if (m.method === 'Network.requestWillBeSent') {
      const url = (p.request as { url: string }).url;
      if (!/^(file|data|about):/.test(url)) requests.push(url);
    } else if (m.method === 'Page.loadEventFired') {
      loaded();
    }
  });

  const timeout = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`chromium timed out; stderr: ${stderr.slice(-2000)}`)), o.timeoutMs ?? 30000);
    t.unref();
  });
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${stderr.slice(-2000)}`))));

  const run = async (): Promise<PageRun> => {
    const { result } = await send('Target.createTarget', { url: 'about:blank' });
    const { result: attached } = await send('Target.attachToTarget', { targetId: result!.targetId, flatten: true });
    const session = attached!.sessionId as string;
    for (const domain of ['Runtime', 'Log', 'Network', 'Page']) await send(`${domain}.enable`, {}, session);
    await send('Emulation.setDeviceMetricsOverride', { width: o.width ?? 1400, height: o.height ?? 1000, deviceScaleFactor: 1, mobile: false }, session);
    await send('Page.navigate', { url: pathToFileURL(file).href }, session);
    await loadedP;
    const ev = await send('Runtime.evaluate', { expression: `JSON.stringify((() => { ${o.expression} })())`, returnByValue: true }, session);
    const r = ev.result as { result?: { value?: string }; exceptionDetails?: unknown };
    if (r.exceptionDetails) throw new Error(`evaluation failed: ${JSON.stringify(r.exceptionDetails)}`);
    if (o.screenshot) {
      const shot = await send('Page.captureScreenshot', { format: 'png' }, session);
      writeFileSync(o.screenshot, Buffer.from(shot.result!.data as string, 'base64'));
    }
    // Let late console messages and requests arrive.
    await new Promise((r2) => setTimeout(r2, 200));
    return { value: JSON.parse(r.result?.value ?? 'null'), consoleErrors, requests };
  };

  try {
    return await Promise.race([run(), timeout, exited]);
  } finally {
    child.removeAllListeners('exit');
    const gone = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    send('Browser.close').catch(() => {});
    const quit = await Promise.race([gone.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!quit && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await gone;
    }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
