/**
 * Conversion between directory records and the edit form. The form holds what the widgets need
 * (lines as one string, empty as null); the API gets typed values back (lines as string[]).
 */
import type { FieldSpec } from '../../api.ts';

export type FormModel = Record<string, unknown>;

/** Form values for a record, or the empty values of a new one. */
export function toForm(fields: readonly FieldSpec[], record?: Record<string, unknown>): FormModel {
  const model: FormModel = {};
  for (const f of fields) {
    const v = record?.[f.key];
    if (f.type === 'lines') model[f.key] = Array.isArray(v) ? v.join('\n') : '';
    else if (f.type === 'list') model[f.key] = Array.isArray(v) ? [...v] : [];
    else if (f.type === 'bool') model[f.key] = v === true;
    else model[f.key] = v ?? null;
  }
  return model;
}

/** API values from the form: text trimmed, blanks as null, lines split one entry per line. */
export function fromForm(fields: readonly FieldSpec[], model: FormModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = model[f.key];
    switch (f.type) {
      case 'lines':
        out[f.key] = String(v ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
        break;
      case 'list':
        out[f.key] = Array.isArray(v) ? v.map((s) => String(s).trim()).filter(Boolean) : [];
        break;
      case 'bool':
        out[f.key] = v === true;
        break;
      case 'int':
        out[f.key] = typeof v === 'number' ? v : null;
        break;
      default:
        out[f.key] = typeof v === 'string' ? v.trim() || null : (v ?? null);
    }
  }
  return out;
}

/** Only the fields whose value differs from the record, so history shows what the user changed. */
export function changedFields(fields: readonly FieldSpec[], model: FormModel, record: Record<string, unknown>): Record<string, unknown> {
  const now = fromForm(fields, model);
  const before = fromForm(fields, toForm(fields, record));
  return Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
}
