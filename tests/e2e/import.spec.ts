import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { api, getJson, idNumber, shot } from './helpers';

const header = '户号,地址,户类型,网格,姓名,性别,身份证号,出生日期,与户主关系,联系电话,居住状态,标签';

test('import: a dry run lists the planted problems by row; a clean file imports and shows counts', async ({
  page,
}, info) => {
  const { items } = await getJson<{ items: { number: string; kind: string }[] }>(
    page.request,
    api('/households?kind=household&page=3&pageSize=1'),
  );
  const hh = items[0].number;
  const seq = Date.now() % 1000;
  const okId = (n: number) => idNumber('2012-03-14', (seq + n) % 1000);
  const badCheck = (() => {
    const id = okId(1);
    return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  })();

  const bad = testFile(info.outputPath('bad.csv'), [
    header,
    `${hh},,,,测试甲,,${badCheck},,子女,,常住,`, // row 2: check digit
    `${hh},,,,测试乙,,${okId(2)},,子女,12345,常住,`, // row 3: phone
    `${hh},,,,,,${okId(3)},,子女,,常住,`, // row 4: no name
    `${hh},,,,测试丙,,${okId(4)},,邻居,,常住,`, // row 5: unknown relation
  ]);
  await page.goto('/console/import');
  await shot(page, info, 'import');
  await page.locator('input[type=file]').setInputFiles(bad);
  await page.getByTestId('dry-run').click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toBeVisible();
  for (const [row, code] of [
    [2, 'ID_CHECK_DIGIT'],
    [3, 'PHONE_FORMAT'],
    [4, 'MISSING_NAME'],
    [5, 'UNKNOWN_VALUE'],
  ] as const) {
    await expect(problems.locator('tbody tr').filter({ hasText: code }).first().locator('td').first()).toHaveText(
      String(row),
    );
  }
  await expect(problems).toContainText('身份证号校验位不正确');
  await expect(page.getByTestId('run-import')).toBeDisabled();
  await shot(page, info, 'import-problems');

  // A clean file: one new child in an existing household.
  const name = `测${info.project.name === 'phone' ? '机' : '桌'}${String.fromCharCode(0x4e00 + (seq % 500))}`;
  const good = testFile(info.outputPath('good.csv'), [header, `${hh},,,,${name},,${okId(5)},,子女,13800138000,常住,`]);
  await page.locator('input[type=file]').setInputFiles(good);
  await expect(page.getByTestId('import-problems')).toHaveCount(0);
  await page.getByTestId('dry-run').click();
  await expect(page.getByTestId('dry-run-ok')).toBeVisible();
  await expect(page.getByTestId('residents-counts')).toContainText('新增 1');
  await expect(page.getByTestId('run-import')).toBeEnabled();
  await page.getByTestId('run-import').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  await expect(page.getByTestId('residents-counts')).toContainText('新增 1');
  await shot(page, info, 'import-done');

  const found = await getJson<{ items: { name: string; householdNumber: string }[] }>(
    page.request,
    api(`/residents?q=${encodeURIComponent(name)}`),
  );
  expect(found.items.some((r) => r.name === name && r.householdNumber === hh)).toBeTruthy();
});

function testFile(path: string, lines: string[]): string {
  fs.writeFileSync(path, lines.join('\r\n') + '\r\n', 'utf8');
  return path;
}
