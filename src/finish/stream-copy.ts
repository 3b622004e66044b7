import { PDFStream } from 'pdf-lib';

/**
 * pdf-lib writes a stream's contents into the output one byte at a time in
 * a JavaScript loop (PDFStream.copyBytesInto). A book's PDF is mostly
 * stream bytes (fonts, pages): ~0.3 s of a 100-page book's save went there,
 * run in the interpreter until V8 replaces the loop. The same bytes are
 * written here with one copy (TypedArray.set); everything around them is
 * pdf-lib's own, so the output cannot change.
 */
const NEWLINE_STREAM_NEWLINE = Uint8Array.from(Buffer.from('\nstream\n', 'latin1'));
const NEWLINE_ENDSTREAM = Uint8Array.from(Buffer.from('\nendstream', 'latin1'));

PDFStream.prototype.copyBytesInto = function copyBytesInto(this: PDFStream, buffer: Uint8Array, offset: number): number {
  this.updateDict();
  const initialOffset = offset;
  offset += this.dict.copyBytesInto(buffer, offset);
  buffer.set(NEWLINE_STREAM_NEWLINE, offset);
  offset += NEWLINE_STREAM_NEWLINE.length;
  const contents = this.getContents();
  buffer.set(contents, offset);
  offset += contents.length;
  buffer.set(NEWLINE_ENDSTREAM, offset);
  offset += NEWLINE_ENDSTREAM.length;
  return offset - initialOffset;
};
