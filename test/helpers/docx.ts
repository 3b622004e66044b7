import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { makePng } from './png.ts';

/**
 * A Word file of our own writing with what an official document uses: a
 * Title, Word heading styles, plain paragraphs numbered 一、 and （一）, bold,
 * a bulleted list, a table with a cell spanning two rows and one spanning
 * two columns, a footnote and a PNG with alt text. Built with the docx
 * package; its content (not its zip timestamps) is the same every time.
 */
export async function makeReportDocx(): Promise<Buffer> {
  const cell = (text: string, extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) =>
    new TableCell({ children: [new Paragraph(text)], width: { size: 2000, type: WidthType.DXA }, ...extra });
  const document = new Document({
    creator: 'paiban test',
    footnotes: { 1: { children: [new Paragraph('数据来源：某某市统计局年度公报。')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: '某某市数字政务建设方案', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          new Paragraph({ text: '工作背景', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun({ text: '总体平稳。', bold: true }), new TextRun('近年来，全市政务服务事项网上可办率稳步提升，群众办事更加便利。')] }),
          new Paragraph('一、基本原则'),
          new Paragraph('（一）统筹推进'),
          new Paragraph({ children: [new TextRun('坚持全市一盘棋，统一规划、统一标准'), new FootnoteReferenceRun(1), new TextRun('，避免重复建设。')] }),
          new Paragraph({ text: '数据共享', bullet: { level: 0 } }),
          new Paragraph({ text: '业务协同', bullet: { level: 0 } }),
          new Paragraph({ text: '推进情况', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              new TableRow({ children: [cell('地区'), cell('指标', { columnSpan: 2 })] }),
              new TableRow({ children: [cell('东区', { verticalMerge: VerticalMergeType.RESTART }), cell('事项数'), cell('120')] }),
              new TableRow({ children: [cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('可办率'), cell('95%')] }),
            ],
          }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: makePng(8, 4), transformation: { width: 80, height: 40 }, altText: { name: 'map', title: '区位图', description: '某某市区位示意图' } })],
          }),
          new Paragraph('二、保障措施'),
          new Paragraph('各部门要加强协作，按期完成各项任务。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
