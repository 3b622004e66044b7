import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { UserError } from '../errors.ts';
import { stylesDir } from '../paths.ts';
import { pressBlack } from './black.ts';
import { LOAD_OPTIONS, SAVE_OPTIONS } from './pdf-options.ts';

const run = promisify(execFile);

/** Ghostscript: PAIBAN_GHOSTSCRIPT, else `gs` on the PATH. */
export function findGhostscript(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env['PAIBAN_GHOSTSCRIPT'] ? [env['PAIBAN_GHOSTSCRIPT']] : (env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'gs'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new UserError('--pdfx needs Ghostscript, which is not installed (Debian/Ubuntu: `sudo apt-get install ghostscript`, or set PAIBAN_GHOSTSCRIPT)');
}

/**
 * The press condition `--pdfx` targets: Coated FOGRA39 (ISO 12647-2:2004,
 * offset on coated paper), registered with the ICC, with paiban's profile
 * built from the FOGRA39L data (styles/press/README.md says how and why).
 */
export const PRESS_CONDITION = {
  identifier: 'FOGRA39',
  condition: 'Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)',
  info: 'Coated FOGRA39 (ISO 12647-2:2004)',
  profile: path.join(stylesDir, 'press', 'FOGRA39L-paiban.icc'),
};

/** Where Debian's ghostscript keeps its PDF/X definition. */
function ghostscriptResources(): { definition: string; profile: string } {
  const root = '/usr/share/ghostscript';
  const versions = (() => {
    try {
      return readdirSync(root).sort().reverse();
    } catch {
      return [];
    }
  })();
  const definition = versions.map((v) => path.join(root, v, 'lib', 'PDFX_def.ps')).find(exists);
  if (!definition) throw new UserError("--pdfx: Ghostscript's PDFX_def.ps was not found");
  return { definition, profile: PRESS_CONDITION.profile };
}

/** A PostScript string's body: backslashes and parentheses escaped. */
function psString(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

function exists(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Convert a print PDF to CMYK PDF/X-3 with Ghostscript, using its own
 * PDF/X definition with Coated FOGRA39 (PRESS_CONDITION) as the output
 * intent and the conversion's target. The boxes are kept and fonts stay embedded; the caller resets
 * the clock-derived /ID and dates.
 */
export async function convertToPdfx(gs: string, pdf: Uint8Array, title: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paiban-pdfx-'));
  try {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    const definition = path.join(dir, 'PDFX_def.ps');
    const resources = ghostscriptResources();
    const template = await readFile(resources.definition, 'latin1');
    await writeFile(
      definition,
      template
        .replace(/\/ICCProfile \([^)]*\) def/, `/ICCProfile (${psString(resources.profile)}) def`)
        .replace(/\/OutputCondition \([^)]*\)/, `/OutputCondition (${psString(PRESS_CONDITION.condition)})`)
        .replace(/\/Info \([^)]*\)/, `/Info (${psString(PRESS_CONDITION.info)})`)
        .replace(/\/OutputConditionIdentifier \([^)]*\)/, `/OutputConditionIdentifier (${PRESS_CONDITION.identifier})`),
      'latin1',
    );
    // Black text, rules and folios on the K plate alone (black.ts).
    const doc = await PDFDocument.load(pdf, LOAD_OPTIONS);
    pressBlack(doc);
    await writeFile(input, await doc.save(SAVE_OPTIONS));
    await run(gs, [
      '-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dNOOUTERSAVE',
      `--permit-file-read=${resources.profile}`,
      '-sDEVICE=pdfwrite', '-dPDFX', '-dCompatibilityLevel=1.4',
      '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK',
      // Convert to the condition the output intent names, not Ghostscript's default CMYK.
      `-sOutputICCProfile=${resources.profile}`,
      '-dEmbedAllFonts=true', '-dSubsetFonts=true',
      `-sOutputFile=${output}`, definition, input,
    ], { timeout: 300_000 });
    return await readFile(output);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Ghostscript could not convert "${title}" to PDF/X: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
