/**
 * Manual measurement, not a test: writes then stream-reads a large CSV and XLSX and prints rows/s and
 * peak RSS.  Run: npx tsx scripts/bench/files-io.ts [csvRows=1000000] [xlsxRows=100000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTable, type TableFormat } from '../../src/files/read-table.ts';
import { createTableWriter } from '../../src/files/write-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuangsui-measure-'));
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const headers = ['统一社会信用代码', '单位名称', '行业类别', '所在区县', '详细地址', '法定代表人', '联系电话', '是否重点排污单位', '登记日期', '备注'];
const row = (i: number) => [`91370402MA${String(i).padStart(8, '0')}`, `枣庄市示例环保科技有限公司第${i}分公司`, '化学原料和化学制品制造业', '市中区', `山东省枣庄市市中区光明路${i % 997}号，"东院"`, '张三', `1386320${String(i % 10000).padStart(4, '0')}`, i % 3 ? '否' : '是', '2024-03-05', i % 50 ? '' : '多行\n备注'];

async function measure(format: TableFormat, rows: number): Promise<void> {
  const path = join(dir, `big.${format}`);
  peak = 0;
  let t = performance.now();
  const w = await createTableWriter(path, format, headers);
  for (let i = 1; i <= rows; i++) await w.write(row(i));
  await w.close();
  const writeS = (performance.now() - t) / 1000;
  console.log(`${format} write: ${rows} rows, ${mb(statSync(path).size)}, ${writeS.toFixed(1)} s (${Math.round(rows / writeS)} rows/s), peak RSS ${mb(peak)}`);
  peak = 0;
  t = performance.now();
  const table = await openTable(path);
  let n = 0;
  for await (const r of table.rows) if (r.cells.length > 0) n++;
  const readS = (performance.now() - t) / 1000;
  console.log(`${format} read:  ${n} rows, ${readS.toFixed(1)} s (${Math.round(n / readS)} rows/s), peak RSS ${mb(peak)}`);
}

try {
  await measure('csv', Number(process.argv[2] ?? 1_000_000));
  await measure('xlsx', Number(process.argv[3] ?? 100_000));
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
