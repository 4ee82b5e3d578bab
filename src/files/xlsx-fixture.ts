/**
 * Test helper: builds .xlsx files by hand, byte for byte, to reproduce what Excel and WPS write and
 * exceljs never does (sharedStrings.xml after the worksheets, the locale date format id 31, raw
 * 18-digit numbers, cached formula results, a first tab that is not sheet1.xml).
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** A zip archive with the entries in the given order (deflated, like Excel's). */
export function zip(entries: [name: string, content: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A workbook as Excel lays it out: tabs 「数据」 (sheet2.xml) then 「其他」 (sheet1.xml); shared strings last. */
export function excelStyleWorkbook(): Buffer {
  const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS} ${REL_NS}><sheetData>${rows}</sheetData></worksheet>`;
  const data = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" s="1"><v>45356</v></c><c r="C2"><v>370402199001011234</v></c><c r="D2"><v>0.30000000000000004</v></c><c r="E2" t="b"><v>1</v></c><c r="F2"><f>1+1</f><v>2</v></c></row>' +
    '<row r="4"><c r="A4" t="inlineStr"><is><t>青山</t></is></c><c r="B4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="C4"><v>123456789012345</v></c><c r="D4"><v>1E-7</v></c><c r="E4" t="e"><v>#N/A</v></c><c r="H4" s="1"/></row>' +
    '<row r="5"><c r="A5" s="1"/></row>' +
    '<row r="6"><c r="A6" t="s"><v>7</v></c><c r="B6" s="1"><f>B2+1</f><v>45357</v></c></row>',
  );
  const other = sheet('<row r="1"><c r="A1" t="s"><v>8</v></c></row>');
  const strings = ['名称', '日期', '代码', '金额', '启用', '公式', null, '乙', '不应读取'];
  const si = strings.map((s) => (s === null ? '<si><r><t>绿</t></r><r><rPr><b/></rPr><t>水</t></r></si>' : `<si><t>${s}</t></si>`)).join('');
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS} ${REL_NS}><sheets><sheet name="数据" sheetId="2" r:id="rId2"/><sheet name="其他" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', other],
    ['xl/worksheets/sheet2.xml', data],
    ['xl/styles.xml', `<?xml version="1.0"?><styleSheet ${NS}><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS} count="${strings.length}" uniqueCount="${strings.length}">${si}</sst>`],
  ]);
}
