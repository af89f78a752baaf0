/**
 * The web reads the server's answers through types inferred from the server's response schemas,
 * so changing a schema's shape breaks `npm run typecheck` wherever the web still reads the old
 * field. Proved with the TypeScript compiler over the real tree, one schema file's text changed in
 * memory (the files on disk are not touched).
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const file = (rel: string) => path.join(root, rel);

const config = ts.getParsedCommandLineOfConfigFile(
  file('tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
)!;
/** Parsed files shared by every program: only the changed file is parsed again. */
const parsed = new Map<string, ts.SourceFile>();

function program(changes: Record<string, string> = {}) {
  const host = ts.createCompilerHost(config.options, true);
  const changed = new Map(Object.entries(changes).map(([rel, text]) => [file(rel), text]));
  const read = host.readFile.bind(host);
  host.readFile = (name) => changed.get(path.resolve(name)) ?? read(name);
  host.getSourceFile = (name, lang) => {
    const abs = path.resolve(name);
    const text = changed.get(abs);
    if (text !== undefined) return ts.createSourceFile(name, text, lang, true);
    let sf = parsed.get(abs);
    if (!sf) {
      const disk = ts.sys.readFile(name);
      if (disk === undefined) return undefined;
      sf = ts.createSourceFile(name, disk, lang, true);
      parsed.set(abs, sf);
    }
    return sf;
  };
  return ts.createProgram({ rootNames: readers.map(file), options: config.options, host });
}

function errorsIn(p: ts.Program, rel: string) {
  const sf = p.getSourceFile(file(rel));
  if (!sf) throw new Error(`${rel} is not part of the web's program`);
  return ts.getPreEmitDiagnostics(p, sf).map((d) => `${rel}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

/** Change one schema file's text; the edit must apply exactly once. */
function edited(rel: string, from: string, to: string) {
  const text = ts.sys.readFile(file(rel))!;
  expect(text.split(from).length - 1, `${rel} should contain ${from} once`).toBe(1);
  return { [rel]: text.replace(from, to) };
}

const cases = [
  {
    what: "a field of a villager's household page renamed",
    schema: 'server/src/modules/registry/contracts.ts',
    from: 'gridMembers: z.array(z.object({ personId: z.string(), name: z.string(), phone: nullableText })),',
    to: 'gridStaff: z.array(z.object({ personId: z.string(), name: z.string(), phone: nullableText })),',
    field: 'gridMembers',
    readers: ['web/src/console/access/components/VillagerHousehold.tsx', 'web/src/mobile/villager/ReportTab.tsx'],
  },
  {
    what: 'a field of an account entry removed',
    schema: 'server/src/modules/points/contracts.ts',
    from: '  /** requested − effective: what the cap or the floor took away. */\n  clipped: z.number(),\n',
    to: '',
    field: 'clipped',
    readers: ['web/src/mobile/common.tsx'],
  },
];

// The web files that read the fields below, and what they import (the server's contracts through
// `import type`, antd, React): a program over these alone is enough to see their errors.
const readers = [...new Set(cases.flatMap((c) => c.readers))];

describe('the web type-checks against the server response schemas', () => {
  it('as they are, the files that read the answers type-check', () => {
    const p = program();
    expect(readers.flatMap((r) => errorsIn(p, r))).toEqual([]);
  });

  it('fails where the web still reads a field the schema no longer has', () => {
    // Every change at once (each in its own schema file): one more program to check.
    const p = program(Object.assign({}, ...cases.map((c) => edited(c.schema, c.from, c.to))));
    for (const c of cases)
      for (const r of c.readers) {
        const errors = errorsIn(p, r);
        expect(errors.length, `${c.what}: ${r} should no longer type-check`).toBeGreaterThan(0);
        expect(errors.join('\n'), c.what).toContain(c.field);
      }
  });
});
