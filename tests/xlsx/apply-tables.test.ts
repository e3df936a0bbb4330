import { strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addTables, tableColumnNames } from '../../src/xlsx/apply-tables.js';

describe('tableColumnNames', () => {
  it('names empty and repeated headers Column<n>, as excelize AddTable does (repeats ignore case)', () => {
    expect(tableColumnNames(['Channel', '', 'channel', 'Spend'])).toEqual(['Channel', 'Column2', 'Column3', 'Spend']);
  });
});

describe('addTables', () => {
  const sheet =
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetData/><conditionalFormatting sqref="B2:B3"><cfRule type="dataBar" priority="1"><dataBar/><extLst><ext uri="x"/></extLst></cfRule></conditionalFormatting>' +
    '<drawing r:id="rId1"/><extLst><ext uri="y"/></extLst></worksheet>';
  const files = () => ({
    '[Content_Types].xml': strToU8(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
    ),
    'xl/worksheets/sheet2.xml': strToU8(sheet),
    'xl/worksheets/_rels/sheet2.xml.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t" Target="../drawings/drawing1.xml"/></Relationships>',
    ),
    // The user's table: part 3, id 7.
    'xl/tables/table3.xml': strToU8('<table xmlns="x" id="7" name="UserTable" displayName="UserTable" ref="A1:B2"/>'),
  });

  it('adds the parts after the workbook’s own, with their relationships, content types and <tableParts>', () => {
    const f: Record<string, Uint8Array> = files();
    addTables(
      f,
      new Map([
        [
          'xl/worksheets/sheet2.xml',
          [
            { name: 'LB_a', ref: 'A5:B7', style: 'TableStyleMedium2', showRowStripes: true, columns: ['R&D', 'Spend'] },
            { name: 'LB_b', ref: 'D5:D6', style: 'TableStyleLight9', showRowStripes: false, columns: ['x'] },
          ],
        ],
      ]),
    );
    const a = strFromU8(f['xl/tables/table4.xml']);
    expect(a).toMatch(/<table [^>]*id="8" name="LB_a" displayName="LB_a" ref="A5:B7">/);
    expect(a).toContain(
      '<tableColumns count="2"><tableColumn id="1" name="R&amp;D"/><tableColumn id="2" name="Spend"/>',
    );
    expect(a).toContain(
      '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1"',
    );
    expect(strFromU8(f['xl/tables/table5.xml'])).toMatch(/id="9" name="LB_b"[\s\S]*showRowStripes="0"/);
    const rels = strFromU8(f['xl/worksheets/_rels/sheet2.xml.rels']);
    expect(rels).toContain(
      'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table4.xml"',
    );
    expect(rels).toContain('Id="rId3"');
    const types = strFromU8(f['[Content_Types].xml']);
    expect(types).toContain(
      '<Override PartName="/xl/tables/table5.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>',
    );
    // CT_Worksheet: tableParts after drawing, before the sheet's own extLst (not the one inside the rule).
    expect(strFromU8(f['xl/worksheets/sheet2.xml'])).toContain(
      '<drawing r:id="rId1"/><tableParts count="2"><tablePart r:id="rId2"/><tablePart r:id="rId3"/></tableParts><extLst><ext uri="y"/>',
    );
  });

  it('adds to a <tableParts> excelize wrote and makes the sheet its relationships part when it has none', () => {
    const f: Record<string, Uint8Array> = files();
    f['xl/worksheets/sheet2.xml'] = strToU8(
      sheet.replace('<extLst><ext uri="y"/></extLst>', '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'),
    );
    f['xl/worksheets/sheet3.xml'] = strToU8('<worksheet xmlns="m"><sheetData/></worksheet>');
    const t = { name: 'T', ref: 'A1:A2', style: 'TableStyleMedium2', showRowStripes: true, columns: ['a'] };
    addTables(
      f,
      new Map([
        ['xl/worksheets/sheet2.xml', [t]],
        ['xl/worksheets/sheet3.xml', [{ ...t, name: 'U' }]],
      ]),
    );
    expect(strFromU8(f['xl/worksheets/sheet2.xml'])).toContain(
      '<tableParts count="2"><tablePart r:id="rId1"/><tablePart r:id="rId2"/></tableParts>',
    );
    const three = strFromU8(f['xl/worksheets/sheet3.xml']);
    expect(three).toContain('xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');
    expect(three).toMatch(/<sheetData\/><tableParts count="1"><tablePart r:id="rId1"\/><\/tableParts><\/worksheet>$/);
    expect(strFromU8(f['xl/worksheets/_rels/sheet3.xml.rels'])).toContain('Target="../tables/table5.xml"');
  });
});
