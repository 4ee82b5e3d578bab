/**
 * A strict well-formedness check of an XML document (for the Atom feed test): one root element,
 * properly nested and closed tags, quoted attributes, only the five predefined or numeric entity
 * references, no forbidden control characters. Returns the element names seen (root first).
 */
export function checkWellFormedXml(text: string): string[] {
  let s = text.replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, '');
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) throw new Error('forbidden control character');
  const stack: string[] = [];
  const seen: string[] = [];
  let roots = 0;
  const name = /^[A-Za-z_][\w.:-]*/;
  while (s.length) {
    const lt = s.indexOf('<');
    const textPart = lt < 0 ? s : s.slice(0, lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(textPart)) throw new Error(`bad entity near ${textPart.slice(0, 40)}`);
    if (textPart.includes('>') && !stack.length) throw new Error('text outside the root');
    if (textPart.trim() && !stack.length) throw new Error('text outside the root');
    if (lt < 0) break;
    s = s.slice(lt);
    if (s.startsWith('<!--')) { const e = s.indexOf('-->'); if (e < 0) throw new Error('open comment'); s = s.slice(e + 3); continue; }
    const gt = s.indexOf('>');
    if (gt < 0) throw new Error('unclosed tag');
    const tag = s.slice(1, gt);
    s = s.slice(gt + 1);
    if (tag.startsWith('/')) {
      const n = tag.slice(1).trim();
      if (stack.pop() !== n) throw new Error(`mismatched </${n}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = name.exec(body);
    if (!m) throw new Error(`bad tag <${tag}>`);
    const attrs = body.slice(m[0].length);
    if (!/^(\s+[A-Za-z_][\w.:-]*\s*=\s*("[^"<]*"|'[^'<]*'))*\s*$/.test(attrs)) throw new Error(`bad attributes in <${tag}>`);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(attrs)) throw new Error(`bad entity in <${tag}>`);
    if (!stack.length) { roots++; if (roots > 1) throw new Error('two root elements'); }
    seen.push(m[0]);
    if (!selfClosing) stack.push(m[0]);
  }
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) throw new Error('no root element');
  return seen;
}
