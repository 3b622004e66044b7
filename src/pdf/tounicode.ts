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

/**
 * A CMap as PDF writers emit it (Chromium: thousands of bfchar entries for a
 * CJK subset): read with a few string operations per entry, no Buffer or
 * regular expression per code. Anything irregular (an odd number of hex
 * digits, a code wider than 6 bytes, a range whose ends differ in width)
 * goes to the general reader, which treats (or rejects) it as before.
 */
export function parseToUnicode(cmap: string): ToUnicode {
  return parseRegular(cmap) ?? parseGeneral(cmap);
}

/** The hex digits of a captured `<…>` (hex digits and white space). */
function digitsOf(hex: string): string {
  let digits = '';
  for (let i = 0; i < hex.length; i++) {
    const code = hex.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)) digits += hex[i];
  }
  return digits;
}

/** Hex digits (an even number) as latin1 characters, one per byte. */
function bytesOf(digits: string): string {
  let bytes = '';
  for (let i = 0; i < digits.length; i += 2) bytes += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
  return bytes;
}

/** Hex digits (a multiple of 4) as UTF-16BE code units. */
function unitsOf(digits: string): number[] {
  const units: number[] = [];
  for (let i = 0; i < digits.length; i += 4) units.push(parseInt(digits.slice(i, i + 4), 16));
  return units;
}

const text = (units: readonly number[]) => String.fromCharCode(...units);

function parseRegular(cmap: string): ToUnicode | undefined {
  const map = new Map<string, string>();
  const lengths = new Set<number>();
  for (const block of cmap.matchAll(/begincodespacerange([\s\S]*?)endcodespacerange/g)) {
    for (const [, lo] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<[0-9A-Fa-f\s]+>/g)) {
      const digits = digitsOf(lo!);
      if (digits.length % 2) return undefined;
      lengths.add(digits.length / 2);
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]*)>/g)) {
      const from = digitsOf(src!);
      const to = digitsOf(dst!);
      if (from.length % 2 || to.length % 4) return undefined;
      map.set(bytesOf(from), text(unitsOf(to)));
      lengths.add(from.length / 2);
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])/g)) {
      const low = digitsOf(lo!);
      const high = digitsOf(hi!);
      const width = low.length / 2;
      if (low.length % 2 || high.length !== low.length || width < 1 || width > 6) return undefined;
      lengths.add(width);
      const from = parseInt(low, 16);
      const to = parseInt(high, 16);
      if (to - from > 0xffff) continue;
      let targets: string[] | undefined;
      let base: number[] | undefined;
      if (rest!.startsWith('[')) {
        targets = [];
        for (const m of rest!.matchAll(/<([0-9A-Fa-f\s]*)>/g)) {
          const digits = digitsOf(m[1]!);
          if (digits.length % 4) return undefined;
          targets.push(text(unitsOf(digits)));
        }
      } else {
        const digits = digitsOf(rest!.slice(1, -1));
        if (digits.length % 2) return undefined;
        // Fewer than 2 bytes: no text (as the general reader).
        if (digits.length >= 4) {
          if (digits.length % 4) return undefined;
          base = unitsOf(digits);
        }
      }
      for (let code = from; code <= to; code++) {
        let key = '';
        for (let shift = width - 1; shift >= 0; shift--) key += String.fromCharCode(Math.floor(code / 2 ** (8 * shift)) % 256);
        let value: string | undefined;
        if (targets) value = targets[code - from];
        else if (base) {
          // The last code unit counts up through the range.
          const units = base.slice();
          units[units.length - 1] = (units[units.length - 1]! + code - from) & 0xffff;
          value = text(units);
        }
        if (value !== undefined) map.set(key, value);
      }
    }
  }
  return reader(map, lengths);
}

function parseGeneral(cmap: string): ToUnicode {
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
  return reader(map, lengths);
}

/** Decoding by the map: the longest code width that has an entry, else the shortest, per code. */
function reader(map: ReadonlyMap<string, string>, lengths: ReadonlySet<number>): ToUnicode {
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
