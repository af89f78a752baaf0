/**
 * Bad input on every route (issue #12, point 3): each route of the app (the Fastify route table,
 * with its request schemas from the OpenAPI document) gets requests generated from its schemas
 * with one place made hostile — wrong types, huge and empty values, deep nesting, odd Unicode,
 * SQL and formula injection, path tricks, ids of another village — and, on the upload routes,
 * odd names and mistyped, empty and oversized files. Each is sent as a role the route allows (so
 * validation is what answers) and as one it denies.
 *
 * Every answer is below 500, and a 4xx is in the error shape; a 2xx is accepted only where the
 * route's schema admits what was sent and no other village's id was written or read; a refused
 * request commits no write (the database's own write report, db/observe.ts) but its audit row,
 * and the tables are unchanged around each route whose requests were all refused.
 *
 * WANGGE_FUZZ_SEED fixes the cases (CI uses the default); WANGGE_FUZZ_RUNS is the number of cases
 * per route and caller.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteRecord } from '../../server/src/http/policy';
import type { WriteFact } from '../../server/src/db/observe';
import { writeXlsx } from '../../server/src/modules/import/xlsx';
import { demoApp, signedIn, type Call, type DemoApp } from '../helpers/demo-app';
import { headersOf, png } from '../helpers/evidence';
import { makeVillage, type FixtureVillage } from '../helpers/import-fixture';
import { expected, type Who } from '../helpers/roles';
import { changedTables, tableDigester } from '../helpers/table-digest';
import {
  admits,
  ID_NAME,
  hostileText,
  hostileValue,
  hugeText,
  oddUnicode,
  pathTricks,
  placesIn,
  replaceAt,
  schemaAt,
  validArb,
  type IdPool,
  type JsonSchema,
} from '../helpers/fuzz-values';

const SEED = Number(process.env.WANGGE_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.WANGGE_FUZZ_RUNS ?? 10);
const V = 'dahuashan';

interface Operation {
  route: RouteRecord;
  /** OpenAPI path, `{name}` for parameters. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; schema: JsonSchema; required: boolean }[];
  body?: JsonSchema;
  upload: boolean;
}

interface Upload {
  field: string;
  fileName: string;
  contentType: string;
  data: Buffer;
  /** Sent as multipart (false: the bytes as a plain body). */
  multipart: boolean;
}

interface Case {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  upload?: Upload;
  /** Path parameters put in the URL as they are (not percent-encoded): broken escapes. */
  raw?: Record<string, string>;
  /** What was made hostile: where, and what its schema says (to judge a 2xx). */
  hostile?: { where: 'path' | 'query' | 'body' | 'upload'; at: string; value: unknown; schema?: JsonSchema };
}

const isWrite = (m: string) => m !== 'GET';
/** The routes that take an upload (multipart field `file`). */
const UPLOAD = /\/(import|points\/evidence|points\/rules\/import)$/;
/** Routes that end the caller's session (or may): each case signs in afresh. */
/**
 * Tables a refused request is expected to write: the audit log (denials are audited) and the
 * rate-limit counters (every attempt counts, refused or not, across processes).
 */
const BOOKKEEPING = /^kysely_|^audit_log$|^rate_limits$/;
const ENDS_SESSION = /\/auth\/(sign-out|sign-out-everywhere|password|sessions\/:id)$/;
/** Run last, in this order: what they may legitimately do (disable an account, activate a draft) changes the rest. */
const TAIL = [
  /\/auth\//,
  /\/accounts\/:accountId\//,
  /\/import$/,
  /\/structures\/:structureId$/,
  /\/structures\/:structureId\/activate$/,
];
const tailRank = (r: RouteRecord) => {
  const i = TAIL.findIndex((re) => re.test(r.url));
  return i < 0 ? -1 : i;
};

/** Whom to send: a caller the policy allows (preferring the widest scope) and one it denies. */
const PREFER_ALLOWED: Who[] = ['chief', 'evaluator', 'gridLeader', 'villager', 'districtOfficial', 'anonymous'];
const PREFER_DENIED: Who[] = ['villager', 'gridMember', 'townOfficial', 'reserve', 'anonymous'];
const callersOf = (r: RouteRecord) => {
  const allowed = expected[r.policy!];
  return {
    allowed: PREFER_ALLOWED.find((w) => allowed.includes(w))!,
    denied: PREFER_DENIED.find((w) => !allowed.includes(w)),
  };
};

/** A stable number from a text (each route and caller gets a seed of its own). */
const hash32 = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);

const CJK = /[\u4e00-\u9fff]/;

/** Broken percent-escapes, put in a path as they are. */
const RAW_PATH = ['%', '%E0%A4%A', '%ZZ', '%C0%AE%C0%AE', '..%2F..%2F'];

/**
 * Refusals made before the guard looks at the caller, for anyone: the URL cannot be routed (broken
 * escape, a segment longer than the router takes, a NUL) or the body cannot be read (too large,
 * nested too deep, not JSON, a type no route takes). They tell nothing about the route's data.
 */
const BEFORE_GUARD = new Set([
  'URL_TOO_LONG',
  'BAD_URL',
  'BAD_CHARACTER',
  'BODY_TOO_DEEP',
  'TOO_LARGE',
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_EMPTY_JSON_BODY',
  'FST_ERR_CTP_INVALID_JSON_BODY',
]);

const valueAt = (v: unknown, at: (string | number)[]) =>
  at.reduce<unknown>((x, k) => (x as Record<string | number, unknown> | undefined)?.[k], v);

describe('fuzzing every route with hostile input', () => {
  let t: DemoApp;
  let other: FixtureVillage;
  const clients = new Map<Who, Call>();
  let ops: Operation[] = [];
  let ids: IdPool;
  let digestTables: () => Promise<Record<string, string>>;
  const facts: WriteFact[] = [];

  beforeAll(async () => {
    t = await demoApp();
    t.database.observer.onWrite((f) => facts.push(...f));
    clients.set('anonymous', t.anonymous);
    for (const w of [
      'chief',
      'evaluator',
      'gridLeader',
      'gridMember',
      'villager',
      'reserve',
      'townOfficial',
      'districtOfficial',
    ] as const)
      clients.set(w, await t.as(w));

    // A second village, with a household of its own: its ids must never work in the first.
    other = await makeVillage(t.ctx, { code: 'OTHER1', grids: 2 });
    const db = t.ctx.db;
    const mine = async <T extends string>(q: Promise<{ id: T }[]>) => (await q).map((r) => r.id);
    const village = await db.selectFrom('villages').select('id').where('code', '=', V).executeTakeFirstOrThrow();
    const vid = village.id;
    const structures = await mine(db.selectFrom('structures').select('id').where('villageId', '=', vid).execute());
    const usedLogins = new Set(t.logins.map((l) => l.login));
    const accounts = (await db.selectFrom('accounts').select(['id', 'login']).where('villageId', '=', vid).execute())
      .filter((a) => !usedLogins.has(a.login))
      .slice(0, 2)
      .map((a) => a.id);
    const pick = async (
      table:
        | 'households'
        | 'residents'
        | 'people'
        | 'pointsEntries'
        | 'pointsObjections'
        | 'pointsReports'
        | 'shopItems'
        | 'shopRedemptions'
        | 'evidenceFiles',
    ) =>
      mine(
        db.selectFrom(table).select('id').where('villageId', '=', vid).limit(3).execute() as Promise<{ id: string }[]>,
      );
    const nodes = await mine(
      db
        .selectFrom('nodes')
        .select('id')
        .where('structureId', 'in', structures)
        .orderBy('id', 'desc')
        .limit(6)
        .execute(),
    );
    const posts = await mine(
      db
        .selectFrom('posts')
        .select('id')
        .where('structureId', 'in', structures)
        .orderBy('id', 'desc')
        .limit(4)
        .execute(),
    );
    const sessions = await mine(db.selectFrom('sessions').select('id').limit(2).execute());
    const rules = (
      await db.selectFrom('pointsRules').select('code').where('villageId', '=', vid).limit(3).execute()
    ).map((r) => r.code);
    const households = await pick('households');
    const people = await pick('people');
    const entries = await pick('pointsEntries');
    const byId = [
      ...entries,
      ...(await pick('pointsObjections')),
      ...(await pick('pointsReports')),
      ...(await pick('shopItems')),
      ...(await pick('shopRedemptions')),
      ...(await pick('evidenceFiles')),
      ...sessions,
    ];
    const foreignPeople = await mine(
      db.selectFrom('people').select('id').where('villageId', '=', other.villageId).execute(),
    );
    const foreignAccounts = await mine(
      db.selectFrom('accounts').select('id').where('villageId', '=', other.villageId).execute(),
    );
    const foreign = [
      other.villageId,
      other.structureId,
      ...other.grids.map((g) => g.id),
      ...foreignPeople,
      ...foreignAccounts,
      'OTHER1',
    ];
    const pools: [RegExp, string[]][] = [
      [/^household/, households],
      [/^resident/, await pick('residents')],
      [/^(structure|from|to|basedOn)/, structures],
      [/^(node|toNode|parent|grid)/, nodes],
      [/^post/, posts],
      [/^(person|subjectPerson)/, people],
      [/^account/, accounts],
      [/^(code|ruleCode)$/, rules],
      [/^itemId$/, await pick('shopItems')],
      [/^id$/, byId],
    ];
    ids = {
      byName: (name) => pools.find(([re]) => re.test(name))?.[1] ?? [],
      foreign,
    };

    digestTables = await tableDigester(t.database, BOOKKEEPING);

    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
            requestBody?: { content: Record<string, { schema: JsonSchema }> };
          }
        >
      >;
    };
    ops = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/'))
      .map((route) => {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[route.method.toLowerCase()];
        const params = op?.parameters ?? [];
        return {
          route,
          path,
          pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
          queryParams: params
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
          body: op?.requestBody?.content['application/json']?.schema,
          upload: UPLOAD.test(route.url) && route.method === 'POST',
        };
      })
      .sort((a, b) => tailRank(a.route) - tailRank(b.route));
  }, 300_000);
  afterAll(async () => t?.close());

  let digestMs = 0;
  /** Rows of every table but the audit log. */
  async function digest() {
    const t0 = Date.now();
    try {
      return await digestTables();
    } finally {
      digestMs += Date.now() - t0;
    }
  }

  const uploadArb = (): fc.Arbitrary<Upload> =>
    fc.record({
      field: fc.constantFrom('file', 'file', 'photo', ''),
      fileName: fc.oneof(
        fc.constantFrom('roster.xlsx', 'photo.png', 'roster.csv', 'photo.jpg', 'noext', ''),
        fc.constantFrom(...pathTricks.map((p) => `${p}.xlsx`), ...pathTricks),
        fc.constantFrom(...oddUnicode.map((u) => `${u}.png`)),
        fc.constantFrom(`${hugeText(600)}.csv`, 'a"b.csv', 'a;b=c.png', 'évidence 照片 (1).jpeg'),
      ),
      contentType: fc.constantFrom('application/octet-stream', 'image/png', 'text/csv', 'application/x-msdownload'),
      data: fc.oneof(
        fc.constantFrom(
          png,
          Buffer.alloc(0),
          Buffer.from("姓名,身份证号\r\n=cmd|' /C calc'!A0,110\r\n", 'utf8'),
          Buffer.from('PK\u0003\u0004garbage-not-a-zip'),
          Buffer.from('\u0089PNG\r\n\u001a\n-truncated'),
          Buffer.from([0xff, 0xd8, 0xff, 0x00]),
          Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBP'),
          Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 + 1)]),
          Buffer.from('\u0000'.repeat(100)),
        ),
        fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      ),
      multipart: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    });

  /** A formula-laden workbook: a real xlsx whose cells are injections (made once). */
  let formulaBook: Buffer;

  function caseArb(op: Operation): fc.Arbitrary<Case> {
    const params = fc.record(
      Object.fromEntries(
        op.pathParams.map((p) => [
          p.name,
          p.name === 'village' ? fc.constant(V) : (validArb(p.schema, p.name, ids) as fc.Arbitrary<string>),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const query = fc.record(
      Object.fromEntries(op.queryParams.map((p) => [p.name, validArb(p.schema, p.name, ids).map(String)])),
      { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) },
    ) as fc.Arbitrary<Record<string, string>>;
    const body = op.body ? validArb(op.body, 'body', ids) : fc.constant(undefined);
    const targets: ('none' | 'path' | 'query' | 'body' | 'upload')[] = ['none'];
    if (op.pathParams.length) targets.push('path', 'path');
    if (op.queryParams.length) targets.push('query', 'query');
    if (op.body) targets.push('body', 'body', 'body', 'body');
    if (op.upload) targets.push('upload', 'upload', 'upload');
    return fc
      .record({
        params,
        query,
        body,
        target: fc.constantFrom(...targets),
        pick: fc.nat(),
        text: hostileText(ids.foreign),
        raw: fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constantFrom(...RAW_PATH)),
        value: fc.oneof(hostileValue(ids.foreign), fc.constant(undefined)),
        twice: fc.boolean(),
        upload: op.upload ? fc.oneof(uploadArb(), fc.constant(undefined)) : fc.constant(undefined),
      })
      .map(({ params, query, body, target, pick, text, raw, value, twice, upload }): Case => {
        const c: Case = { params, query, body };
        if (op.upload)
          c.upload = upload ?? {
            field: 'file',
            fileName: 'x.xlsx',
            contentType: 'application/octet-stream',
            data: formulaBook,
            multipart: true,
          };
        if (target === 'path') {
          const p = op.pathParams[pick % op.pathParams.length];
          c.params = { ...params, [p.name]: raw ?? text };
          if (raw) c.raw = { [p.name]: raw };
          c.hostile = { where: 'path', at: p.name, value: raw ?? text, schema: p.schema };
        } else if (target === 'query') {
          const p = op.queryParams[pick % op.queryParams.length];
          c.query = { ...query, [p.name]: twice ? [text, text] : text };
          c.hostile = {
            where: 'query',
            at: p.name,
            value: twice ? [text, text] : text,
            schema: twice ? { type: 'array' } : p.schema,
          };
        } else if (target === 'body') {
          const places = placesIn(body);
          const at = places[pick % places.length];
          c.body = replaceAt(body, at, value);
          // A removed key is judged by the object that held it (was it required?).
          const judged = value === undefined && at.length ? at.slice(0, -1) : at;
          c.hostile = {
            where: 'body',
            at: at.join('.') || '(body)',
            value: valueAt(c.body, judged),
            schema: judged.length ? schemaAt(op.body, judged, body) : op.body,
          };
          if (judged.length && c.hostile.schema === undefined) c.hostile.schema = {}; // an unknown key: stripped
        } else if (target === 'upload') c.hostile = { where: 'upload', at: 'file', value: c.upload?.fileName };
        return c;
      });
  }

  function request(op: Operation, c: Case) {
    let url = op.route.url;
    for (const p of op.pathParams)
      url = url.replace(
        `:${p.name}`,
        c.raw?.[p.name] ?? encodeURIComponent((c.params[p.name] ?? '').replace(/\p{Cs}/gu, '\ufffd')),
      );
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(c.query))
      for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) qs.append(k, x);
    // The live stream ends at once, unless its lifetime is what is made hostile (and is refused).
    const lifetime = c.hostile?.at === 'lifetime' ? c.hostile.value : undefined;
    if (
      op.route.url.endsWith('/events') &&
      (lifetime === undefined || admits({ type: 'integer', minimum: 1 }, lifetime, true))
    )
      qs.set('lifetime', '0');
    const q = qs.toString();
    return q ? `${url}?${q}` : url;
  }

  async function send(op: Operation, c: Case, call: Call) {
    const headers: Record<string, string> = headersOf(call);
    const url = request(op, c);
    const method = op.route.method as 'GET';
    if (c.upload) {
      const u = c.upload;
      if (!u.multipart)
        return t.app.inject({ method, url, headers: { ...headers, 'content-type': u.contentType }, payload: u.data });
      const boundary = '----wanggefuzz';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${u.field}"; filename="${u.fileName}"\r\nContent-Type: ${u.contentType}\r\n\r\n`,
        ),
        u.data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method,
        url,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    }
    if (c.body === undefined) return t.app.inject({ method, url, headers });
    return t.app.inject({
      method,
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify(c.body),
    });
  }

  const foreignIn = (v: unknown): boolean =>
    typeof v === 'string' ? ids.foreign.includes(v) : Array.isArray(v) && v.some(foreignIn);

  /** What is wrong with the answer to one case (empty: nothing). */
  function judge(op: Operation, c: Case, who: Who, allowed: boolean, status: number, text: string, wrote: WriteFact[]) {
    const problems: string[] = [];
    let body: any = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* a file or an empty answer */
    }
    if (status >= 500) problems.push(`${status} ${text.slice(0, 200)}`);
    else if (status >= 400) {
      const e = body?.error;
      const shaped =
        body &&
        Object.keys(body).length === 1 &&
        typeof e?.code === 'string' &&
        typeof e.zh === 'string' &&
        CJK.test(e.zh) &&
        typeof e.en === 'string' &&
        e.en.length > 0 &&
        (e.code !== 'VALIDATION' || typeof e.field === 'string');
      if (!shaped) problems.push(`${status} not in the error shape: ${text.slice(0, 200)}`);
      const real = wrote.filter((f) => !BOOKKEEPING.test(f.table));
      if (real.length)
        problems.push(`refused (${status} ${e?.code}) but wrote ${real.map((f) => `${f.op} ${f.table}`).join(', ')}`);
    } else {
      if (!allowed) problems.push(`${status} to a denied caller (${who})`);
      const h = c.hostile;
      if (h && h.where !== 'upload' && !admits(h.schema, h.value, h.where !== 'body'))
        problems.push(`${status}: accepted ${h.where} ${h.at} its schema refuses`);
      // The caller's own routes (`self`) look rows up by the caller's account: ending a session that
      // is not one's own is a no-op 204, like any repeated DELETE.
      if (
        h &&
        op.route.policy !== 'self' &&
        foreignIn(h.value) &&
        (h.where === 'path' || ID_NAME.test(h.at.split('.').pop()!)) &&
        (isWrite(op.route.method) || h.where === 'path')
      )
        problems.push(`${status}: took another village's id in ${h.where} ${h.at}`);
      if (status < 300 && ids.foreign.some((id) => id.length > 10 && text.includes(id) && !foreignIn(h?.value)))
        problems.push(`${status}: answered another village's id`);
    }
    // A path parameter `.` or `..` makes the URL another route's, or none (the not-found handler).
    const noRoute = status === 404 && /^No route/.test(body?.error?.en ?? '');
    const early = (status >= 400 && status < 500 && BEFORE_GUARD.has(body?.error?.code)) || noRoute;
    if (
      !allowed &&
      status !== 401 &&
      status !== 403 &&
      !early &&
      !(status === 404 && c.params.village !== V) &&
      status < 500
    )
      problems.push(`${status} to a denied caller (${who}), want ${who === 'anonymous' ? 401 : 403}`);
    const hostile = c.hostile
      ? `${c.hostile.where} ${c.hostile.at}=${JSON.stringify(c.hostile.value)?.slice(0, 80)}`
      : 'no hostile value';
    return problems.map((p) => `${who} ${op.route.method} ${op.route.url} [${hostile}]: ${p}`);
  }

  it('answers every case below 500, refusals in the error shape, and a refused request writes nothing', async () => {
    formulaBook = await writeXlsx([
      {
        name: 'Sheet1',
        columns: [
          { header: '姓名', width: 10 },
          { header: '身份证号', width: 20 },
        ],
        rows: [
          ['=1+1', '@SUM(A1)'],
          ['+1', '-1'],
        ],
      },
    ]);
    const failures: string[] = [];
    const counts = { cases: 0, refused: 0, accepted: 0 };
    const started = Date.now();
    for (const op of ops) {
      const { allowed, denied } = callersOf(op.route);
      const before = isWrite(op.route.method) ? await digest() : null;
      let anyAccepted = false;
      for (const who of [allowed, denied].filter((w): w is Who => !!w)) {
        const cases = fc.sample(caseArb(op), {
          seed: SEED ^ hash32(`${op.route.method} ${op.route.url} ${who}`),
          numRuns: RUNS,
        });
        for (const c of cases) {
          const call =
            ENDS_SESSION.test(op.route.url) && who !== 'anonymous'
              ? await signedIn(t.app, t.logins.find((l) => l.role === 'villager')!.login)
              : clients.get(who)!;
          facts.length = 0;
          const res = await send(op, c, call);
          const wrote = [...facts];
          counts.cases++;
          if (res.statusCode >= 400) counts.refused++;
          else {
            counts.accepted++;
            anyAccepted = true;
          }
          failures.push(...judge(op, c, who, who === allowed, res.statusCode, res.body, wrote));
        }
      }
      if (before && !anyAccepted && !ENDS_SESSION.test(op.route.url)) {
        const changed = changedTables(before, await digest());
        if (changed.length)
          failures.push(
            `${op.route.method} ${op.route.url}: every case was refused, yet ${changed.join(', ')} changed`,
          );
      }
    }
    console.log(
      `fuzz: ${ops.length} routes, ${counts.cases} cases (${counts.refused} refused, ${counts.accepted} accepted), seed ${SEED}, ${RUNS} runs, ${((Date.now() - started) / 1000).toFixed(1)} s (digests ${(digestMs / 1000).toFixed(1)} s)`,
    );
    expect(failures).toEqual([]);
  }, 900_000);

  it('has a digest that sees one changed cell, and a write report that sees one update', async () => {
    const before = await digest();
    const h = await t.ctx.db.selectFrom('households').select(['id', 'address']).limit(1).executeTakeFirstOrThrow();
    facts.length = 0;
    await t.ctx.db
      .updateTable('households')
      .set({ address: `${h.address}.` })
      .where('id', '=', h.id)
      .execute();
    expect(facts.map((f) => `${f.op} ${f.table}`)).toEqual(['update households']);
    expect(changedTables(before, await digest())).toEqual(['households']);
    await t.ctx.db.updateTable('households').set({ address: h.address }).where('id', '=', h.id).execute();
    expect(changedTables(before, await digest())).toEqual([]);
  });
});
