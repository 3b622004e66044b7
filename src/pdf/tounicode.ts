/**
 * A font's ToUnicode CMap (ISO 32000-1 §9.10.3): which text each character
 * code stands for. Enough of the CMap syntax for what PDF writers emit:
 * codespace ranges, bfchar and bfrange (with a start value or an array).
 */
export interface ToUnicode {
  /** The text of the codes in `bytes` (latin1 characters, one per byte); unknown codes give U+FFFD. */
  decode(bytes: string): string;
}

const hexToBytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const utf16 = (hex: string) => hexToBytes(hex).swap16().toString('utf16le');

export function parseToUnicode(cmap: string): ToUnicode {
  const map = new Map<string, string>();
  const lengths = new Set<number>();
  for (const block of cmap.matchAll(/begincodespacerange([\s\S]*?)endcodespacerange/g)) {
    for (const [, lo] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<[0-9A-Fa-f\s]+>/g)) lengths.add(hexToBytes(lo!).length);
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]*)>/g)) {
      map.set(hexToBytes(src!).toString('latin1'), utf16(dst!));
      lengths.add(hexToBytes(src!).length);
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])/g)) {
      const low = hexToBytes(lo!);
      const width = low.length;
      lengths.add(width);
      const from = low.readUIntBE(0, width);
      const to = hexToBytes(hi!).readUIntBE(0, width);
      if (to - from > 0xffff) continue;
      const targets = rest!.startsWith('[') ? [...rest!.matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((m) => utf16(m[1]!)) : undefined;
      const base = targets ? undefined : hexToBytes(rest!.slice(1, -1));
      for (let code = from; code <= to; code++) {
        const key = Buffer.alloc(width);
        key.writeUIntBE(code, 0, width);
        let text: string | undefined;
        if (targets) text = targets[code - from];
        else if (base && base.length >= 2) {
          // The last byte pair counts up through the range.
          const value = Buffer.from(base);
          value.writeUInt16BE((value.readUInt16BE(value.length - 2) + code - from) & 0xffff, value.length - 2);
          text = value.swap16().toString('utf16le');
        }
        if (text !== undefined) map.set(key.toString('latin1'), text);
      }
    }
  }
  const widths = [...lengths].sort((a, b) => b - a);
  if (!widths.length) widths.push(1);
  return {
    decode(bytes: string): string {
      let out = '';
      for (let i = 0; i < bytes.length; ) {
        const width = widths.find((w) => map.has(bytes.slice(i, i + w))) ?? widths.at(-1)!;
        out += map.get(bytes.slice(i, i + width)) ?? '\ufffd';
        i += width;
      }
      return out;
    },
  };
}
