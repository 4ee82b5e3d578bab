/**
 * A one-line progress display on stderr for long CLI commands (only when stderr is a terminal;
 * otherwise a line every 10 %, so CI logs stay short).
 */
const PHASE: Record<string, string> = { validate: '校验', write: '写入', done: '完成' };

/** Returns a callback that renders {phase, processed, totalRows}. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  let lastPhase = '';
  return (p: { phase: string; processed: number; totalRows: number }) => {
    const label = PHASE[p.phase] ?? p.phase;
    const pct = p.phase === 'write' && p.totalRows > 0 ? Math.min(100, Math.floor((p.processed / p.totalRows) * 100)) : null;
    if (stream.isTTY) {
      const bar = pct === null ? '' : `[${'#'.repeat(pct / 4).padEnd(25, ' ')}] ${pct}% `;
      stream.write(`\r${label} ${bar}${p.processed.toLocaleString('zh-CN')}${p.totalRows && p.phase === 'write' ? '/' + p.totalRows.toLocaleString('zh-CN') : ''} 行   `);
      if (p.phase === 'done') stream.write('\n');
    } else {
      const decile = pct === null ? -1 : Math.floor(pct / 10);
      if (p.phase !== lastPhase || decile > lastDecile) {
        stream.write(`${label}：${p.processed} 行${pct === null ? '' : `（${pct}%）`}\n`);
        lastDecile = decile;
        lastPhase = p.phase;
      }
    }
  };
}
